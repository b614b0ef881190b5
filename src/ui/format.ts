/** Short, human numbers for the model UIs. */
import { backendName } from '../inference/backend/name';
import type { AnswerPlan, Backend, ImageDetail } from '../protocol/messages';

export { backendName };

export function megabytes(bytes: number): string {
  if (bytes < 1_000_000) return `${Math.round(bytes / 1000)} kB`;
  const mb = bytes / 1_000_000;
  return `${mb < 10 ? mb.toFixed(1) : Math.round(mb)} MB`;
}

/** Model and storage sizes in decimal units, as the hub and the catalog state them; GB from 1 GB up. */
export function decimalSize(bytes: number): string {
  return bytes < 1_000_000_000 ? megabytes(bytes) : `${(bytes / 1_000_000_000).toFixed(2)} GB`;
}

/**
 * A download's size as every view says it: "210 MB", "about 210 MB" when rounded, "about 210–263 MB" while the
 * device (and so the files) isn't known yet.
 */
export function downloadSizeText(
  size: { minBytes: number; maxBytes: number; exact: boolean } | null,
): string {
  if (size === null) return 'size unknown';
  const low = decimalSize(size.minBytes);
  const high = decimalSize(size.maxBytes);
  const about = size.exact ? '' : 'about ';
  if (low === high) return `${about}${low}`;
  const [lowNumber, lowUnit] = low.split(' ');
  return lowUnit === high.split(' ')[1] ? `${about}${lowNumber}–${high}` : `${about}${low}–${high}`;
}

/** "1.2 MB of 180 MB" */
export function downloadLabel(loaded: number, total: number): string {
  return `${megabytes(loaded)} of ${megabytes(total)}`;
}

/** "WebGPU · 41 tok/s", or just the backend before the first answer. */
export function engineLine(backend: Backend, tokensPerSecond: number | null): string {
  return tokensPerSecond === null
    ? backendName(backend)
    : `${backendName(backend)} · ${Math.round(tokensPerSecond)} tok/s`;
}

/** "about 4 s", "about 2 min", or "under a second". */
export function aboutSeconds(ms: number): string {
  if (ms < 1_000) return 'under a second';
  if (ms < 90_000) return `about ${Math.round(ms / 1000)} s`;
  return `about ${Math.round(ms / 60_000)} min`;
}

/** "one 512 px view" or "all 17 views". */
export function viewsLabel(detail: ImageDetail, views: number): string {
  return detail === 'single' || views <= 1 ? 'one 512 px view' : `all ${views} views`;
}

/** What the person is told before an answer starts: the level that runs and the wait expected on this device. */
export function planLine(plan: AnswerPlan): string {
  const what = viewsLabel(plan.detail, plan.views);
  return plan.expectedWaitMs === null
    ? `Looking at ${what} (${plan.reason}).`
    : `Looking at ${what}: expect ${aboutSeconds(plan.expectedWaitMs)} on this device (${plan.reason}).`;
}

/** The technical line behind the footer's disclosure once an answer is done: "Looked at one 512 px view." */
export function lookedAtLine(plan: Pick<AnswerPlan, 'detail' | 'views'>): string {
  return `Looked at ${viewsLabel(plan.detail, plan.views)}.`;
}

/**
 * What the person reads while an answer is coming, in plain words: the wait expected on this device. The level and
 * its reason (planLine) sit behind the footer's disclosure.
 */
export function waitLine(plan: Pick<AnswerPlan, 'expectedWaitMs'>): string {
  return plan.expectedWaitMs === null
    ? 'Looking at the picture…'
    : `Looking at the picture: expect ${aboutSeconds(plan.expectedWaitMs)} on this device.`;
}

/** The "Look closer" button's words: what it does, in plain words, and how long that is expected to take here. */
export function closerLabel(plan: AnswerPlan): string {
  return plan.closerWaitMs === null
    ? 'Look closer (every part of the picture)'
    : `Look closer (every part of the picture, ${aboutSeconds(plan.closerWaitMs)})`;
}

/**
 * Where the answer ran and how fast, as a person says it: "On your graphics card, about 12 words a second". A word
 * is about four thirds of a token in English text; the technical line (backend, tok/s) sits behind a disclosure.
 */
export function plainEngineLine(backend: Backend, tokensPerSecond: number | null): string {
  const where = backend === 'webgpu' ? 'On your graphics card' : 'On your processor';
  if (tokensPerSecond === null) return `${where}, on this device`;
  const words = Math.round(tokensPerSecond * 0.75);
  return words < 1
    ? `${where}, under a word a second`
    : `${where}, about ${words} word${words === 1 ? '' : 's'} a second`;
}

/**
 * The download's live rate and the time left at that rate, once bytes have flowed for a second: measured, unlike
 * the browser's bandwidth hint, which Chromium caps at 10 Mbps (a fast line read as minutes). Null before then.
 */
export function downloadRateText(download: {
  loaded: number;
  total: number;
  at: number;
  since: { at: number; loaded: number };
}): string | null {
  const seconds = (download.at - download.since.at) / 1000;
  const moved = download.loaded - download.since.loaded;
  if (seconds < 1 || moved <= 0) return null;
  const rate = moved / seconds;
  const left = Math.max(0, download.total - download.loaded) / rate;
  return `${megabytes(rate)}/s · ${aboutSeconds(left * 1000)} left`;
}

/** What Stop left behind: the bytes kept (the next attempt resumes from them), or that nothing had started. */
export function stoppedLine(kept: { loaded: number; total: number } | null): string {
  return kept
    ? `Stopped — ${downloadLabel(kept.loaded, kept.total)} kept; it resumes next time.`
    : 'Stopped before the answer began.';
}
