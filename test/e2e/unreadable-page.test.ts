/**
 * Pages no extension may read, in real Chromium with the built extension: "Ask about this image" on Chrome's own
 * pages and on the Chrome Web Store opens the side panel on a sentence saying why Verdict Lens can't look (nothing
 * is downloaded or asked), and the popup on such a page says it instead of offering a right-click that can't work.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { artifactPath, type LoadedExtension, launchExtension, routeStandInSite } from '../support/harness';
import { axeBothSchemes } from './axe';

const STORE_URL = 'https://chromewebstore.google.com/detail/verdict-lens-test/abcdefghijklmnop';
const STORE_IMAGE = 'https://lh3.googleusercontent.com/verdict-lens-test-icon=s128';

let ext: LoadedExtension;

/** The id of the tab showing `prefix` (browser pages can't be looked up by a match pattern). */
function tabIdStartingWith(prefix: string): Promise<number> {
  return ext.serviceWorker.evaluate(
    async (p) => (await chrome.tabs.query({})).find((t) => t.url?.startsWith(p))?.id ?? -1,
    prefix,
  );
}

/** What the context menu does when clicked on `srcUrl` in the tab showing `pageUrl`; resolves to its side panel. */
async function askAbout(pageUrl: string, srcUrl: string, pageTitle: string): Promise<Page> {
  const tabId = await tabIdStartingWith(pageUrl);
  expect(tabId, `a tab showing ${pageUrl}`).toBeGreaterThan(-1);
  const id = await ext.serviceWorker.evaluate(
    async (click) => {
      const hook = (self as unknown as { verdictLens: { askAboutImage(c: object): Promise<void> } })
        .verdictLens;
      await hook.askAboutImage(click);
      const key = `askTarget:${click.tabId}`;
      return ((await chrome.storage.session.get(key))[key] as { id: string } | undefined)?.id ?? '';
    },
    { tabId, frameId: 0, srcUrl, pageUrl, pageTitle },
  );
  const panel = await ext.context.newPage();
  await panel.setViewportSize({ width: 360, height: 640 });
  await panel.goto(`chrome-extension://${ext.extensionId}/src/sidepanel/index.html?tab=${tabId}`);
  await panel.locator(`[data-ask-id="${id}"]`).waitFor();
  return panel;
}

async function shots(page: Page, name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: artifactPath(`${name}-${scheme}.png`), fullPage: true });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

beforeAll(async () => {
  ext = await launchExtension();
  const settings = await ext.context.newPage();
  await settings.goto('chrome://settings/');
  // Chromium keeps the Web Store from automation too (Playwright loses the tab): the extension opens it. Offline it
  // shows an error page, but the tab's address is the store's, as the menu and the popup see it.
  await ext.serviceWorker.evaluate(async (url) => {
    await chrome.tabs.create({ url, active: false });
  }, STORE_URL);
  for (let tries = 0; (await tabIdStartingWith(STORE_URL)) === -1 && tries < 50; tries++)
    await new Promise((done) => setTimeout(done, 100));
});

afterAll(async () => {
  await ext?.close();
});

describe('a page the extension can’t read says so', () => {
  test('an image on chrome://settings: the side panel says Chrome keeps extensions out, and asks nothing', async () => {
    const panel = await askAbout('chrome://settings/', 'chrome://theme/IDR_PRODUCT_LOGO', 'Settings');
    const note = panel.getByTestId('page-unreadable');
    expect(await note.innerText()).toBe(
      'Chrome doesn’t let extensions read pages like chrome://settings, so Verdict Lens can’t look at this image.',
    );
    expect(await note.getAttribute('role')).toBe('alert');
    expect(await panel.getByTestId('ask-source').innerText()).toBe(
      'From Settings (chrome://settings): IDR_PRODUCT_LOGO',
    );
    // No consent, no question, no answer: nothing can come of them here.
    expect(await panel.locator('.vl-consent, .vl-form, li.vl-a').count()).toBe(0);
    expect(await axeBothSchemes(panel), 'axe findings in the panel on an unreadable page').toEqual([]);
    await shots(panel, 'panel-unreadable-page');
    await panel.close();
  });

  test('an image on the Chrome Web Store: said too, with the way round it for an image on the web', async () => {
    const panel = await askAbout(STORE_URL, STORE_IMAGE, 'Verdict Lens Test - Chrome Web Store');
    const note = panel.getByTestId('page-unreadable');
    expect(await note.locator('p').allInnerTexts()).toEqual([
      'Chrome doesn’t let extensions read the Chrome Web Store, so Verdict Lens can’t look at this image.',
      'Open the image in a tab of its own (right-click it, then “Open image in new tab”) and ask about it there.',
    ]);
    expect(await panel.locator('.vl-consent, .vl-form').count()).toBe(0);
    await shots(panel, 'panel-unreadable-store');
    await panel.close();
  });

  test('the popup on such a page says it instead of offering the right-click', async () => {
    for (const [url, sentence] of [
      [
        'chrome://settings/',
        'Chrome doesn’t let extensions read pages like chrome://settings, so Verdict Lens can’t look at the images on this page.',
      ],
      [
        STORE_URL,
        'Chrome doesn’t let extensions read the Chrome Web Store, so Verdict Lens can’t look at the images on this page.',
      ],
    ] as const) {
      const tabId = await tabIdStartingWith(url);
      const popup = await ext.context.newPage();
      await popup.setViewportSize({ width: 380, height: 640 });
      await popup.goto(`chrome-extension://${ext.extensionId}/src/popup/index.html?tabId=${tabId}`);
      await expect.poll(() => popup.getByTestId('page-unreadable').innerText()).toBe(sentence);
      expect(await axeBothSchemes(popup), `axe findings in the popup on ${url}`).toEqual([]);
      expect(await popup.locator('footer').innerText()).not.toContain('right-click');
      if (url === STORE_URL) await shots(popup, 'popup-unreadable-store');
      await popup.close();
    }
  });

  test('an ordinary page keeps the right-click hint', async () => {
    await routeStandInSite(ext.context, 'https://lens-test-gallery.example/', 'Gallery');
    const site = await ext.context.newPage();
    await site.goto('https://lens-test-gallery.example/');
    const tabId = await tabIdStartingWith('https://lens-test-gallery.example/');
    const popup = await ext.context.newPage();
    await popup.goto(`chrome-extension://${ext.extensionId}/src/popup/index.html?tabId=${tabId}`);
    await expect.poll(() => popup.locator('footer').innerText()).toContain('right-click it');
    expect(await popup.getByTestId('page-unreadable').count()).toBe(0);
    await popup.close();
  });
});
