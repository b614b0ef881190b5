/** The feed's state in storage.local: large enough (up to the feed cap) that it must not go to storage.sync. */
import type { FeedState } from '../protocol/feed-state';
import { validateDataSet } from '../protocol/verdict-data';
import { EMPTY_FEED_STATE, parseStoredFeedState } from '../verdicts/feed-state';
import { browser } from './browser';

const KEY = 'verdictFeed';

export async function loadFeedState(): Promise<FeedState> {
  const stored = await browser.storage.local.get(KEY);
  return stored[KEY] === undefined ? EMPTY_FEED_STATE : parseStoredFeedState(stored[KEY], validateDataSet);
}

export async function saveFeedState(state: FeedState): Promise<void> {
  await browser.storage.local.set({ [KEY]: state });
}

/** Calls back with the new state whenever the background stores one (a fetch, a 304, an error). */
export function onFeedStateChanged(listener: (state: FeedState) => void): () => void {
  const handler = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    const change = changes[KEY];
    if (area === 'local' && change) listener(parseStoredFeedState(change.newValue ?? null, validateDataSet));
  };
  browser.storage.onChanged.addListener(handler);
  return () => browser.storage.onChanged.removeListener(handler);
}
