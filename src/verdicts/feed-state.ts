/**
 * What the extension remembers about its feed, and how each fetch outcome changes it. Pure: the background fetches,
 * this decides. The last good data survives every failure; a 304 keeps it and only records the check.
 */
import * as v from 'valibot';
import type { UserError } from '../protocol/errors';
import type { FeedState } from '../protocol/feed-state';
import type { VerdictDataSet } from '../protocol/verdict-data';
import { type FeedParseResult, parseFeed } from './feed';

export type FeedFetchOutcome =
  | { kind: 'not-modified' }
  | { kind: 'fetched'; bytes: Uint8Array; etag: string | null; lastModified: string | null }
  | { kind: 'failed'; error: UserError };

export const EMPTY_FEED_STATE: FeedState = {
  url: '',
  data: null,
  etag: null,
  lastModified: null,
  fetchedAt: null,
  checkedAt: null,
  error: null,
};

/** The state to start from for `url`: the stored one when it is for the same URL, else a clean slate. */
export function feedStateFor(stored: FeedState, url: string): FeedState {
  return stored.url === url ? stored : { ...EMPTY_FEED_STATE, url };
}

/** Conditional-request headers, so an unchanged feed costs a 304 and no parsing. */
export function conditionalHeaders(state: FeedState): Record<string, string> {
  const headers: Record<string, string> = {};
  // Validators only mean something when we still hold the data they describe.
  if (!state.data) return headers;
  if (state.etag) headers['If-None-Match'] = state.etag;
  if (state.lastModified) headers['If-Modified-Since'] = state.lastModified;
  return headers;
}

export function nextFeedState(
  prev: FeedState,
  outcome: FeedFetchOutcome,
  now: number,
  parse: (bytes: Uint8Array) => FeedParseResult = parseFeed,
): FeedState {
  switch (outcome.kind) {
    case 'not-modified':
      return { ...prev, checkedAt: now, error: null };
    case 'failed':
      return { ...prev, checkedAt: now, error: outcome.error };
    case 'fetched': {
      const parsed = parse(outcome.bytes);
      if (!parsed.ok) return { ...prev, checkedAt: now, error: parsed.error };
      return {
        url: prev.url,
        data: parsed.data,
        etag: outcome.etag,
        lastModified: outcome.lastModified,
        fetchedAt: now,
        checkedAt: now,
        error: null,
      };
    }
  }
}

const UserErrorSchema = v.object({
  code: v.string(),
  message: v.string(),
  action: v.optional(v.string()),
});

const StoredFeedStateSchema = v.object({
  url: v.string(),
  data: v.nullable(v.unknown()),
  etag: v.nullable(v.string()),
  lastModified: v.nullable(v.string()),
  fetchedAt: v.nullable(v.number()),
  checkedAt: v.nullable(v.number()),
  error: v.nullable(UserErrorSchema),
});

/**
 * Reads a stored state back. Storage outlives builds, so a state from an older version whose data no longer
 * validates is dropped (with its validators, so the next fetch downloads the feed in full) rather than trusted.
 */
export function parseStoredFeedState(
  raw: unknown,
  validate: (data: unknown) => { ok: true; data: VerdictDataSet } | { ok: false },
): FeedState {
  const parsed = v.safeParse(StoredFeedStateSchema, raw);
  if (!parsed.success) return EMPTY_FEED_STATE;
  const s = parsed.output;
  const error = s.error as UserError | null;
  if (s.data === null) return { ...s, data: null, error };
  const checked = validate(s.data);
  if (!checked.ok) return { ...s, data: null, etag: null, lastModified: null, fetchedAt: null, error };
  return { ...s, data: checked.data, error };
}
