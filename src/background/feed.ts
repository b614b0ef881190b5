/**
 * Keeps the verdict feed fresh: on a schedule (alarms survive the worker's idle shutdowns), when the feed settings
 * change, and when the options page asks. Each refresh is one conditional GET; the result is stored whole (last good
 * data kept on any failure), then open tabs' badges are relabelled if the data changed.
 */

import { clearAlarm, ensurePeriodicAlarm, onAlarm } from '../platform/alarms';
import { fetchFeed } from '../platform/feed-fetch';
import { loadFeedState, saveFeedState } from '../platform/feed-store';
import { onOptionsRequest } from '../platform/options-messages';
import { loadSettings, onSettingsChanged } from '../platform/settings-store';
import { userError } from '../protocol/errors';
import type { FeedState } from '../protocol/feed-state';
import type { OptionsReply } from '../protocol/messages';
import type { Settings } from '../settings/schema';
import { FEED_MAX_BYTES, parseFeed } from '../verdicts/feed';
import { conditionalHeaders, EMPTY_FEED_STATE, feedStateFor, nextFeedState } from '../verdicts/feed-state';
import { publicSuffixIssues } from '../verdicts/suffix-patterns';
import { refreshAllBadges } from './badge';

const ALARM = 'verdict-feed';

async function refreshOnce(): Promise<FeedState> {
  const { feedUrl, stallSeconds, downloadDeadlineSeconds } = await loadSettings();
  const stored = await loadFeedState();
  if (feedUrl === '') {
    if (stored.url !== '' || stored.data) {
      await saveFeedState(EMPTY_FEED_STATE);
      await refreshAllBadges();
    }
    return EMPTY_FEED_STATE;
  }
  const prev = feedStateFor(stored, feedUrl);
  const next = nextFeedState(
    prev,
    await fetchFeed(feedUrl, conditionalHeaders(prev), {
      stallMs: stallSeconds * 1000,
      deadlineMs: downloadDeadlineSeconds * 1000,
    }),
    Date.now(),
    (bytes) => parseFeed(bytes, FEED_MAX_BYTES, publicSuffixIssues),
  );
  await saveFeedState(next);
  if (next.data !== stored.data) await refreshAllBadges();
  return next;
}

// One refresh at a time: an alarm and a click landing together share the same fetch.
let inFlight: Promise<FeedState> | null = null;

export function refreshFeed(): Promise<FeedState> {
  inFlight ??= refreshOnce().finally(() => {
    inFlight = null;
  });
  return inFlight;
}

async function scheduleFeed(settings: Settings): Promise<void> {
  if (settings.feedUrl === '') await clearAlarm(ALARM);
  // The first check comes soon after install or a change; then every feedIntervalHours.
  else await ensurePeriodicAlarm(ALARM, settings.feedIntervalHours * 60, 1);
}

export function registerFeed(): void {
  onAlarm(ALARM, () => void refreshFeed());
  onSettingsChanged((settings, previous) => {
    if (settings.feedUrl !== previous.feedUrl || settings.feedIntervalHours !== previous.feedIntervalHours) {
      void scheduleFeed(settings);
    }
    if (settings.feedUrl !== previous.feedUrl) void refreshFeed();
  });
  onOptionsRequest(async (request): Promise<OptionsReply> => {
    switch (request.type) {
      case 'feed-refresh':
        try {
          return { type: 'feed-refreshed', state: await refreshFeed() };
        } catch {
          return {
            type: 'error',
            error: userError(
              'internal',
              'The feed could not be refreshed.',
              'Try again; if it keeps failing, reload the extension.',
            ),
          };
        }
    }
  });
  void loadSettings().then(scheduleFeed);
}
