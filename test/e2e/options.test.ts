/**
 * The options page in real Chromium with the built extension: the verdict feed (served from 127.0.0.1) reaching the
 * popup, broken feeds rejected with the previous data kept, and screenshots of each section.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { downloadPlan, modelCatalog } from '../../src/inference/model-files/catalog';
import { dtypesFor } from '../../src/inference/model-files/file-choice';
import { formatSize } from '../../src/options/format';
import { FEED_MAX_BYTES } from '../../src/verdicts/feed';
import { FEED_TOOL_NAME, FEED_TOOL_URL, validFeed } from '../support/feed-fixtures';
import { type FeedServer, startFeedServer } from '../support/feed-server';
import { artifactPath, type LoadedExtension, launchExtension, routeStandInSite } from '../support/harness';

let ext: LoadedExtension;
let feed: FeedServer;
let options: Page;

async function tabIdOf(url: string): Promise<number> {
  return ext.serviceWorker.evaluate(async (u) => {
    const [tab] = await chrome.tabs.query({ url: u });
    return tab?.id ?? -1;
  }, url);
}

async function openPopupFor(url: string): Promise<Page> {
  const site = await ext.context.newPage();
  await site.goto(url);
  const popup = await ext.context.newPage();
  await popup.setViewportSize({ width: 380, height: 640 });
  await popup.goto(`chrome-extension://${ext.extensionId}/src/popup/index.html?tabId=${await tabIdOf(url)}`);
  return popup;
}

async function sectionShot(id: string, name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await options.emulateMedia({ colorScheme: scheme });
    await options
      .locator(`section#${id}`)
      .screenshot({ path: artifactPath(`options-${name}-${scheme}.png`) });
  }
  await options.emulateMedia({ colorScheme: 'light' });
}

const feedSource = () => options.getByTestId('feed-source');
/** The page's one status line, which every change reports to. */
const saveStatus = () => options.getByTestId('save-status');
const storedSettings = () =>
  ext.serviceWorker.evaluate(
    async () => ((await chrome.storage.sync.get('settings')).settings ?? {}) as Record<string, unknown>,
  );

beforeAll(async () => {
  feed = await startFeedServer();
  feed.setBody(JSON.stringify(validFeed()));
  ext = await launchExtension();
  await routeStandInSite(ext.context, 'https://lens-test-vision.example/', 'Lens Test Vision');
  options = await ext.openExtensionPage('src/options/index.html');
});

afterAll(async () => {
  await ext?.close();
  await feed?.close();
});

