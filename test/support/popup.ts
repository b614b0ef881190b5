/**
 * The popup in Chromium tests, as the toolbar button opens it for a tab: automation can't click the button, so the
 * popup's page is opened in a tab of its own, told which tab it is for (?tabId=N), at the popup's width.
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

/** The popup for the tab `tabId`, 380 px wide and `height` tall. */
export async function openPopup(ext: LoadedExtension, tabId: number, height = 700): Promise<Page> {
  const popup = await ext.context.newPage();
  await popup.setViewportSize({ width: 380, height });
  await popup.goto(`chrome-extension://${ext.extensionId}/src/popup/index.html?tabId=${tabId}`);
  return popup;
}
