/**
 * Verdicts where you browse, in real Chromium with the built extension: vendor URLs are routed to stand-in pages,
 * the popup is opened for each tab with ?tabId=, and the badge is read per tab from the service worker.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { artifactPath, type LoadedExtension, launchExtension, routeStandInSite } from '../support/harness';

const SMOLVLM_URL = 'https://huggingface.co/HuggingFaceTB/SmolVLM-Instruct';
const VERCEL_URL = 'https://vercel.com/ai-gateway';
const UNKNOWN_URL = 'https://example.org/';
const MOONDREAM_URL = 'https://moondream.ai/';

let ext: LoadedExtension;
const tabs: Record<string, { page: Page; id: number }> = {};
/** Every request the browser made (pages, extension pages, the service worker), for the privacy check. */
const network: { url: string; method: string; navigation: boolean }[] = [];

async function tabIdOf(url: string): Promise<number> {
  const id = await ext.serviceWorker.evaluate(async (u) => {
    const [tab] = await chrome.tabs.query({ url: u });
    return tab?.id ?? -1;
  }, url);
  expect(id, `tab for ${url}`).toBeGreaterThan(0);
  return id;
}

async function openSite(name: string, url: string): Promise<void> {
  const page = await ext.context.newPage();
  await page.goto(url);
  tabs[name] = { page, id: await tabIdOf(url) };
}

function badgeText(tabId: number): Promise<string> {
  return ext.serviceWorker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
}

function badgeTitle(tabId: number): Promise<string> {
  return ext.serviceWorker.evaluate((id) => chrome.action.getTitle({ tabId: id }), tabId);
}

async function expectBadge(tabId: number, text: string): Promise<void> {
  await expect.poll(() => badgeText(tabId), { timeout: 10_000 }).toBe(text);
}

async function openPopup(tabId: number): Promise<Page> {
  const popup = await ext.context.newPage();
  await popup.setViewportSize({ width: 380, height: 640 });
  await popup.goto(`chrome-extension://${ext.extensionId}/src/popup/index.html?tabId=${tabId}`);
  return popup;
}

async function screenshots(popup: Page, name: string): Promise<void> {
  await popup.emulateMedia({ colorScheme: 'light' });
  await popup.screenshot({ path: artifactPath(`popup-${name}-light.png`), fullPage: true });
  await popup.emulateMedia({ colorScheme: 'dark' });
  await popup.screenshot({ path: artifactPath(`popup-${name}-dark.png`), fullPage: true });
  await popup.emulateMedia({ colorScheme: 'light' });
}

const text = (popup: Page, selector: string) => popup.locator(selector).first().innerText();

beforeAll(async () => {
  ext = await launchExtension();
  ext.context.on('request', (r) =>
    network.push({ url: r.url(), method: r.method(), navigation: r.isNavigationRequest() }),
  );
  await routeStandInSite(ext.context, 'https://huggingface.co/', 'SmolVLM-Instruct · Hugging Face');
  await routeStandInSite(ext.context, 'https://vercel.com/', 'AI Gateway · Vercel');
  await routeStandInSite(ext.context, 'https://example.org/', 'Example Domain');
  await routeStandInSite(ext.context, 'https://moondream.ai/', 'Moondream');
  await openSite('smolvlm', SMOLVLM_URL);
  await openSite('vercel', VERCEL_URL);
  await openSite('unknown', UNKNOWN_URL);
});

afterAll(async () => {
  await ext?.close();
});

