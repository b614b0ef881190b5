/** Tab queries and events, reduced to what the features need: a tab's id and its URL. */
import { browser } from './browser';

export interface TabRef {
  id: number;
  url: string;
}

function toRef(tab: { id?: number; url?: string }): TabRef | null {
  return tab.id === undefined ? null : { id: tab.id, url: tab.url ?? '' };
}

export async function getTab(tabId: number): Promise<TabRef | null> {
  try {
    return toRef(await browser.tabs.get(tabId));
  } catch {
    return null; // closed meanwhile, or never existed
  }
}

export async function getActiveTab(): Promise<TabRef | null> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab ? toRef(tab) : null;
}

export async function listTabs(): Promise<TabRef[]> {
  const tabs = await browser.tabs.query({});
  return tabs.map(toRef).filter((t): t is TabRef => t !== null);
}

/**
 * Calls back with a tab whenever what it shows may have changed: navigation (URL or load status), switching to it,
 * or the browser swapping it for a prerendered tab.
 */
export function onTabMaybeChanged(listener: (tab: TabRef) => void): void {
  browser.tabs.onUpdated.addListener((tabId, change, tab) => {
    if (change.url !== undefined || change.status !== undefined) listener({ id: tabId, url: tab.url ?? '' });
  });
  browser.tabs.onActivated.addListener(async ({ tabId }) => {
    const tab = await getTab(tabId);
    if (tab) listener(tab);
  });
  browser.tabs.onReplaced.addListener(async (addedTabId) => {
    const tab = await getTab(addedTabId);
    if (tab) listener(tab);
  });
}
