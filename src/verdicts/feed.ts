/**
 * A verdict feed is untrusted bytes from the network. It is checked as a whole before any of it is used: size (on the
 * bytes, before parsing), UTF-8, JSON, the data set schema, unique ids and references that resolve. A feed that
 * fails any check is rejected with one message a person can act on; nothing from it is used.
 */
import { type UserError, userError } from '../protocol/errors';
import {
  type DataSetIssue,
  formatDataSetIssues,
  type VerdictDataSet,
  validateDataSet,
} from '../protocol/verdict-data';

/** 1 MiB: two orders of magnitude above a realistic feed, small enough that parsing never stalls the worker. */
export const FEED_MAX_BYTES = 1024 * 1024;
/** How many schema issues the message lists; the rest are counted. */
const ISSUES_SHOWN = 3;

export type FeedParseResult = { ok: true; data: VerdictDataSet } | { ok: false; error: UserError };

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

/** `size` is null when the server didn't say how big the feed is and reading stopped at the limit. */
export function feedTooLarge(size: number | null, maxBytes = FEED_MAX_BYTES): UserError {
  return userError(
    'feed-too-large',
    size === null
      ? `The feed is larger than the ${formatBytes(maxBytes)} limit (the download was stopped there), so it was not used.`
      : `The feed is ${formatBytes(size)}, more than the ${formatBytes(maxBytes)} limit, so it was not used.`,
    'Split the feed or remove entries, then refresh.',
  );
}

/**
 * `moreIssues` checks what the schema can't (see suffix-patterns); its findings are reported like the schema's.
 */
export function parseFeed(
  bytes: Uint8Array,
  maxBytes = FEED_MAX_BYTES,
  moreIssues: (data: VerdictDataSet) => DataSetIssue[] = () => [],
): FeedParseResult {
  if (bytes.byteLength > maxBytes) return { ok: false, error: feedTooLarge(bytes.byteLength, maxBytes) };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return {
      ok: false,
      error: userError(
        'feed-not-json',
        'The feed is not UTF-8 text, so it was not used.',
        'Serve the feed as UTF-8 JSON.',
      ),
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const detail = e instanceof SyntaxError ? ` (${e.message})` : '';
    return {
      ok: false,
      error: userError(
        'feed-not-json',
        `The feed is not valid JSON${detail}, so it was not used.`,
        'Check that the feed URL points at the JSON file itself, not a web page about it.',
      ),
    };
  }
  const validated = validateDataSet(json);
  const found = validated.ok ? moreIssues(validated.data) : [];
  const result = validated.ok && found.length > 0 ? { ok: false as const, issues: found } : validated;
  if (!result.ok) {
    const shown = formatDataSetIssues(result.issues.slice(0, ISSUES_SHOWN)).replaceAll('\n', '; ');
    const more =
      result.issues.length > ISSUES_SHOWN ? ` (and ${result.issues.length - ISSUES_SHOWN} more)` : '';
    return {
      ok: false,
      error: userError(
        'feed-invalid',
        `The feed does not match the verdict data format: ${shown}${more}.`,
        'Fix these fields in the feed (see docs/verdict-feed.schema.json), then refresh.',
      ),
    };
  }
  return { ok: true, data: result.data };
}
