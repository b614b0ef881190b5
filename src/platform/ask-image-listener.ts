/** The panel's side of "Ask about this image" (kept apart from the background's side, which bundles this script). */
import type { ContentCommand } from '../protocol/messages';
import { browser, type Runtime } from './browser';

/** Content side: runs `listener` for each image the background asks about. */
export function onAskAboutImage(listener: (srcUrl: string) => void): void {
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
    const m = message as Partial<ContentCommand> | null;
    if (sender.id !== browser.runtime.id || m?.target !== 'ask-image' || typeof m.srcUrl !== 'string')
      return undefined;
    listener(m.srcUrl);
    return undefined;
  });
}
