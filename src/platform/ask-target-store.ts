/** The side panel's side of the chosen image: read the tab's entry in storage.session and follow its changes. */
import { askTargetKey, parseAskTarget } from '../protocol/ask-target';
import type { AskTarget } from '../protocol/messages';
import { browser } from './browser';

export async function readAskTarget(tabId: number): Promise<AskTarget | null> {
  const key = askTargetKey(tabId);
  return parseAskTarget((await browser.storage.session.get(key))[key]);
}

/** Calls `onChange` whenever the tab's chosen image changes (null once it goes); returns the unsubscribe. */
export function watchAskTarget(tabId: number, onChange: (target: AskTarget | null) => void): () => void {
  const key = askTargetKey(tabId);
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'session' && key in changes) onChange(parseAskTarget(changes[key]?.newValue));
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

/** The tab shown in this panel's window now, and each tab shown after it (Firefox's sidebar is per window). */
export function followActiveTab(onTab: (tabId: number) => void): () => void {
  void browser.windows
    .getCurrent()
    .then((win) => browser.tabs.query({ active: true, windowId: win.id }))
    .then(([tab]) => {
      if (tab?.id !== undefined) onTab(tab.id);
    });
  const listener = async (info: { tabId: number; windowId: number }) => {
    const win = await browser.windows.getCurrent();
    if (info.windowId === win.id) onTab(info.tabId);
  };
  browser.tabs.onActivated.addListener(listener);
  return () => browser.tabs.onActivated.removeListener(listener);
}
