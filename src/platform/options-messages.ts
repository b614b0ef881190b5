/** Typed runtime messaging between the options page and the background (see OptionsRequest in the protocol). */
import { userError } from '../protocol/errors';
import type { OptionsReply, OptionsRequest } from '../protocol/messages';
import { browser, type Runtime } from './browser';

const REQUEST_TYPES: ReadonlySet<string> = new Set<OptionsRequest['type']>(['feed-refresh']);

function isOptionsRequest(message: unknown): message is OptionsRequest {
  return (
    typeof message === 'object' &&
    message !== null &&
    REQUEST_TYPES.has(String((message as { type?: unknown }).type))
  );
}

export async function sendOptionsRequest(request: OptionsRequest): Promise<OptionsReply> {
  try {
    return (await browser.runtime.sendMessage(request)) as OptionsReply;
  } catch {
    return {
      type: 'error',
      error: userError(
        'internal',
        'The extension’s background did not answer.',
        'Reload the options page and try again.',
      ),
    };
  }
}

/** Answers options requests from this extension's own pages only; other messages are left to other listeners. */
export function onOptionsRequest(handler: (request: OptionsRequest) => Promise<OptionsReply>): void {
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
    if (sender.id !== browser.runtime.id || !isOptionsRequest(message)) return undefined;
    // Content scripts share the extension id; the options page has an extension URL and no tab-hosted page.
    if (!sender.url?.startsWith(browser.runtime.getURL(''))) return undefined;
    return handler(message);
  });
}