describe('popup', () => {
  test('on the SmolVLM model card shows 75%, 3 ship · 1 skip, its four lenses and the head-to-head', async () => {
    const popup = await openPopup(tabs.smolvlm!.id);
    await expect.poll(() => text(popup, 'h1')).toBe('SmolVLM-3B');
    expect(await text(popup, '[data-testid=panel-ship]')).toBe('75%');
    expect(await text(popup, '.verdict')).toContain('3 ship · 1 skip');
    expect(await text(popup, '[data-testid=community]')).toBe('No votes yet');
    expect(await text(popup, '[data-testid=entry-price]')).toBe('Free');
    const lenses = popup.locator('.lens');
    expect(await lenses.evaluateAll((els) => els.map((e) => e.getAttribute('data-lens')))).toEqual([
      'engineering',
      'competitive',
      'thesis',
      'business',
    ]);
    expect(await lenses.nth(3).innerText()).toMatch(/Business\s+✕ Skip/);
    expect(await lenses.nth(0).innerText()).toMatch(/Engineering \/ DX\s+✓ Ship/);
    expect(await popup.getByRole('button', { name: 'Moondream' }).count()).toBe(1);
    const h2h = popup.locator('.h2h');
    expect(await h2h.locator('thead th').allInnerTexts()).toEqual(['SmolVLM-3B', 'Vercel AI Gateway']);
    expect(await h2h.locator('tbody tr').first().innerText()).toMatch(/Panel ship\s+75%\s+100%/);
    expect(await h2h.locator('tbody tr').nth(2).innerText()).toMatch(/Entry\s+Free\s+Paid/);
    await screenshots(popup, 'smolvlm');
    // What the toolbar popup itself shows (Chrome caps popups at 600px high): the README's screenshot.
    await popup.screenshot({ path: artifactPath('popup-smolvlm-light-top.png') });

    // A competitor without a review of its own is an entry too, pointing back to who named it.
    await popup.getByRole('button', { name: 'Moondream' }).click();
    await expect.poll(() => text(popup, 'h1')).toBe('Moondream');
    expect(await text(popup, '.verdict')).toMatch(/Not reviewed yet\s+Named as a competitor of SmolVLM-3B/);
    expect(await text(popup, '[data-testid=panel-ship]')).toBe('—');
    await screenshots(popup, 'competitor');
    await popup.getByRole('button', { name: 'SmolVLM-3B' }).click();
    await expect.poll(() => text(popup, 'h1')).toBe('SmolVLM-3B');
    await popup.getByRole('button', { name: '← Back' }).click();
    await popup.getByRole('button', { name: '← Back' }).click();
    await expect.poll(() => text(popup, 'h1')).toBe('SmolVLM-3B');
    expect(await popup.getByRole('button', { name: '← Back' }).count()).toBe(0);
    await popup.close();
  });

  test('on the Vercel AI Gateway page shows 100% and its four lenses, all ship', async () => {
    const popup = await openPopup(tabs.vercel!.id);
    await expect.poll(() => text(popup, 'h1')).toBe('Vercel AI Gateway');
    expect(await text(popup, '[data-testid=panel-ship]')).toBe('100%');
    expect(await text(popup, '.verdict')).toContain('4 ship · 0 skip');
    expect(await text(popup, '[data-testid=entry-price]')).toBe('Paid');
    expect(await text(popup, '[data-testid=community]')).toBe('No votes yet');
    expect(
      await popup.locator('.lens').evaluateAll((els) => els.map((e) => e.getAttribute('data-lens'))),
    ).toEqual(['engineering', 'competitive', 'business', 'job-to-be-done']);
    expect(await popup.locator('.lens .vote-skip').count()).toBe(0);
    for (const name of ['LiteLLM', 'Portkey', 'OpenRouter']) {
      expect(await popup.getByRole('button', { name }).count()).toBe(1);
    }
    await screenshots(popup, 'vercel');
    await popup.close();
  });

  test('on an unknown site shows the search and the comparisons; typing and Enter open a verdict', async () => {
    const popup = await openPopup(tabs.unknown!.id);
    const search = popup.getByRole('combobox', { name: 'Search tools' });
    await search.waitFor();
    expect(await text(popup, '.notice')).toContain('example.org');
    expect(await popup.getByRole('option').count()).toBe(8);
    expect(await popup.getByRole('button', { name: /SmolVLM-3B vs Vercel AI Gateway/ }).count()).toBe(1);
    await screenshots(popup, 'search');

    await search.focus();
    await popup.keyboard.type('gateway');
    expect(await popup.getByRole('option').allInnerTexts()).toEqual([
      expect.stringContaining('Vercel AI Gateway'),
    ]);
    await popup.keyboard.press('Enter');
    await expect.poll(() => text(popup, 'h1')).toBe('Vercel AI Gateway');
    expect(await text(popup, '[data-testid=panel-ship]')).toBe('100%');
    await popup.getByRole('button', { name: '← Back' }).click();

    // Back keeps the query; arrows move through the results.
    await search.fill('hugging face');
    expect(await popup.getByRole('option').allInnerTexts()).toEqual([expect.stringContaining('SmolVLM-3B')]);
    await search.fill('');
    await search.focus();
    await popup.keyboard.press('ArrowDown');
    await popup.keyboard.press('ArrowDown');
    const selected = popup.locator('[role=option][aria-selected=true]');
    expect(await search.getAttribute('aria-activedescendant')).toBe(await selected.getAttribute('id'));
    const chosen = (await selected.locator('.result-name').innerText()).trim();
    await popup.keyboard.press('Enter');
    await expect.poll(() => text(popup, 'h1')).toBe(chosen);
    await popup.getByRole('button', { name: '← Back' }).click();

    await search.fill('no such tool');
    expect(await popup.getByRole('option').count()).toBe(0);
    expect(await text(popup, '.empty')).toContain('No tool matches');
    await search.fill('');

    await popup.getByRole('button', { name: /SmolVLM-3B vs Vercel AI Gateway/ }).click();
    await expect.poll(() => text(popup, 'h1')).toBe('SmolVLM-3B vs Vercel AI Gateway');
    expect(await popup.locator('.h2h tbody tr').first().innerText()).toMatch(/Panel ship\s+75%\s+100%/);
    await screenshots(popup, 'comparison');
    await popup.close();
  });
});

