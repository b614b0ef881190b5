/**
 * The verdict feed: where it comes from, how often it is checked, what it holds now, and why the last check failed.
 * The data in use is always the last good feed merged with the bundled data; a failed check never removes it.
 */
import { useEffect, useState } from 'preact/hooks';
import type { FeedState } from '../protocol/feed-state';
import { ErrorNote } from './ErrorNote';
import { formatWhen } from './format';

interface Props {
  feedUrl: string;
  intervalHours: number;
  state: FeedState;
  refreshing: boolean;
  /** Saves the URL and interval; the background then checks the feed. */
  onSave: (feedUrl: string, intervalHours: number) => Promise<void>;
  onRefresh: () => void;
}

export function FeedSection({ feedUrl, intervalHours, state, refreshing, onSave, onRefresh }: Props) {
  const [url, setUrl] = useState(feedUrl);
  const [hours, setHours] = useState(String(intervalHours));
  const [fieldError, setFieldError] = useState<string | null>(null);
  // "Checking it now" holds only until the check it announces ends: then the facts and any error below say how it
  // went, and the note beside an error would read as if the failed feed were still being checked.
  const [status, setStatus] = useState<{ text: string; untilCheckAfter: number | null | undefined } | null>(
    null,
  );
  useEffect(() => setUrl(feedUrl), [feedUrl]);
  useEffect(() => setHours(String(intervalHours)), [intervalHours]);

  const save = async (e: Event) => {
    e.preventDefault();
    const trimmed = url.trim();
    if (trimmed !== '' && !/^https?:\/\/[^\s]+$/i.test(trimmed)) {
      setFieldError('Enter an http:// or https:// address, or leave it empty to use the bundled data only.');
      return;
    }
    try {
      if (trimmed !== '') new URL(trimmed);
    } catch {
      setFieldError('That address is not a valid URL.');
      return;
    }
    const h = Number(hours);
    if (!Number.isInteger(h) || h < 1 || h > 168) {
      setFieldError('Check the feed every 1 to 168 hours.');
      return;
    }
    setFieldError(null);
    const checkedBefore = state.checkedAt;
    await onSave(trimmed, h);
    setStatus(
      trimmed === ''
        ? { text: 'Feed removed: the bundled data is used.', untilCheckAfter: undefined }
        : { text: 'Feed saved; checking it now.', untilCheckAfter: checkedBefore },
    );
  };

  const active = feedUrl !== '' && state.url === feedUrl;
  const statusText =
    status && (status.untilCheckAfter === undefined || state.checkedAt === status.untilCheckAfter)
      ? status.text
      : '';
  const tools = active && state.data ? state.data.tools.length : 0;
  return (
    <section aria-labelledby="feed-heading" id="feed">
      <h2 id="feed-heading">Verdict feed</h2>
      <p class="hint">
        A JSON file in the Verdict Lens feed format that updates the verdicts without a new release. It is
        checked every few hours and when you ask; an invalid feed is never used.
      </p>
      <form class="stack" onSubmit={save} noValidate>
        <label for="feed-url">Feed URL</label>
        <input
          id="feed-url"
          type="url"
          placeholder="https://example.org/verdicts.json"
          value={url}
          spellcheck={false}
          aria-invalid={fieldError ? true : undefined}
          aria-describedby={fieldError ? 'feed-url-error' : undefined}
          onInput={(e) => setUrl(e.currentTarget.value)}
        />
        <label for="feed-interval">Check every (hours)</label>
        <input
          id="feed-interval"
          type="number"
          min={1}
          max={168}
          step={1}
          value={hours}
          onInput={(e) => setHours(e.currentTarget.value)}
        />
        {fieldError && (
          <p class="field-error" id="feed-url-error">
            {fieldError}
          </p>
        )}
        <div class="row">
          <button type="submit">Save feed</button>
          <button
            type="button"
            onClick={onRefresh}
            disabled={feedUrl === '' || refreshing}
            aria-busy={refreshing}
          >
            {refreshing ? 'Refreshing…' : 'Refresh now'}
          </button>
        </div>
      </form>
      <p class="status" role="status" aria-live="polite">
        {statusText}
      </p>
      <dl class="facts" data-testid="feed-facts">
        <dt>Data in use</dt>
        <dd data-testid="feed-source">
          {tools > 0
            ? `Bundled data + ${tools} tool${tools === 1 ? '' : 's'} from the feed`
            : 'Bundled data only'}
        </dd>
        <dt>Last checked</dt>
        <dd>{active ? formatWhen(state.checkedAt) : 'never'}</dd>
        <dt>Last updated from the feed</dt>
        <dd>{active ? formatWhen(state.fetchedAt) : 'never'}</dd>
      </dl>
      {active && state.error && (
        <div data-testid="feed-error">
          <ErrorNote error={state.error} />
          {state.data && <p class="hint">The last good feed data stays in use.</p>}
        </div>
      )}
    </section>
  );
}
