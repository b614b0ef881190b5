/**
 * Accessibility of every view, as a store reviewer or a screen-reader user meets them: axe-core finds no violation
 * in any popup view, the options page or the side panel's conversation (each state), in light and in dark; and everything can be
 * done with the keyboard alone, with focus always visible and never dropped to the page's body.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { useEngineSetup } from '../support/engine-setup';
import { artifactPath, routePage } from '../support/harness';
import { png } from '../support/images';
import { openPopup, openSite } from '../support/popup';
import { askAboutImage } from '../support/side-panel';
import { axeBothSchemes } from './axe';

const SMOLVLM_URL = 'https://huggingface.co/HuggingFaceTB/SmolVLM-Instruct';
const VERCEL_URL = 'https://vercel.com/ai-gateway';
const UNKNOWN_URL = 'https://example.org/';
const PANEL_URL = 'https://example.org/gallery';

const inline = (bytes: Buffer) => `data:image/png;base64,${bytes.toString('base64')}`;
const BLUE = inline(png(120, 90, [20, 40, 240, 255]));
const RED = inline(png(120, 90, [230, 20, 30, 255]));
/** A PNG signature and nothing else: intake can't decode it, so the panel shows an error. */
const BROKEN = 'data:image/png;base64,iVBORw0KGgoAAAAA';

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><title>${title}</title></head><body><main>${body}</main></body></html>`;
const GALLERY = page(
  'Model card',
  `<h1>Model card</h1><img src="${BLUE}" width="240" height="180" alt="a blue chart">
