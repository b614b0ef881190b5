/**
 * An image on a page no extension may read, in each browser (see ../driver.ts): the side panel says which browser
 * keeps extensions out of which pages, and starts no conversation. The chosen image is stored as the menu's handler
 * stores it (neither browser shows an extension's menu item on its own pages to click); test/e2e/unreadable-page
 * drives Chromium's handler itself.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type ExtensionSession, launchSession } from '../../support/driver';
import { artifactPath } from '../../support/harness';

let session: ExtensionSession;
let tabId: number;

beforeAll(async () => {
  session = await launchSession();
  await session.standInSite('https://lens-test-gallery.example/', 'Gallery');
  const page = await session.openPage('https://lens-test-gallery.example/');
  tabId = await session.tabIdOf(page);
});
afterAll(async () => {
  await session?.close();
});

test('the side panel says the browser keeps extensions out of its own pages', async () => {
  const firefox = session.browserName === 'firefox';
  const pageUrl = firefox ? 'about:addons' : 'chrome://settings/';
  const pageTitle = firefox ? 'Add-ons Manager' : 'Settings';
  await session.extensionApi(
    async (target) => {
      await chrome.storage.session.set({ [`askTarget:${target.tabId}`]: target });
    },
    {
      id: 'unreadable-1',
      tabId,
      frameId: 0,
      srcUrl: 'https://lens-test-gallery.example/logo.png',
      pageUrl,
      pageTitle,
    },
  );
  const panel = await session.openExtensionPage(`src/sidepanel/index.html?tab=${tabId}`);
  await expect
    .poll(() => panel.text('[data-testid=page-unreadable] p'))
    .toBe(
      firefox
        ? 'Firefox doesn’t let extensions read pages like about:addons, so Verdict Lens can’t look at this image.'
        : 'Chrome doesn’t let extensions read pages like chrome://settings, so Verdict Lens can’t look at this image.',
    );
  expect(await panel.text('[data-testid=ask-source]')).toBe(
    firefox ? 'From Add-ons Manager (about:addons): logo.png' : 'From Settings (chrome://settings): logo.png',
  );
  expect(await panel.count('.vl-consent, .vl-form')).toBe(0);
  await panel.screenshot(artifactPath(`${session.browserName}-panel-unreadable.png`));
});
