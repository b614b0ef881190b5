/**
 * The verdict data the extension uses right now: the bundled data set with the last good feed merged in (newer wins
 * per tool). The popup and the badge read it here, so they pick up feed entries without knowing where they came from.
 */

import type { VerdictDataSet } from '../protocol/verdict-data';
import { BUNDLED_DATA } from '../verdicts/data';
import { mergeDataSets } from '../verdicts/merge';
import { loadFeedState, onFeedStateChanged } from './feed-store';

/** Returns BUNDLED_DATA itself when there is no feed data, so callers can skip a repaint. */
export async function loadVerdictData(): Promise<VerdictDataSet> {
  const feed = await loadFeedState().catch(() => null);
  return mergeDataSets(BUNDLED_DATA, feed?.data ?? null);
}

/** Calls back with the new merged data whenever the stored feed changes. */
export function onVerdictDataChanged(listener: (data: VerdictDataSet) => void): () => void {
  return onFeedStateChanged((state) => listener(mergeDataSets(BUNDLED_DATA, state.data)));
}