<img src="${RED}" width="240" height="180" alt="a red chart">`,
);

const setup = useEngineSetup({ pagePath: null, settings: { backend: 'wasm' } });

async function popupFor(url: string): Promise<Page> {
  const site = setup.ext.context.pages().find((p) => p.url() === url) ?? (await openSite(setup.ext, url));
  const popup = await openPopup(setup.ext, site, 600);
  await popup.locator('h1').first().waitFor();
  return popup;
}

/** "Ask about this image" on `srcUrl` in `site`: the tab's side panel, sized as the browser shows it. */
async function askAbout(site: Page, srcUrl: string): Promise<Page> {
  const side = await askAboutImage(setup.ext, site, srcUrl);
  await side.setViewportSize({ width: 360, height: 700 });
  return side;
}

/** Asserts axe finds nothing, light and dark, naming each finding when it does. */
async function expectAccessible(target: Page, view: string, include?: string[]): Promise<void> {
  const findings = await axeBothSchemes(target, include);
  expect(findings, `axe findings in ${view}`).toEqual([]);
}

beforeAll(async () => {
  await routePage(setup.ext.context, SMOLVLM_URL, GALLERY);
  await routePage(setup.ext.context, VERCEL_URL, GALLERY);
  await routePage(setup.ext.context, UNKNOWN_URL, page('Example', '<h1>Example</h1>'));
  await routePage(
    setup.ext.context,
    PANEL_URL,
    page(
      'Gallery',
      `<h1>Gallery</h1><button id="before">Focus me</button><img src="${RED}" alt="red" width="120">`,
    ),
  );
});

describe('axe-core finds no violations, light and dark', () => {
  test('side panel: consent, download progress, answer and error', async () => {
    // First in this file: the model isn't downloaded yet, so consent and the download's progress both show.
    const site = await openSite(setup.ext, PANEL_URL);
    const side = await askAbout(site, RED);
    await side.getByRole('button', { name: 'Download and describe' }).waitFor();
    await expectAccessible(side, 'the side panel’s consent');
    setup.hub.faults.bytesPerSecond = 40_000;
    await side.getByRole('button', { name: 'Download and describe' }).click();
    await side.getByRole('progressbar').waitFor({ timeout: 30_000 });
    await expectAccessible(side, 'the side panel’s download progress');
    setup.hub.faults.bytesPerSecond = null;
    await expect
      .poll(() => side.locator('li.vl-a').last().textContent(), { timeout: 30_000 })
      .toBe('a red image about something.');
    await expectAccessible(side, 'the side panel’s answer');
    await side.screenshot({ path: artifactPath('a11y-side-panel-answer-light.png') });

    await askAbout(site, BROKEN);
    await side.locator('[role=alert]').waitFor({ timeout: 30_000 });
    await expectAccessible(side, 'the side panel’s error');
    await side.screenshot({ path: artifactPath('a11y-side-panel-error-light.png') });
    await side.emulateMedia({ colorScheme: 'dark' });
    await side.screenshot({ path: artifactPath('a11y-side-panel-error-dark.png') });
    await side.close();
    await site.close();
  });

  test('popup: verdict, not reviewed, comparison, search and a vendor’s other page', async () => {
    const popup = await popupFor(SMOLVLM_URL);
    await popup.locator('button.demo-entry').waitFor({ timeout: 15_000 });
    await expectAccessible(popup, 'the verdict card (SmolVLM)');
    await popup.getByRole('button', { name: 'Moondream' }).click();
    await expect.poll(() => popup.locator('h1').innerText()).toBe('Moondream');
    await expectAccessible(popup, 'a tool that is not reviewed');
    await popup.getByRole('button', { name: 'All tools' }).click();
    await popup.getByRole('combobox', { name: 'Search tools' }).fill('gate');
    await expectAccessible(popup, 'the search, with a query');
    await popup.getByRole('combobox', { name: 'Search tools' }).fill('');
    await popup.getByRole('button', { name: /SmolVLM-3B vs Vercel AI Gateway/ }).click();
    await expect.poll(() => popup.locator('h1').innerText()).toBe('SmolVLM-3B vs Vercel AI Gateway');
    await expectAccessible(popup, 'the comparison');
    await popup.close();

    const search = await popupFor(UNKNOWN_URL);
    await expectAccessible(search, 'the search on a site with no verdict');
    await search.close();
    const vercel = await popupFor(VERCEL_URL);
    await expectAccessible(vercel, 'the Vercel AI Gateway card');
    await vercel.close();
  });

  test('popup demo: images, an image picked (consent), then the answer', async () => {
    // The panel above agreed to the download: forget that, so the popup asks too.
    await setup.ext.serviceWorker.evaluate(() => chrome.storage.local.remove('consentedModels'));
    const popup = await popupFor(SMOLVLM_URL);
    await popup.locator('button.demo-entry').click({ timeout: 15_000 });
    const demo = popup.locator('[data-slot="page-tools"]');
    await demo.getByRole('button', { name: 'Describe a blue chart' }).waitFor({ timeout: 15_000 });
    await expectAccessible(popup, 'the demo’s image grid');
    await demo.getByRole('button', { name: 'Describe a blue chart' }).click();
    await demo.getByRole('button', { name: 'Download and describe' }).waitFor();
    await expectAccessible(popup, 'the demo’s consent');
    await demo.getByRole('button', { name: 'Download and describe' }).click();
    await expect
      .poll(() => demo.locator('li.vl-a').last().textContent(), { timeout: 30_000 })
      .toBe('a blue image about something.');
    await expectAccessible(popup, 'the demo’s answer');
    await popup.emulateMedia({ colorScheme: 'dark' });
    await popup.screenshot({ path: artifactPath('a11y-popup-demo-answer-dark.png'), fullPage: true });
    await popup.emulateMedia({ colorScheme: 'light' });
    await popup.close();
  });

  test('welcome page: the introduction, then its picture’s conversation', async () => {
    const welcome = await setup.ext.openExtensionPage('src/welcome/index.html');
    await welcome.getByRole('button', { name: 'Describe this picture' }).waitFor();
    await expectAccessible(welcome, 'the welcome page');
    await welcome.getByRole('button', { name: 'Describe this picture' }).click();
    await welcome.locator('.demo-conversation').waitFor();
    await expectAccessible(welcome, 'the welcome page’s conversation');
    await welcome.close();
  });

  test('options: every section', async () => {
    const options = await setup.ext.openExtensionPage('src/options/index.html');
    await expect
      .poll(() => options.getByTestId('model-recommendation').innerText())
      .not.toContain('Checking');
    for (const id of ['model', 'generation', 'feed', 'performance']) {
      expect(await options.locator(`section#${id}`).count(), `section ${id}`).toBe(1);
    }
    await expectAccessible(options, 'the options page');
    // A feed error, shown in the feed section.
    await options.getByLabel('Feed URL').fill('http://127.0.0.1:9/feed.json');
    await options.getByLabel('Feed URL').press('Enter');
    await options.getByTestId('feed-error').waitFor({ timeout: 15_000 });
    await expectAccessible(options, 'the feed section with an error');
    // A refused value: marked on its field and said in the page's status line.
    await options.getByLabel('Check every (hours)').fill('0');
    await options.getByLabel('Check every (hours)').press('Enter');
    await options.locator('#feed-interval-error').waitFor();
    await expectAccessible(options, 'a refused value with the status line');
    await options.getByLabel('Check every (hours)').fill('6');
    await options.getByLabel('Check every (hours)').press('Enter');
    await options.getByLabel('Feed URL').fill('');
    await options.getByLabel('Feed URL').press('Enter');
    await options.close();
  });
});

