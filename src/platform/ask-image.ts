/**
 * Everything browser-specific about "Ask about this image": the context menu, injecting the panel's script only
 * into the frame that was clicked (no content script runs on every page), and telling it which image.
 */
/// <reference types="@crxjs/vite-plugin/client" />
import askImageScript from '../content/ask-image.tsx?script&iife';
import type { ContentCommand } from '../protocol/messages';
import { browser } from './browser';

export const ASK_IMAGE_MENU_ID = 'verdict-lens-ask-image';

export interface ImageClick {
  tabId: number;
  frameId: number;
  srcUrl: string;
}

/** Menus persist across restarts of the service worker; they are (re)created when the extension is installed. */
export function registerAskImageMenu(onClick: (click: ImageClick) => void): void {
  browser.runtime.onInstalled.addListener(() => {
    void browser.contextMenus.removeAll().then(() =>
      browser.contextMenus.create({
        id: ASK_IMAGE_MENU_ID,
        title: 'Ask about this image',
        contexts: ['image'],
      }),
    );
  });
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId !== ASK_IMAGE_MENU_ID || tab?.id === undefined || !info.srcUrl) return;
    onClick({ tabId: tab.id, frameId: info.frameId ?? 0, srcUrl: info.srcUrl });
  });
}

export async function openAskPanel(click: ImageClick): Promise<void> {
  const target = { tabId: click.tabId, frameIds: [click.frameId] };
  await browser.scripting.executeScript({ target, files: [askImageScript] });
  const command: ContentCommand = { target: 'ask-image', type: 'ask-about-image', srcUrl: click.srcUrl };
  await browser.tabs.sendMessage(click.tabId, command, { frameId: click.frameId });
}
