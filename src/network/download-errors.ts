/**
 * The sentences for a download that ran out of time, one builder per way of running out, shared by the image,
 * feed and model-file downloads: each names who was asked (the image host, the feed server, the model host), for
 * what, and the limit that ended it.
 */
import { type UserError, userError } from '../protocol/errors';
import type { DeadlineError } from './capped-read';
import { type StallError, secondsText, siteOf } from './progress-watchdog';

export interface DownloadWording {
  /** Who sends it: 'image host', 'feed server', 'model host'. */
  source: string;
  /** What it sends: 'the image', 'the feed', a file's path. */
  thing: string;
  /** What to do next. */
  action: string;
  /** Ends the sentence when the headers never came (after "didn't answer for 30 seconds"). */
  unanswered?: string;
  /** Added after the sentence when the body stopped (what was kept of it). */
  kept?: string;
}

/** A download that went the stall limit without a byte. */
export function downloadStalled(error: StallError, wording: DownloadWording): UserError {
  const seconds = secondsText(error.stallMs);
  const who = `The ${wording.source} ${siteOf(error.url)}`;
  return userError(
    'download-stalled',
    error.phase === 'headers'
      ? `${who} didn't answer for ${seconds}${wording.unanswered ?? ''}.`
      : `${who} stopped sending ${wording.thing} (nothing arrived for ${seconds}).${wording.kept ?? ''}`,
    wording.action,
  );
}

/** "90 seconds", "2 minutes", "2.5 minutes": an overall limit as a message says it. */
export function durationText(ms: number): string {
  if (ms < 90_000) return secondsText(ms);
  const minutes = Math.round(ms / 6_000) / 10;
  return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
}

/** A download that was still going when its overall deadline came. */
export function downloadTooSlow(error: DeadlineError, wording: DownloadWording): UserError {
  return userError(
    'download-too-slow',
    `The ${wording.source} ${siteOf(error.url)} took longer than ${durationText(error.deadlineMs)} to send ${wording.thing}, so it was given up on.`,
    wording.action,
  );
}
