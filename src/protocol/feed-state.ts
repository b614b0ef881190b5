/** What the extension remembers about its feed: kept by the background, shown by Options (it crosses processes). */
import type { UserError } from './errors';
import type { VerdictDataSet } from './verdict-data';

export interface FeedState {
  /** The feed URL this state belongs to; data from another URL is never shown for this one. */
  url: string;
  /** Last good feed data, already validated; null before the first successful fetch. */
  data: VerdictDataSet | null;
  etag: string | null;
  lastModified: string | null;
  /** When `data` was last fetched (ms since epoch). */
  fetchedAt: number | null;
  /** When the feed was last checked, whatever the outcome. */
  checkedAt: number | null;
  /** The last check's failure; null once a check succeeds or answers 304. */
  error: UserError | null;
}
