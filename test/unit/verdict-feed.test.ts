import { describe, expect, test } from 'vitest';
import type { FeedState } from '../../src/protocol/feed-state';
import { validateDataSet } from '../../src/protocol/verdict-data';
import { BUNDLED_DATA } from '../../src/verdicts/data';
import { FEED_MAX_BYTES, parseFeed } from '../../src/verdicts/feed';
import {
  conditionalHeaders,
  EMPTY_FEED_STATE,
  feedStateFor,
  nextFeedState,
  parseStoredFeedState,
} from '../../src/verdicts/feed-state';
import { mergeDataSets } from '../../src/verdicts/merge';
import { publicSuffixIssues } from '../../src/verdicts/suffix-patterns';
import { FEED_TOOL_ID, feedBytes, validFeed } from '../support/feed-fixtures';

function rejected(bytes: Uint8Array, max?: number) {
  const result = parseFeed(bytes, max);
  if (result.ok) throw new Error('expected the feed to be rejected');
  return result.error;
}

describe('parseFeed', () => {
  test('accepts a valid feed', () => {
    const result = parseFeed(feedBytes(validFeed()));
    expect(result.ok && result.data.tools.map((t) => t.id)).toEqual([FEED_TOOL_ID, 'moondream']);
  });

  test('rejects a feed over the size limit before parsing it', () => {
    // Not JSON at all: the size check must come first, so the message is about size.
    const error = rejected(new Uint8Array(FEED_MAX_BYTES + 1).fill(0x7b));
    expect(error.code).toBe('feed-too-large');
    expect(error.message).toContain('1.0 MB');
    expect(rejected(feedBytes(validFeed()), 100).code).toBe('feed-too-large');
  });

  test('rejects a site pattern on a public suffix, checked against the public suffix list', () => {
    for (const host of ['co.uk', 'github.io', 'com.au']) {
      const feed = validFeed();
      feed.tools[0]!.sitePatterns = [{ host, includeSubdomains: true }];
      const result = parseFeed(feedBytes(feed), FEED_MAX_BYTES, publicSuffixIssues);
      expect(result).toMatchObject({
        ok: false,
        error: {
          code: 'feed-invalid',
          message: expect.stringContaining(
            'tools[0].sitePatterns[0].host: is a public suffix (like co.uk or github.io)',
          ),
        },
      });
    }
    const feed = validFeed();
    feed.tools[0]!.sitePatterns = [{ host: 'bbc.co.uk', includeSubdomains: true }];
    expect(parseFeed(feedBytes(feed), FEED_MAX_BYTES, publicSuffixIssues).ok).toBe(true);
    expect(publicSuffixIssues(BUNDLED_DATA)).toEqual([]);
  });

  test('rejects non-JSON and non-UTF-8 bytes', () => {
    expect(rejected(new TextEncoder().encode('<!doctype html><p>hi')).code).toBe('feed-not-json');
    expect(rejected(new Uint8Array([0xff, 0xfe, 0x00])).code).toBe('feed-not-json');
  });

  test('rejects a schema violation and names the field', () => {
    const feed = validFeed() as unknown as { tools: { entryPrice: string }[] };
    (feed.tools[0] as { entryPrice: string }).entryPrice = 'Cheap';
    const error = rejected(feedBytes(feed));
    expect(error.code).toBe('feed-invalid');
    expect(error.message).toContain('tools[0].entryPrice');
  });

  test('rejects duplicate ids and references that do not resolve', () => {
    const dup = validFeed();
    dup.tools.push({ ...(dup.tools[0] as (typeof dup.tools)[0]) });
    expect(rejected(feedBytes(dup)).message).toContain('duplicate tool id "lens-test-vision"');
    const dangling = validFeed();
    (dangling.tools[0] as (typeof dangling.tools)[0]).competitors = ['no-such-tool'];
    expect(rejected(feedBytes(dangling)).message).toContain(
      'tools[0].competitors[0]: no tool with id "no-such-tool"',
    );
  });

  test('lists at most three issues and counts the rest', () => {
    const feed = validFeed() as unknown as { reviews: { vote: string }[] };
    for (const r of feed.reviews) r.vote = 'maybe';
    const bad = validFeed() as unknown as { tools: { name: string }[]; reviews: unknown };
    bad.reviews = feed.reviews;
    for (const t of bad.tools) t.name = '';
    expect(rejected(feedBytes(bad)).message).toMatch(/\(and 2 more\)\.$/);
  });
});