describe('search by what a tool does', () => {
  test('"vision" finds SmolVLM, MiniCPM-V, Moondream and Phi-3.5-Vision; "ocr" the OCR-capable ones', async () => {
    const popup = await openPopup(tabs.unknown!.id);
    const search = popup.getByRole('combobox', { name: 'Search tools' });
    await search.fill('vision');
    const names = async () => (await popup.locator('[role=option] .result-name').allInnerTexts()).sort();
    await expect.poll(names).toEqual(['MiniCPM-V', 'Moondream', 'Phi-3.5-Vision', 'SmolVLM-3B']);
    // Each result says what it does rather than the category every tool shares.
    expect(await popup.locator('[role=option] .result-meta').first().innerText()).toContain(
      'Vision-language',
    );
    await screenshots(popup, 'search-vision');
    await search.fill('ocr');
    await expect.poll(names).toEqual(['MiniCPM-V', 'Phi-3.5-Vision', 'SmolVLM-3B']);
    await search.fill('routing');
    await expect.poll(names).toEqual(['LiteLLM', 'OpenRouter', 'Portkey', 'Vercel AI Gateway']);
    // The hint suggests what tools do, never the category every tool is in.
    await search.fill('no such tool');
    const hint = await text(popup, '.empty');
    expect(hint).toContain('vision');
    expect(hint).not.toContain('Developer Tools');
    await popup.close();
  });

  test('the head-to-head says what is missing in words: a lens not reviewed, no community votes', async () => {
    const popup = await openPopup(tabs.unknown!.id);
    await popup.getByRole('button', { name: /SmolVLM-3B vs Vercel AI Gateway/ }).click();
    await expect.poll(() => text(popup, 'h1')).toBe('SmolVLM-3B vs Vercel AI Gateway');
    const row = (label: string) =>
      popup.locator('.h2h tbody tr', { has: popup.getByRole('rowheader', { name: label }) });
    expect(await row('Thesis').innerText()).toMatch(/Thesis\s+✓ Ship\s+Not reviewed on this lens/);
    expect(await row('Job to be done').innerText()).toMatch(
      /Job to be done\s+Not reviewed on this lens\s+✓ Ship/,
    );
    expect(await row('Community').innerText()).toMatch(/Community\s+No community votes yet/);
    await screenshots(popup, 'comparison-empty-cells');
    await popup.close();
  });
});

