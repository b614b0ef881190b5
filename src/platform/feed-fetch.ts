/**
 * One conditional GET of the feed, under the shared download limits (network/capped-read): the body is abandoned as
 * soon as it passes the size cap, so an oversized (or endless) response never fills memory, and the whole fetch
 * ends at its deadline; parsing and validation happen elsewhere (verdicts/feed.ts).
 */
import { DeadlineError, fetchCapped, TooLargeError } from '../network/capped-read';
import { type DownloadWording, downloadStalled, downloadTooSlow } from '../network/download-errors';
import { DEFAULT_STALL_MS, StallError } from '../network/progress-watchdog';
import { userError } from '../protocol/errors';
import { FEED_MAX_BYTES, feedTooLarge } from '../verdicts/feed';
import type { FeedFetchOutcome } from '../verdicts/feed-state';

/** How long a whole feed download may take when no setting says otherwise. */
export const DEFAULT_FEED_DEADLINE_MS = 120_000;

const WORDING: DownloadWording = {
  source: 'feed server',
  thing: 'the feed',
  action: 'The last good data stays in use; try "Refresh now" later, or check the feed URL.',
};

export interface FeedFetchLimits {
  maxBytes?: number;
  stallMs?: number;
  deadlineMs?: number;
}

export async function fetchFeed(
  url: string,
  headers: Record<string, string>,
  limits: FeedFetchLimits = {},
): Promise<FeedFetchOutcome> {
  const maxBytes = limits.maxBytes ?? FEED_MAX_BYTES;
  const timeLimit = (e: unknown): FeedFetchOutcome | null => {
    if (e instanceof StallError) return { kind: 'failed', error: downloadStalled(e, WORDING) };
    if (e instanceof DeadlineError) return { kind: 'failed', error: downloadTooSlow(e, WORDING) };
    return null;
  };
  let download: Awaited<ReturnType<typeof fetchCapped>>;
  try {
    // `no-store`: our own validators decide freshness; the HTTP cache would turn 304s into opaque 200s.
    download = await fetchCapped(
      url,
      { headers, cache: 'no-store', credentials: 'omit', redirect: 'follow' },
      {
        maxBytes,
        stallMs: limits.stallMs ?? DEFAULT_STALL_MS,
        deadlineMs: limits.deadlineMs ?? DEFAULT_FEED_DEADLINE_MS,
      },
    );
  } catch (e) {
    return (
      timeLimit(e) ?? {
        kind: 'failed',
        error: userError(
          'feed-unreachable',
          `The feed at ${url} could not be reached.`,
          'Check the address and your connection; the last good data stays in use meanwhile.',
        ),
      }
    );
  }
  const { response } = download;
  if (response.status === 304) {
    await download.discard();
    return { kind: 'not-modified' };
  }
  if (!response.ok) {
    await download.discard();
    return {
      kind: 'failed',
      error: userError(
        'feed-unreachable',
        `The feed server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''} for ${url}.`,
        'Check the feed URL; the last good data stays in use meanwhile.',
      ),
    };
  }
  let bytes: Uint8Array;
  try {
    bytes = await download.bytes();
  } catch (e) {
    if (e instanceof TooLargeError) return { kind: 'failed', error: feedTooLarge(e.declared, maxBytes) };
    return (
      timeLimit(e) ?? {
        kind: 'failed',
        error: userError(
          'feed-unreachable',
          `The download of the feed at ${url} broke off.`,
          'Try again later.',
        ),
      }
    );
  }
  return {
    kind: 'fetched',
    bytes,
    etag: response.headers.get('ETag'),
    lastModified: response.headers.get('Last-Modified'),
  };
}