describe('verdict feed', () => {
  test('starts with the bundled data only', async () => {
    await expect.poll(() => feedSource().innerText()).toBe('Bundled data only');
  });

  test('a feed from a local server adds a new tool that the popup shows on its site', async () => {
    // One saving model for the page: a field saves when committed (Enter here), there is no Save button.
    expect(await options.getByRole('button', { name: /^Save/ }).count()).toBe(0);
    await options.getByLabel('Feed URL').fill(feed.url);
    await options.getByLabel('Feed URL').press('Enter');
    await expect
      .poll(() => feedSource().innerText(), { timeout: 15_000 })
      .toBe('Bundled data + 2 tools from the feed');
    expect(feed.requests[0]).toEqual({ ifNoneMatch: undefined, status: 200 });

    const popup = await openPopupFor(FEED_TOOL_URL);
    await expect.poll(() => popup.locator('h1').first().innerText()).toBe(FEED_TOOL_NAME);
    // Feed text is text: the markup in the summary is shown literally, never parsed.
    const summary = popup.getByText('Markup stays text.', { exact: false });
    expect(await summary.innerText()).toContain('<b>Markup stays text.</b>');
    expect(await popup.locator('main b').count()).toBe(0);
    await popup.screenshot({ path: artifactPath('popup-feed-tool.png'), fullPage: true });
    await popup.close();
  });

  test('"Refresh now" sends a conditional request; 304 keeps the data', async () => {
    const before = feed.requests.length;
    await options.getByRole('button', { name: 'Refresh now' }).click();
    await expect.poll(() => feed.requests.length).toBe(before + 1);
    expect(feed.requests[before]?.status).toBe(304);
    expect(feed.requests[before]?.ifNoneMatch).toMatch(/^".+"$/);
    await expect.poll(() => options.getByRole('button', { name: 'Refresh now' }).isEnabled()).toBe(true);
    expect(await feedSource().innerText()).toBe('Bundled data + 2 tools from the feed');
    await sectionShot('feed', 'feed');
  });

  test('a broken feed is rejected with its reason; the previous data stays in use', async () => {
    feed.setBody('<!doctype html><title>Not a feed</title>');
    await options.getByRole('button', { name: 'Refresh now' }).click();
    const error = options.getByTestId('feed-error');
    await expect.poll(() => error.innerText(), { timeout: 15_000 }).toContain('The feed is not valid JSON');
    expect(await error.innerText()).toContain('The last good feed data stays in use.');
    expect(await feedSource().innerText()).toBe('Bundled data + 2 tools from the feed');
    await sectionShot('feed', 'feed-error');

    const popup = await openPopupFor(FEED_TOOL_URL);
    await expect.poll(() => popup.locator('h1').first().innerText()).toBe(FEED_TOOL_NAME);
    await popup.close();
  });

  test('a feed that breaks the schema names the bad field', async () => {
    const bad = validFeed('2031-01-01') as unknown as { tools: { sitePatterns: { host: string }[] }[] };
    (bad.tools[0] as { sitePatterns: { host: string }[] }).sitePatterns = [{ host: 'HTTPS://Bad Host' }];
    feed.setBody(JSON.stringify(bad));
    await options.getByRole('button', { name: 'Refresh now' }).click();
    await expect
      .poll(() => options.getByTestId('feed-error').innerText(), { timeout: 15_000 })
      .toContain('tools[0].sitePatterns[0].host');
    expect(await feedSource().innerText()).toBe('Bundled data + 2 tools from the feed');
  });

  test('an oversized feed is rejected before parsing', async () => {
    // The feed server streams its body without a Content-Length: the size is only known to exceed the cap.
    feed.setBody(new Uint8Array(FEED_MAX_BYTES + 10).fill(0x20));
    await options.getByRole('button', { name: 'Refresh now' }).click();
    await expect
      .poll(() => options.getByTestId('feed-error').innerText(), { timeout: 15_000 })
      .toContain('larger than the 1.0 MB limit (the download was stopped there)');
    expect(await feedSource().innerText()).toBe('Bundled data + 2 tools from the feed');
  });

  test('a valid feed again clears the error; removing the feed goes back to the bundled data', async () => {
    feed.setBody(JSON.stringify(validFeed('2032-01-01')));
    await options.getByRole('button', { name: 'Refresh now' }).click();
    await expect.poll(() => options.getByTestId('feed-error').count(), { timeout: 15_000 }).toBe(0);

    await options.getByLabel('Feed URL').fill('');
    await options.getByLabel('Feed URL').press('Enter');
    await expect.poll(() => feedSource().innerText(), { timeout: 15_000 }).toBe('Bundled data only');
    const popup = await openPopupFor(`${FEED_TOOL_URL}?again`);
    await expect.poll(() => popup.locator('h1').first().innerText()).not.toBe(FEED_TOOL_NAME);
    await popup.close();
  });

  test('a feed URL that is not http(s) is refused with a message, on leaving the field too; nothing is saved', async () => {
    const field = options.getByLabel('Feed URL');
    await field.fill('javascript:alert(1)');
    await field.press('Tab');
    expect(await options.locator('#feed-url-error').innerText()).toContain('http:// or https://');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await field.getAttribute('aria-describedby')).toBe('feed-url-error');
    // The page's one status line says it too, politely.
    await expect.poll(() => saveStatus().innerText()).toContain('http:// or https://');
    expect(await saveStatus().getAttribute('data-kind')).toBe('invalid');
    expect(await storedSettings()).toMatchObject({ feedUrl: '' });
  });

  test('the check interval saves when the field is left, and says so in the status line', async () => {
    const field = options.getByLabel('Check every (hours)');
    await field.fill('12');
    await field.press('Tab');
    await expect.poll(() => saveStatus().innerText()).toBe('The feed is now checked every 12 hours.');
    expect(await saveStatus().getAttribute('aria-live')).toBe('polite');
    expect(await saveStatus().getAttribute('data-kind')).toBe('saved');
    await expect.poll(async () => (await storedSettings()).feedIntervalHours).toBe(12);
    await field.fill('0');
    await field.press('Enter');
    await expect.poll(() => saveStatus().innerText()).toBe('Check the feed every 1 to 168 hours.');
    expect(await options.locator('#feed-interval-error').innerText()).toBe(
      'Check the feed every 1 to 168 hours.',
    );
    expect((await storedSettings()).feedIntervalHours).toBe(12);
    await field.fill('6');
    await field.press('Enter');
    await expect.poll(async () => (await storedSettings()).feedIntervalHours).toBe(6);
    expect(await options.locator('#feed-interval-error').count()).toBe(0);
    await sectionShot('feed', 'feed-saved');
  });

  test('saving a feed that fails shows its error, and “checking it now” goes once the check is done', async () => {
    const status = saveStatus();
    await options.getByLabel('Feed URL').fill(`${feed.url}-missing`);
    await options.getByLabel('Feed URL').press('Enter');
    await expect.poll(() => options.getByTestId('feed-error').count(), { timeout: 15_000 }).toBe(1);
    expect(await status.innerText()).toBe('');
    await options.getByLabel('Feed URL').fill('');
    await options.getByLabel('Feed URL').press('Enter');
    await expect.poll(() => status.innerText()).toBe('Feed removed: the bundled data is used.');
  });
});