describe('badge', () => {
  test('shows each tab’s panel percentage, and nothing on an unknown site', async () => {
    await expectBadge(tabs.smolvlm!.id, '75%');
    await expectBadge(tabs.vercel!.id, '100%');
    await expectBadge(tabs.unknown!.id, '');
  });

  test('the tooltip gives the verdict in words; elsewhere it is just the extension’s name', async () => {
    await expect
      .poll(() => badgeTitle(tabs.smolvlm!.id), { timeout: 10_000 })
      .toBe('Verdict Lens: SmolVLM-3B, Ship, 75% of the panel say ship (3 ship · 1 skip)');
    expect(await badgeTitle(tabs.vercel!.id)).toBe(
      'Verdict Lens: Vercel AI Gateway, Ship, 100% of the panel say ship (4 ship · 0 skip)',
    );
    expect(await badgeTitle(tabs.unknown!.id)).toBe('Verdict Lens');
  });

  test('follows navigation: cleared on an unknown site, a dot on a competitor-only site, back to % on return', async () => {
    const vercel = tabs.vercel!;
    await vercel.page.goto(UNKNOWN_URL);
    await expectBadge(vercel.id, '');
    await vercel.page.goto(MOONDREAM_URL);
    await expectBadge(vercel.id, '•');
    expect(await badgeTitle(vercel.id)).toBe('Verdict Lens: Moondream is not reviewed yet');
    await vercel.page.goto(`${VERCEL_URL}/models`);
    await expectBadge(vercel.id, '100%');
    // The other tabs keep their own badges.
    await expectBadge(tabs.smolvlm!.id, '75%');
  });

  test('switching to a tab relabels it', async () => {
    // Clear the badge behind the extension's back: only the onActivated handler can put it back.
    await ext.serviceWorker.evaluate(
      (id) => chrome.action.setBadgeText({ tabId: id, text: '' }),
      tabs.smolvlm!.id,
    );
    expect(await badgeText(tabs.smolvlm!.id)).toBe('');
    await tabs.smolvlm!.page.bringToFront();
    await expectBadge(tabs.smolvlm!.id, '75%');
  });

  test('a restarted service worker relabels the tabs already open', async () => {
    const smolvlm = tabs.smolvlm!;
    await ext.serviceWorker.evaluate((id) => chrome.action.setBadgeText({ tabId: id, text: '' }), smolvlm.id);
    // Stop the worker the way the browser does when idle; it comes back with nothing in memory.
    const cdp = await ext.context.newCDPSession(smolvlm.page);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await cdp.detach();
    // Opening an extension page fires tab events, which wake the worker; its startup pass relabels every tab.
    const page = await ext.openExtensionPage('src/popup/index.html');
    const read = (id: number) => page.evaluate((tabId) => chrome.action.getBadgeText({ tabId }), id);
    await expect.poll(() => read(smolvlm.id), { timeout: 10_000 }).toBe('75%');
    await page.close();
  });
});

describe('privacy', () => {
  test('the popup and the badge send nothing anywhere: the only web requests are the tabs’ own page loads', () => {
    const web = network.filter((r) => !r.url.startsWith(`chrome-extension://${ext.extensionId}/`));
    expect(web.length).toBeGreaterThan(0);
    for (const request of web) {
      expect(request, request.url).toMatchObject({ navigation: true, method: 'GET' });
    }
  });
});
