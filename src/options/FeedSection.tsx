/**
 * The verdict feed: where it comes from, how often it is checked, what it holds now, and why the last check failed.
 * The data in use is always the last good feed merged with the bundled data; a failed check never removes it.
 */
import type { FeedState } from '../protocol/feed-state';
import type { Settings } from '../settings/schema';
import { CommitField } from './CommitField';
import { ErrorNote } from './ErrorNote';
import { checkFeedInterval, checkFeedUrl } from './field-checks';
import { formatWhen } from './format';
import type { OptionsStatus } from './status';

const hoursText = (hours: number) => (hours === 1 ? 'hour' : `${hours} hours`);

interface Props {
  feedUrl: string;
  intervalHours: number;
  state: FeedState;
  refreshing: boolean;
  /** Saves a committed field; when the URL changes, the background then checks the feed. */
  onSave: (patch: Partial<Pick<Settings, 'feedUrl' | 'feedIntervalHours'>>) => Promise<void>;
  onStatus: OptionsStatus;
  onRefresh: () => void;
  /** The feed's site, when its server shares the feed with no other site and reading it isn't allowed yet. */
  accessHost?: string | null;
  /** Asks the browser to let Verdict Lens read that site (from the click), then checks the feed again. */
  onAllowAccess?: () => void;
}

export function FeedSection({
  feedUrl,
  intervalHours,
  state,
  refreshing,
  onSave,
  onStatus,
  onRefresh,
  accessHost,
  onAllowAccess,
}: Props) {
  const saveUrl = async (url: string) => {
    const checkedBefore = state.checkedAt;
    await onSave({ feedUrl: url });
    if (url === '') onStatus('Feed removed: the bundled data is used.');
    // "Checking it now" holds only until the check it announces ends: then the facts and any error below say how it
    // went, and the note beside an error would read as if the failed feed were still being checked.
    else onStatus('Feed saved; checking it now.', 'saved', checkedBefore);
  };
  const saveInterval = async (hours: number) => {
    await onSave({ feedIntervalHours: hours });
    onStatus(`The feed is now checked every ${hoursText(hours)}.`);
  };

  const active = feedUrl !== '' && state.url === feedUrl;
  const tools = active && state.data ? state.data.tools.length : 0;
  return (
    <section aria-labelledby="feed-heading" id="feed">
      <h2 id="feed-heading">Verdict feed</h2>
      <p class="hint">
        A JSON file in the Verdict Lens feed format that updates the verdicts without a new release. It is
        checked every few hours and when you ask; an invalid feed is never used.
      </p>
      <div class="stack">
        <CommitField
          id="feed-url"
          label="Feed URL"
          stored={feedUrl}
          shown={feedUrl}
          check={checkFeedUrl}
          input={{ type: 'url', placeholder: 'https://example.org/verdicts.json', spellcheck: false }}
          onInvalid={(message) => onStatus(message, 'invalid')}
          onKept={() =>
            onStatus(
              feedUrl === '' ? 'No feed: the bundled data stays in use.' : 'The feed URL stays as it was.',
            )
          }
          onCommit={saveUrl}
        />
        <CommitField
          id="feed-interval"
          label="Check every (hours)"
          stored={intervalHours}
          shown={String(intervalHours)}
          check={checkFeedInterval}
          input={{ type: 'number', inputMode: 'numeric', min: 1, max: 168, step: 1 }}
          onInvalid={(message) => onStatus(message, 'invalid')}
          onKept={() => onStatus(`The feed stays checked every ${hoursText(intervalHours)}.`)}
          onCommit={saveInterval}
        />
        <div class="row">
          <button
            type="button"
            onClick={onRefresh}
            disabled={feedUrl === '' || refreshing}
            aria-busy={refreshing}
          >
            {refreshing ? 'Refreshing…' : 'Refresh now'}
          </button>
        </div>
      </div>
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
          {accessHost && onAllowAccess && (
            <p class="hint" data-testid="feed-access">
              {accessHost} may share the feed only with sites it knows; Verdict Lens can read it with your
              permission.{' '}
              <button type="button" onClick={onAllowAccess}>
                Allow {accessHost}
              </button>
            </p>
          )}
          {state.data && <p class="hint">The last good feed data stays in use.</p>}
        </div>
      )}
    </section>
  );
}