interface FocusState {
  lost: boolean;
  visible: boolean;
  what: string;
}

/** Where focus is (through shadow roots), and whether it shows: a ring or a shadow on a :focus-visible element. */
function focusState(target: Page): Promise<FocusState> {
  return target.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el || el === document.body || el === document.documentElement)
      return { lost: true, visible: false, what: 'the page body' };
    const style = getComputedStyle(el);
    const ring = style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) > 0;
    const labelled = (el as HTMLInputElement).labels?.[0]?.textContent?.trim();
    const label = el.getAttribute('aria-label') ?? labelled ?? el.textContent?.trim().slice(0, 40) ?? '';
    return {
      lost: false,
      visible: el.matches(':focus-visible') && (ring || style.boxShadow !== 'none'),
      what: `${el.tagName.toLowerCase()} “${label}”`,
    };
  });
}

/**
 * Presses a key and checks that focus is somewhere, visibly; returns what has it. Focus may move a moment after the
 * key (the view renders first), so a short wait for it to settle is allowed, never a landing on the body.
 */
async function press(target: Page, key: string): Promise<string> {
  await target.keyboard.press(key);
  await expect
    .poll(async () => (await focusState(target)).lost, { timeout: 2_000, message: `focus lost after ${key}` })
    .toBe(false);
  const state = await focusState(target);
  expect(state.visible, `focus invisible on ${state.what} after ${key}`).toBe(true);
  return state.what;
}

/** After `key`, focus settles on `what` (consent is stored before the view moves on), visibly. */
async function pressAndSettle(target: Page, key: string, what: string): Promise<void> {
  await press(target, key);
  await expect.poll(async () => (await focusState(target)).what, { timeout: 5_000 }).toBe(what);
  expect((await focusState(target)).visible, `focus visible on ${what}`).toBe(true);
}

/** Tabs forward until `want` has focus, checking every stop on the way. */
async function tabTo(target: Page, want: RegExp, limit = 80): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (want.test(await press(target, 'Tab'))) return;
  }
  throw new Error(`never reached ${want} by Tab`);
}

