/**
 * The image a page shows, as the engine should get it, decided where the page's own images can be read (a
 * content script, or the popup for data: URLs): http(s) addresses go to the engine host, which fetches them with
 * the extension's host access; data: and blob: images are read here and normalised, so only the scaled-down
 * image leaves the page.
 */
import { userError } from '../protocol/errors';
import type { ImageSource } from '../protocol/messages';
import { sniffImageKind } from './classify';
import { IntakeError } from './intake-error';
import { normaliseImageBlob } from './normalise-image';

/** An SVG the page can't rasterise (its CSP may forbid blob: images) goes to the extension as text, when small. */
export const SVG_HANDOFF_MAX_BYTES = 2 * 1024 * 1024;

/** Where an image address is read: by the engine host, here in the page, or nowhere. */
export function pageImageRoute(url: string): 'engine' | 'page' | null {
  const protocol = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (protocol === 'http' || protocol === 'https') return 'engine';
  if (protocol === 'data' || protocol === 'blob') return 'page';
  return null;
}

async function readHere(url: string, signal?: AbortSignal): Promise<Blob> {
  try {
    return await (await fetch(url, { signal })).blob();
  } catch (error) {
    if (signal?.aborted) throw error;
    // A blob: URL stops working once the page revokes it (many do right after showing the image).
    throw new IntakeError(
      userError(
        'image-not-found',
        'This image can’t be read any more: only its page can read a blob: image, and it may have discarded it.',
        'Reload the page and ask from the image itself.',
      ),
    );
  }
}

async function asDataUrl(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}

/**
 * `pageUrl`, the page showing the image, travels with an http(s) address when the caller is an extension page that
 * knows it (the background replaces it with the sender's tab for content scripts).
 */
export async function imageSourceFromPage(
  url: string,
  signal?: AbortSignal,
  pageUrl?: string,
): Promise<ImageSource> {
  const route = pageImageRoute(url);
  if (route === 'engine') return pageUrl === undefined ? { kind: 'url', url } : { kind: 'url', url, pageUrl };
  if (route === null) {
    throw new IntakeError(
      userError('image-fetch-failed', 'This image’s address can’t be read.', 'Try another image.'),
    );
  }
  const blob = await readHere(url, signal);
  try {
    return { kind: 'inline', image: await normaliseImageBlob(blob, signal) };
  } catch (error) {
    const svg = sniffImageKind(new Uint8Array(await blob.slice(0, 4096).arrayBuffer())) === 'svg';
    const decodeFailed = error instanceof IntakeError && error.userError.code === 'image-decode-failed';
    if (!svg || !decodeFailed || blob.size > SVG_HANDOFF_MAX_BYTES) throw error;
    // The extension's own document has no page CSP in the way; it reads data: addresses itself.
    return { kind: 'url', url: await asDataUrl(blob) };
  }
}
