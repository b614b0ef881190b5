/**
 * The popup in Chromium tests, as the toolbar button opens it for a tab: the button's click gives the extension the
 * tab's page (activeTab, clicked over the DevTools protocol), and the popup's page is opened in a tab of its own
 * (a headless popup can't be driven), told which tab it is for (?tabId=N), at the popup's width.
 */
import type { Page } from 'playwright-core';
import type { LoadedExtension } from './harness';

/** The id of the tab showing `url`, or -1 when none does. */
export async function tabIdAt(ext: LoadedExtension, url: string): Promise<number> {
  return ext.serviceWorker.evaluate(async (u) => (await chrome.tabs.query({ url: u }))[0]?.id ?? -1, url);
}

/** Opens `url` in a new tab, loaded. */
export async function openSite(ext: LoadedExtension, url: string): Promise<Page> {
  const site = await ext.context.newPage();
  await site.goto(url);
  await site.waitForLoadState('load');
  return site;
}

/** The popup for the tab showing `site`, 380 px wide and `height` tall. */
export async function openPopup(ext: LoadedExtension, site: Page, height = 700): Promise<Page> {
  await ext.grantTabAccess(site);
  const tabId = await tabIdAt(ext, site.url());
  const popup = await ext.context.newPage();
  await popup.setViewportSize({ width: 380, height });
  await popup.goto(`chrome-extension://${ext.extensionId}/src/popup/index.html?tabId=${tabId}`);
  return popup;
}
