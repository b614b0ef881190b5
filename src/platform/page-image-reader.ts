/**
 * The side panel's way to a `blob:` image, which only the page that made it can read: a small script goes into the
 * chosen image's frame, reads and scales the image there, and answers with the result. Everything else is read
 * without the page (see imageSourceForTarget in src/sidepanel).
 */
import { IntakeError } from '../intake/intake-error';
import { userError } from '../protocol/errors';
import type { ImageSource, ReadImageCommand, ReadImageReply } from '../protocol/messages';
import { browser } from './browser';

/** `readImageScript`: the reader's bundled file, handed in by the side panel (platform/ injects; it owns no script). */
export async function readImageInPage(
  tabId: number,
  frameId: number,
  srcUrl: string,
  readImageScript: string,
): Promise<ImageSource> {
  let reply: ReadImageReply | undefined;
  try {
    await browser.scripting.executeScript({
      target: { tabId, frameIds: [frameId] },
      files: [readImageScript],
    });
    const command: ReadImageCommand = { target: 'read-image', srcUrl };
    reply = (await browser.tabs.sendMessage(tabId, command, { frameId })) as ReadImageReply | undefined;
  } catch {
    reply = undefined;
  }
  if (reply?.ok) return reply.source;
  throw new IntakeError(
    reply?.error ??
      userError(
        'image-not-found',
        'This image can’t be read any more: only its page can read a blob: image, and the page has moved on.',
        'Go back to the page and ask from the image itself.',
      ),
  );
}
