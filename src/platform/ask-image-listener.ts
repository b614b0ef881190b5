/** The panel's side of "Ask about this image" (kept apart from the background's side, which bundles this script). */
import type { ContentCommand } from '../protocol/messages';
import { browser, type Runtime } from './browser';

/**
 * The element Firefox says was right-clicked (`menus.getTargetElement`, valid in this document until the next
 * context menu); null in Chrome, which names only the image's URL.
 */
function clickedElement(targetElementId: unknown): Element | null {
  if (typeof targetElementId !== 'number') return null;
  return browser.menus?.getTargetElement?.(targetElementId) ?? null;
}

/** Content side: runs `listener` for each image the background asks about. */
export function onAskAboutImage(listener: (srcUrl: string, clicked: Element | null) => void): void {
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
    const m = message as Partial<ContentCommand> | null;
    if (sender.id !== browser.runtime.id || m?.target !== 'ask-image' || typeof m.srcUrl !== 'string')
      return undefined;
    listener(m.srcUrl, clickedElement(m.targetElementId));
    return undefined;
  });
}