describe('mergeDataSets', () => {
  const byId = (data: ReturnType<typeof mergeDataSets>, id: string) => data.tools.find((t) => t.id === id);

  test('without a feed the bundled data is used as is', () => {
    expect(mergeDataSets(BUNDLED_DATA, null)).toBe(BUNDLED_DATA);
  });

  test('adds new tools, their reviews and comparisons; the result is a valid data set', () => {
    const merged = mergeDataSets(BUNDLED_DATA, validFeed());
    expect(byId(merged, FEED_TOOL_ID)?.name).toBe('Lens Test Vision');
    expect(merged.reviews.filter((r) => r.toolId === FEED_TOOL_ID)).toHaveLength(3);
    expect(merged.comparisons.map((c) => c.id)).toContain('lens-test-vision-vs-moondream');
    expect(merged.tools).toHaveLength(BUNDLED_DATA.tools.length + 1);
    expect(validateDataSet(merged).ok).toBe(true);
  });

  test('a newer feed entry replaces the bundled one, reviews included', () => {
    const feed = validFeed('2030-01-01');
    feed.reviews.push({ toolId: 'moondream', lens: 'competitive', vote: 'skip', take: 'Feed review.' });
    const merged = mergeDataSets(BUNDLED_DATA, feed);
    expect(byId(merged, 'moondream')?.tagline).toBe('Updated by the feed');
    expect(merged.reviews.filter((r) => r.toolId === 'moondream').map((r) => r.take)).toEqual([
      'Feed review.',
    ]);
  });

  test('an older feed entry does not replace a newer bundled one', () => {
    const merged = mergeDataSets(BUNDLED_DATA, validFeed('2020-01-01'));
    const bundledMoondream = BUNDLED_DATA.tools.find((t) => t.id === 'moondream');
    expect(byId(merged, 'moondream')).toEqual(bundledMoondream);
    // Tools only the feed has are added whatever their date.
    expect(byId(merged, FEED_TOOL_ID)).toBeDefined();
  });

  test('on equal dates the feed wins', () => {
    const sameDay = BUNDLED_DATA.tools.find((t) => t.id === 'moondream')?.updatedAt ?? '';
    expect(byId(mergeDataSets(BUNDLED_DATA, validFeed(sameDay)), 'moondream')?.tagline).toBe(
      'Updated by the feed',
    );
  });

  test('comparisons merge by id, newer wins', () => {
    const bundled = BUNDLED_DATA.comparisons[0];
    if (!bundled) throw new Error('bundled data has a comparison');
    const feed = validFeed();
    feed.tools.push(
      ...BUNDLED_DATA.tools
        .filter((t) => bundled.toolIds.includes(t.id))
        .map((t) => ({ ...t, competitors: [] })),
    );
    feed.comparisons.push({ ...bundled, headline: 'Newer headline.', updatedAt: '2030-01-02' });
    const merged = mergeDataSets(BUNDLED_DATA, feed);
    expect(merged.comparisons.find((c) => c.id === bundled.id)?.headline).toBe('Newer headline.');
    expect(validateDataSet(merged).ok).toBe(true);
  });
});

describe('feed state', () => {
  const good = validFeed();
  const withData: FeedState = {
    ...EMPTY_FEED_STATE,
    url: 'https://feed.example/v.json',
    data: good,
    etag: '"v1"',
    lastModified: 'Wed, 01 Jan 2030 00:00:00 GMT',
    fetchedAt: 1,
    checkedAt: 1,
  };

  test('a successful fetch stores data and validators', () => {
    const next = nextFeedState(
      { ...EMPTY_FEED_STATE, url: withData.url },
      { kind: 'fetched', bytes: feedBytes(good), etag: '"v1"', lastModified: null },
      5,
    );
    expect(next).toMatchObject({
      data: good,
      etag: '"v1"',
      lastModified: null,
      fetchedAt: 5,
      checkedAt: 5,
      error: null,
    });
  });

  test('a broken feed keeps the last good data and records the error', () => {
    const next = nextFeedState(
      withData,
      { kind: 'fetched', bytes: new TextEncoder().encode('not json'), etag: '"v2"', lastModified: null },
      9,
    );
    expect(next.data).toBe(good);
    expect(next.etag).toBe('"v1"');
    expect(next.error?.code).toBe('feed-not-json');
    expect(next.checkedAt).toBe(9);
    expect(next.fetchedAt).toBe(1);
  });

  test('304 keeps the data and clears an earlier error', () => {
    const failed = { ...withData, error: { code: 'feed-unreachable' as const, message: 'x' } };
    const next = nextFeedState(failed, { kind: 'not-modified' }, 7);
    expect(next).toMatchObject({ data: good, error: null, checkedAt: 7, fetchedAt: 1 });
  });

  test('a network failure keeps the data', () => {
    const next = nextFeedState(
      withData,
      { kind: 'failed', error: { code: 'feed-unreachable', message: 'down' } },
      3,
    );
    expect(next.data).toBe(good);
    expect(next.error?.message).toBe('down');
  });

  test('conditional headers only when data is held', () => {
    expect(conditionalHeaders(withData)).toEqual({
      'If-None-Match': '"v1"',
      'If-Modified-Since': 'Wed, 01 Jan 2030 00:00:00 GMT',
    });
    expect(conditionalHeaders({ ...withData, data: null })).toEqual({});
  });

  test('a different URL starts from a clean slate', () => {
    expect(feedStateFor(withData, withData.url)).toBe(withData);
    expect(feedStateFor(withData, 'https://other.example/f.json')).toEqual({
      ...EMPTY_FEED_STATE,
      url: 'https://other.example/f.json',
    });
  });

  test('stored state is re-validated; stale data is dropped with its validators', () => {
    const roundTrip = parseStoredFeedState(JSON.parse(JSON.stringify(withData)), validateDataSet);
    expect(roundTrip.data?.tools[0]?.id).toBe(FEED_TOOL_ID);
    const stale = parseStoredFeedState({ ...withData, data: { version: 0 } }, validateDataSet);
    expect(stale).toMatchObject({ data: null, etag: null, lastModified: null, url: withData.url });
    expect(parseStoredFeedState('garbage', validateDataSet)).toEqual(EMPTY_FEED_STATE);
  });
});
