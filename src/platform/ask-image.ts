/**
 * Everything browser-specific about "Ask about this image": the context menu, and opening the conversation in the
 * browser's own side panel for that tab (Chrome's sidePanel, Firefox's sidebar), where the page can't reach it. The
 * chosen image waits in storage.session for the panel; nothing is injected into the page to ask about an image.
 */
import { askTargetKey, sidePanelPath } from '../protocol/ask-target';
import type { AskTarget } from '../protocol/messages';
import { randomId } from '../protocol/random-id';
import { browser, type Menus } from './browser';

export const ASK_IMAGE_MENU_ID = 'verdict-lens-ask-image';

export interface ImageClick {
  tabId: number;
  frameId: number;
  srcUrl: string;
  /** The tab's page, as the menu's tab names it (absent when the browser doesn't say). */
  pageUrl?: string;
  pageTitle?: string;
}

/**
 * Firefox's `menus` or Chrome's `contextMenus`: the Firefox build asks for the `menus` permission instead (see
 * scripts/manifest-for-browser.ts).
 */
function menus(): Menus.Static {
  return browser.menus ?? browser.contextMenus;
}

/** Menus persist across restarts of the service worker; they are (re)created when the extension is installed. */
export function registerAskImageMenu(onClick: (click: ImageClick) => void): void {
  browser.runtime.onInstalled.addListener(() => {
    void menus()
      .removeAll()
      .then(() =>
        menus().create({
          id: ASK_IMAGE_MENU_ID,
          title: 'Ask about this image',
          contexts: ['image'],
        }),
      );
  });
  menus().onClicked.addListener((info, tab) => {
    if (info.menuItemId !== ASK_IMAGE_MENU_ID || tab?.id === undefined || !info.srcUrl) return;
    onClick({
      tabId: tab.id,
      frameId: info.frameId ?? 0,
      srcUrl: info.srcUrl,
      pageUrl: info.pageUrl ?? tab.url ?? '',
      pageTitle: tab.title ?? '',
    });
  });
  // A closed tab's chosen image has no panel left to show it.
  browser.tabs.onRemoved.addListener((tabId) => {
    void browser.storage.session.remove(askTargetKey(tabId));
  });
}

interface ChromeSidePanel {
  setOptions(options: { tabId: number; path: string; enabled: boolean }): Promise<void>;
  open(options: { tabId: number }): Promise<void>;
}

function chromeSidePanel(): ChromeSidePanel | undefined {
  return (globalThis as { chrome?: { sidePanel?: ChromeSidePanel } }).chrome?.sidePanel;
}

/**
 * Opens the tab's side panel on its conversation. Both browsers open a panel only from a user gesture, and the menu
 * click is one only until the handler first waits: so every call here starts before anything is awaited.
 */
export function openSidePanel(tabId: number): Promise<void> {
  const path = sidePanelPath(tabId);
  const chromePanel = chromeSidePanel();
  if (chromePanel) {
    // A panel of the tab's own: it goes away when another tab is shown and comes back with this one.
    const options = chromePanel.setOptions({ tabId, path, enabled: true });
    return Promise.all([options, chromePanel.open({ tabId })]).then(() => undefined);
  }
  // Firefox's sidebar belongs to the window: its page follows the window's active tab (src/sidepanel/main.tsx), so
  // it shows this tab's conversation. A per-tab panel (setPanel) isn't loaded into an open sidebar until it reopens.
  const sidebar = browser.sidebarAction;
  if (!sidebar) return Promise.reject(new Error('This browser has no side panel for extensions.'));
  return sidebar.open();
}

/** Keeps the chosen image for the tab's panel, replacing the one before (the panel starts a new conversation). */
export async function storeAskTarget(click: ImageClick): Promise<AskTarget> {
  const target: AskTarget = {
    id: randomId(),
    tabId: click.tabId,
    frameId: click.frameId,
    srcUrl: click.srcUrl,
    pageUrl: click.pageUrl ?? '',
    pageTitle: click.pageTitle ?? '',
  };
  await browser.storage.session.set({ [askTargetKey(click.tabId)]: target });
  return target;
}