describe('keyboard only: focus always visible, never lost', () => {
  test('search, pick a tool, go back, open a comparison', async () => {
    const popup = await popupFor(UNKNOWN_URL);
    // The top bar's Settings comes first, then the search.
    expect(await press(popup, 'Tab')).toBe('button “Settings”');
    expect(await press(popup, 'Tab')).toBe('input “Search tools”');
    await popup.keyboard.type('moon');
    expect(await press(popup, 'Enter')).toBe('h1 “Moondream”');
    expect(await press(popup, 'Shift+Tab')).toBe('button “Settings”');
    expect(await press(popup, 'Shift+Tab')).toBe('button “All tools”');
    expect(await press(popup, 'Shift+Tab')).toBe('button “← Back”');
    expect(await press(popup, 'Enter')).toBe('h1 “Find a verdict”');
    expect(await press(popup, 'Tab')).toBe('input “Search tools”');
    expect(await popup.getByRole('combobox').inputValue()).toBe('moon');
    await popup.keyboard.press('Control+A');
    await popup.keyboard.press('Backspace');

    // Reviewed tools lead the list; arrows walk it, the highlight stays in sight.
    const options = popup.getByRole('option');
    expect(await options.first().locator('.result-name').innerText()).toBe('SmolVLM-3B');
    const count = await options.count();
    for (let i = 0; i < count - 1; i++) await press(popup, 'ArrowDown');
    const active = popup.locator('[role=option][aria-selected=true]');
    expect(await active.getAttribute('id')).toBe(`tool-option-${count - 1}`);
    const inView = () =>
      popup.evaluate(() => {
        const list = document.getElementById('tool-results')?.getBoundingClientRect();
        const item = document.querySelector('[role=option][aria-selected=true]')?.getBoundingClientRect();
        return !!list && !!item && item.top >= list.top - 1 && item.bottom <= list.bottom + 1;
      });
    await expect
      .poll(inView, { timeout: 2_000, message: 'the highlighted option is scrolled into view' })
      .toBe(true);
    const chosen = await active.locator('.result-name').innerText();
    expect(await press(popup, 'Enter')).toBe(`h1 “${chosen}”`);
    await press(popup, 'Shift+Tab');
    await press(popup, 'Shift+Tab');
    expect(await press(popup, 'Shift+Tab')).toBe('button “← Back”');
    expect(await press(popup, 'Enter')).toBe('h1 “Find a verdict”');

    // The list is no Tab stop: from the search field, Tab goes on to the comparisons.
    expect(await press(popup, 'Tab')).toBe('input “Search tools”');
    expect(await press(popup, 'Tab')).toMatch(/^button “SmolVLM-3B vs Vercel AI Gateway/);
    expect(await press(popup, 'Enter')).toBe('h1 “SmolVLM-3B vs Vercel AI Gateway”');
    await popup.close();
  });

  test('the popup demo: pick an image, agree, ask a follow-up, back to the images', async () => {
    await setup.ext.serviceWorker.evaluate(() => chrome.storage.local.remove('consentedModels'));
    const popup = await popupFor(SMOLVLM_URL);
    await popup.locator('button.demo-entry').waitFor({ timeout: 15_000 });
    await tabTo(popup, /^button “Live demo/);
    expect(await press(popup, 'Enter')).toMatch(/^h1 “Live demo/);
    await tabTo(popup, /^button “Describe a blue chart”$/);
    expect(await press(popup, 'Enter')).toBe('button “Download and describe”');
    // The consent button goes away as the answer starts: focus moves to the question, not to the body.
    await pressAndSettle(popup, 'Enter', 'input “Question about this image”');
    const answers = popup.locator('[data-slot="page-tools"] li.vl-a');
    await expect
      .poll(() => answers.last().textContent(), { timeout: 30_000 })
      .toBe('a blue image about something.');
    await popup.keyboard.type('Is there a boat?');
    await press(popup, 'Enter');
    await expect
      .poll(() => answers.last().textContent(), { timeout: 30_000 })
      .toBe('a blue image about boat.');
    // The answer is done when Stop gives way to Ask again (the view then puts focus on the question).
    await expect.poll(() => popup.locator('[data-slot="page-tools"] button.vl-stop').count()).toBe(0);
    expect((await focusState(popup)).what).toBe('input “Question about this image”');
    // Back past Look closer and the conversation (a Tab stop, to read it back by keyboard), each focus visible.
    const back = [await press(popup, 'Shift+Tab')];
    while (back.at(-1) !== 'button “← Other images”' && back.length < 3)
      back.push(await press(popup, 'Shift+Tab'));
    expect(back).toContain('ol “Conversation”');
    expect(back.at(-1)).toBe('button “← Other images”');
    expect(await press(popup, 'Enter')).toBe('button “Describe a blue chart”');
    await popup.close();
  });

  test('the side panel: agree, read the answer, ask again, every control reachable by Tab', async () => {
    await setup.ext.serviceWorker.evaluate(() => chrome.storage.local.remove('consentedModels'));
    const site = await openSite(setup.ext, PANEL_URL);
    const side = await askAbout(site, RED);
    expect((await focusState(side)).what).toBe('button “Download and describe”');
    await pressAndSettle(side, 'Enter', 'input “Question about this image”');
    const answers = side.locator('li.vl-a');
    await expect
      .poll(() => answers.last().textContent(), { timeout: 30_000 })
      .toBe('a red image about something.');
    await side.keyboard.type('Is there a boat?');
    await press(side, 'Enter');
    await expect
      .poll(() => answers.last().textContent(), { timeout: 30_000 })
      .toBe('a red image about boat.');
    await expect.poll(() => side.locator('button.vl-stop').count()).toBe(0);
    expect((await focusState(side)).what).toBe('input “Question about this image”');
    await tabTo(side, /^button “Copy answer”$/);
    await side.close();
    await site.close();
  });
});
