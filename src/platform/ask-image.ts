/**
 * Everything browser-specific about "Ask about this image": the context menu, injecting the panel's script only
 * into the frame that was clicked (no content script runs on every page), and telling it which image.
 */
import type { ContentCommand } from '../protocol/messages';
import { browser, type Menus } from './browser';

export const ASK_IMAGE_MENU_ID = 'verdict-lens-ask-image';

export interface ImageClick {
  tabId: number;
  frameId: number;
  srcUrl: string;
  /** Firefox only: the clicked element, for `menus.getTargetElement` in the page. */
  targetElementId?: number;
}

/**
 * Firefox's `menus` (which has getTargetElement for the page's side) or Chrome's `contextMenus`: the Firefox build
 * asks for the `menus` permission instead (see scripts/manifest-for-browser.ts).
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
      ...(info.targetElementId === undefined ? {} : { targetElementId: info.targetElementId }),
    });
  });
}

/** Injects `panelScript` (the built content script's file) into the clicked frame, then tells it which image. */
export async function openAskPanel(click: ImageClick, panelScript: string): Promise<void> {
  const target = { tabId: click.tabId, frameIds: [click.frameId] };
  await browser.scripting.executeScript({ target, files: [panelScript] });
  const command: ContentCommand = {
    target: 'ask-image',
    type: 'ask-about-image',
    srcUrl: click.srcUrl,
    ...(click.targetElementId === undefined ? {} : { targetElementId: click.targetElementId }),
  };
  await browser.tabs.sendMessage(click.tabId, command, { frameId: click.frameId });
}
