/**
 * One conditional GET of the feed. The body is read as a stream and abandoned as soon as it passes the size cap, so
 * an oversized (or endless) response never fills memory; parsing and validation happen elsewhere (verdicts/feed.ts).
 */
import { userError } from '../protocol/errors';
import { FEED_MAX_BYTES, feedTooLarge } from '../verdicts/feed';
import type { FeedFetchOutcome } from '../verdicts/feed-state';

const TIMEOUT_MS = 20_000;

async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array | { tooLarge: number }> {
  const declared = Number(response.headers.get('Content-Length'));
  if (Number.isFinite(declared) && declared > maxBytes) return { tooLarge: declared };
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array(await response.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return { tooLarge: size };
    }
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

export async function fetchFeed(
  url: string,
  headers: Record<string, string>,
  maxBytes = FEED_MAX_BYTES,
): Promise<FeedFetchOutcome> {
  let response: Response;
  try {
    // `no-store`: our own validators decide freshness; the HTTP cache would turn 304s into opaque 200s.
    response = await fetch(url, {
      headers,
      cache: 'no-store',
      credentials: 'omit',
      redirect: 'follow',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (e) {
    const timedOut = e instanceof DOMException && e.name === 'TimeoutError';
    return {
      kind: 'failed',
      error: userError(
        'feed-unreachable',
        timedOut
          ? `The feed at ${url} did not answer within ${TIMEOUT_MS / 1000} seconds.`
          : `The feed at ${url} could not be reached.`,
        'Check the address and your connection. If the server is yours, allow access when asked, or serve the feed with an Access-Control-Allow-Origin header.',
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
  const body = await readCapped(response, maxBytes).catch(() => null);
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