describe('model section in a browser without WebGPU', () => {
  test('recommends for the CPU and prices each model by its WASM files; the test model is not offered', async () => {
    // One short sentence; the reasoning is behind "Why this model".
    await expect
      .poll(() => options.getByTestId('model-recommendation').innerText())
      .toMatch(
        /^Best for this device: SmolVLM .+ \((about )?\d+ MB download\), running on your processor\.$/,
      );
    expect(await options.getByTestId('model-recommendation-details').textContent()).toMatch(
      /^No WebGPU adapter, so the model runs on the CPU \(WASM\); \d+ CPU cores and .+: SmolVLM .+ MB to download\)\.( On the CPU a larger model needs 8 cores and 8 GB; this device has .+\.)?$/,
    );
    const userModels = modelCatalog().models.filter((m) => !m.testOnly);
    expect(await options.locator('section#model label.choice').count()).toBe(userModels.length);
    for (const model of userModels) {
      const plan = downloadPlan(model, dtypesFor(model, 'wasm', false));
      expect(await options.locator(`label.choice[data-model="${model.id}"]`).innerText()).toContain(
        `${plan.exact ? '' : 'About '}${formatSize(plan.totalBytes)} download`,
      );
    }
    // The default model is selected and, with nothing downloaded, the cache says so.
    expect(
      await options
        .locator('label.choice[data-model="HuggingFaceTB/SmolVLM-256M-Instruct"] input')
        .isChecked(),
    ).toBe(true);
    expect(await options.getByTestId('cache-empty').isVisible()).toBe(true);
  });
});

describe('options sections', () => {
  test('screenshots of each section', async () => {
    await sectionShot('model', 'model');
    await sectionShot('generation', 'generation');
    await sectionShot('performance', 'performance');
    await options.screenshot({ path: artifactPath('options-full-light.png'), fullPage: true });
  });
});
