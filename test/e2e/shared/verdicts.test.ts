/**
 * The popup's verdict and the toolbar badge on vendor pages, in each browser (see ../driver.ts): vendor URLs are
 * answered with local stand-in pages, the popup is opened for each tab with ?tabId=, the badge read per tab.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ExtensionSession, launchSession, type TestPage } from '../../support/driver';
import { artifactPath } from '../../support/harness';

const SMOLVLM_URL = 'https://huggingface.co/HuggingFaceTB/SmolVLM-Instruct';
const VERCEL_URL = 'https://vercel.com/ai-gateway';
const UNKNOWN_URL = 'https://example.org/';

let session: ExtensionSession;
const tabs: Record<string, { page: TestPage; id: number }> = {};

async function openSite(name: string, url: string): Promise<void> {
  const page = await session.openPage(url);
  const id = await session.tabIdOf(page);
  expect(id, `tab for ${url}`).toBeGreaterThan(0);
  tabs[name] = { page, id };
}

const badgeText = (tabId: number) =>
  session.extensionApi((id) => chrome.action.getBadgeText({ tabId: id }), tabId);

async function openPopup(tabId: number): Promise<TestPage> {
  const popup = await session.openExtensionPage(`src/popup/index.html?tabId=${tabId}`);
  await popup.setViewport(380, 640);
  return popup;
}

beforeAll(async () => {
  session = await launchSession();
  await session.standInSite('https://huggingface.co/', 'SmolVLM-Instruct · Hugging Face');
  await session.standInSite('https://vercel.com/', 'AI Gateway · Vercel');
  await session.standInSite('https://example.org/', 'Example Domain');
  await openSite('smolvlm', SMOLVLM_URL);
  await openSite('vercel', VERCEL_URL);
  await openSite('unknown', UNKNOWN_URL);
});

afterAll(async () => {
  await session?.close();
});

describe(`verdicts where you browse`, () => {
  test('the popup on the SmolVLM model card shows its verdict: 75%, 3 ship · 1 skip, its lenses', async () => {
    const popup = await openPopup(tabs.smolvlm!.id);
    await expect.poll(() => popup.text('h1')).toBe('SmolVLM-3B');
    expect(await popup.text('[data-testid=panel-ship]')).toBe('75%');
    expect(await popup.text('.verdict')).toContain('3 ship · 1 skip');
    expect(await popup.count('.lens')).toBe(4);
    expect(await popup.texts('.h2h thead th')).toEqual(['SmolVLM-3B', 'Vercel AI Gateway']);
    await popup.screenshot(artifactPath(`${session.browserName}-popup-smolvlm.png`));
    await popup.close();
  });

  test('the popup on the Vercel AI Gateway page shows 100%, all ship', async () => {
    const popup = await openPopup(tabs.vercel!.id);
    await expect.poll(() => popup.text('h1')).toBe('Vercel AI Gateway');
    expect(await popup.text('[data-testid=panel-ship]')).toBe('100%');
    expect(await popup.text('.verdict')).toContain('4 ship · 0 skip');
    await popup.close();
  });

  test('the popup on an unknown site offers the search', async () => {
    const popup = await openPopup(tabs.unknown!.id);
    await expect.poll(() => popup.count('input[role=combobox]')).toBe(1);
    expect(await popup.text('.notice')).toContain('example.org');
    await popup.close();
  });

  test('the badge shows each tab’s panel percentage, and nothing on an unknown site', async () => {
    await expect.poll(() => badgeText(tabs.smolvlm!.id), { timeout: 10_000 }).toBe('75%');
    await expect.poll(() => badgeText(tabs.vercel!.id), { timeout: 10_000 }).toBe('100%');
    await expect.poll(() => badgeText(tabs.unknown!.id), { timeout: 10_000 }).toBe('');
  });

  test('the badge follows navigation: cleared on an unknown site, back to % on return', async () => {
    const vercel = tabs.vercel!;
    await vercel.page.goto(UNKNOWN_URL);
    await expect.poll(() => badgeText(vercel.id), { timeout: 10_000 }).toBe('');
    await vercel.page.goto(`${VERCEL_URL}/models`);
    await expect.poll(() => badgeText(vercel.id), { timeout: 10_000 }).toBe('100%');
    expect(await badgeText(tabs.smolvlm!.id)).toBe('75%');
  });
});
