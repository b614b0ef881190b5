/** The page's side of reading a `blob:` image for the side panel (kept apart from the panel's side, which bundles this script). */
import { type UserError, userError } from '../protocol/errors';
import type { ImageSource, ReadImageCommand, ReadImageReply } from '../protocol/messages';
import { browser, type Runtime } from './browser';

function errorOf(error: unknown): UserError {
  return (
    (error as { userError?: UserError } | null)?.userError ??
    userError('image-fetch-failed', 'This image couldn’t be read from its page.', 'Try another image.')
  );
}

/** Answers each `read-image` command from this extension with the image `read` makes of the address. */
export function onReadImage(read: (srcUrl: string) => Promise<ImageSource>): void {
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
    const m = message as Partial<ReadImageCommand> | null;
    if (sender.id !== browser.runtime.id || m?.target !== 'read-image' || typeof m.srcUrl !== 'string')
      return undefined;
    return read(m.srcUrl).then(
      (source): ReadImageReply => ({ ok: true, source }),
      (error: unknown): ReadImageReply => ({ ok: false, error: errorOf(error) }),
    );
  });
}
