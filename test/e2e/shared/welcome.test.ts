/**
 * A fresh install opens the welcome page, in each browser (see ../driver.ts): the harness leaves the tab open here
 * (it closes it for every other test), and the page names both features, the download and the privacy promise.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ExtensionSession, launchSession } from '../../support/driver';
import { WELCOME_PATH } from '../../support/harness';

let session: ExtensionSession;

beforeAll(async () => {
  session = await launchSession({ keepWelcomePage: true });
});

afterAll(async () => {
  await session?.close();
});

describe('welcome page', () => {
  test('installing the extension opens the welcome page, once', async () => {
    const url = `${session.baseUrl}${WELCOME_PATH}`;
    const welcomeTabs = () =>
      session.extensionApi(async (u) => (await chrome.tabs.query({ url: u })).length, url);
    await expect.poll(welcomeTabs, { timeout: 15_000 }).toBe(1);
    const page = await session.openExtensionPage(WELCOME_PATH);
    await expect.poll(() => page.text('h1')).toBe('Verdict Lens is ready');
    expect(await page.texts('h2')).toEqual([
      'The verdict where you browse',
      'Ask about any image',
      'What is downloaded, and when',
      'Your privacy',
    ]);
    expect(await page.count('img.try-picture')).toBe(1);
    expect(await page.text('[data-testid=model-download]')).toMatch(/only after you agree/);
    await page.close();
  });
});
