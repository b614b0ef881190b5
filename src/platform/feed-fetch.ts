/**
 * One conditional GET of the feed. The body is read as a stream and abandoned as soon as it passes the size cap, so
 * an oversized (or endless) response never fills memory; parsing and validation happen elsewhere (verdicts/feed.ts).
 */
import {
  DEFAULT_STALL_MS,
  fetchWithStallLimit,
  readWithStallLimit,
  StallError,
  secondsText,
  siteOf,
} from '../network/progress-watchdog';
import { type UserError, userError } from '../protocol/errors';
import { FEED_MAX_BYTES, feedTooLarge } from '../verdicts/feed';
import type { FeedFetchOutcome } from '../verdicts/feed-state';

/** The declared size when the server announced one; null when it was found out by reading past the limit. */
type TooLarge = { tooLarge: number | null };

async function readCapped(
  response: Response,
  url: string,
  maxBytes: number,
  stallMs: number,
): Promise<Uint8Array | TooLarge> {
  const header = response.headers.get('Content-Length');
  const declared = header === null ? Number.NaN : Number(header);
  if (Number.isFinite(declared) && declared > maxBytes) return { tooLarge: declared };
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const value of readWithStallLimit(response.body, url, stallMs)) {
    size += value.byteLength;
    // Leaving the loop cancels the stream: the rest of an oversized (or endless) feed is never downloaded.
    if (size > maxBytes) return { tooLarge: null };
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function feedStalled(error: StallError): UserError {
  const seconds = secondsText(error.stallMs);
  return userError(
    'download-stalled',
    error.phase === 'headers'
      ? `The feed server ${siteOf(error.url)} didn't answer for ${seconds}.`
      : `The feed server ${siteOf(error.url)} stopped sending the feed (nothing arrived for ${seconds}).`,
    'The last good data stays in use; try "Refresh now" later, or check the feed URL.',
  );
}

export async function fetchFeed(
  url: string,
  headers: Record<string, string>,
  maxBytes = FEED_MAX_BYTES,
  stallMs = DEFAULT_STALL_MS,
): Promise<FeedFetchOutcome> {
  let response: Response;
  try {
    // `no-store`: our own validators decide freshness; the HTTP cache would turn 304s into opaque 200s.
    response = await fetchWithStallLimit(
      url,
      { headers, cache: 'no-store', credentials: 'omit', redirect: 'follow' },
      stallMs,
    );
  } catch (e) {
    if (e instanceof StallError) return { kind: 'failed', error: feedStalled(e) };
    return {
      kind: 'failed',
      error: userError(
        'feed-unreachable',
        `The feed at ${url} could not be reached.`,
        'Check the address and your connection; the last good data stays in use meanwhile.',
      ),
    };
  }
  if (response.status === 304) return { kind: 'not-modified' };
  if (!response.ok) {
    return {
      kind: 'failed',
      error: userError(
        'feed-unreachable',
        `The feed server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''} for ${url}.`,
        'Check the feed URL; the last good data stays in use meanwhile.',
      ),
    };
  }
  const body = await readCapped(response, url, maxBytes, stallMs).catch((e: unknown) =>
    e instanceof StallError ? e : null,
  );
  if (body instanceof StallError) return { kind: 'failed', error: feedStalled(body) };
  if (body === null) {
    return {
      kind: 'failed',
      error: userError(
        'feed-unreachable',
        `The download of the feed at ${url} broke off.`,
        'Try again later.',
      ),
    };
  }
  if (!(body instanceof Uint8Array)) return { kind: 'failed', error: feedTooLarge(body.tooLarge, maxBytes) };
  return {
    kind: 'fetched',
    bytes: body,
    etag: response.headers.get('ETag'),
    lastModified: response.headers.get('Last-Modified'),
  };
}
