/**
 * Which image detail to run, from this device's measured speed: the wait for each level is estimated (views ×
 * time per view, plus the prompt's tokens ÷ the prefill rate) and the most detailed level expected to answer
 * within a few seconds runs. With nothing measured yet, one view runs: it is the quick answer, and it measures; its
 * wait is then estimated from a short probe (speed-probe.ts), which never chooses more detail by itself.
 * The geometry follows transformers.js's Idefics3 processor: the image is scaled to `longestEdge`, rounded up to
 * whole tiles of `tileEdge`, cut into those tiles plus one global view; each view is `tokensPerView` tokens.
 */
import type { ImageDetail } from '../../protocol/messages';
import type { MeasuredSpeed } from '../backend/measured-speed';

export interface ProcessorGeometry {
  /** size.longest_edge: every image is scaled to this first (2048 for SmolVLM 256M/500M). */
  longestEdge: number;
  /** max_image_size.longest_edge: a view's edge (512). */
  tileEdge: number;
  /** image_seq_len: tokens per view (64). */
  tokensPerView: number;
}

/** The wait the person is asked to accept without choosing: a first answer "in seconds". */
export const DETAIL_BUDGET_MS = 4_000;

export const DETAIL_ORDER: readonly ImageDetail[] = ['single', 'split'];

export function viewsFor(
  detail: ImageDetail,
  image: { width: number; height: number },
  g: ProcessorGeometry,
): number {
  if (detail === 'single') return 1;
  const scale = g.longestEdge / Math.max(image.width, image.height);
  let width = Math.max(1, Math.round(image.width * scale));
  let height = Math.max(1, Math.round(image.height * scale));
  const aspect = width / height;
  if (width >= height) {
    width = Math.ceil(width / g.tileEdge) * g.tileEdge;
    height = Math.ceil(Math.floor(width / aspect) / g.tileEdge) * g.tileEdge;
  } else {
    height = Math.ceil(height / g.tileEdge) * g.tileEdge;
    width = Math.ceil(Math.floor(height * aspect) / g.tileEdge) * g.tileEdge;
  }
  if (width <= g.tileEdge && height <= g.tileEdge) return 1;
  return Math.ceil(height / g.tileEdge) * Math.ceil(width / g.tileEdge) + 1;
}

/** Milliseconds to the first token for `views` views and `textTokens` more prompt tokens; null when unmeasured. */
export function estimateWaitMs(
  views: number,
  textTokens: number,
  g: ProcessorGeometry,
  speed: MeasuredSpeed | null,
): number | null {
  if (!speed || speed.msPerView === null || speed.prefillTokensPerSecond === null) return null;
  const promptTokens = views * g.tokensPerView + textTokens;
  return views * speed.msPerView + (promptTokens * 1000) / speed.prefillTokensPerSecond;
}

export interface DetailChoice {
  detail: ImageDetail;
  /** Expected wait per level on this device (null: not measured yet). */
  estimates: Record<ImageDetail, number | null>;
  views: Record<ImageDetail, number>;
  reason: string;
}

export function chooseDetail(
  image: { width: number; height: number },
  textTokens: number,
  g: ProcessorGeometry,
  speed: MeasuredSpeed | null,
  budgetMs: number = DETAIL_BUDGET_MS,
): DetailChoice {
  const views = { single: viewsFor('single', image, g), split: viewsFor('split', image, g) };
  const estimates = {
    single: estimateWaitMs(views.single, textTokens, g, speed),
    split: estimateWaitMs(views.split, textTokens, g, speed),
  };
  if (estimates.split === null) {
    return {
      detail: 'single',
      estimates,
      views,
      reason: 'one view first: this device’s speed isn’t measured yet',
    };
  }
  if (views.split === 1 || estimates.split <= budgetMs) {
    return {
      detail: 'split',
      estimates,
      views,
      reason: `all ${views.split} views fit in ${seconds(budgetMs)} here`,
    };
  }
  return {
    detail: 'single',
    estimates,
    views,
    reason: `all ${views.split} views would take about ${seconds(estimates.split)} here`,
  };
}

/** Whether `speed` says enough to estimate a wait (both a per-view time and a prefill rate). */
export function isComplete(speed: MeasuredSpeed | null): speed is MeasuredSpeed {
  return speed !== null && speed.msPerView !== null && speed.prefillTokensPerSecond !== null;
}

/**
 * The first answer on a device whose speed no answer has measured: one view, with the waits a probe estimates
 * (null without one). A probe errs long, and a wrong guess towards the split costs a minute, so it informs the
 * wait and the "Look closer" button but doesn't choose the level.
 */
export function firstDetail(
  image: { width: number; height: number },
  textTokens: number,
  g: ProcessorGeometry,
  probed: MeasuredSpeed | null,
): DetailChoice {
  const unmeasured = chooseDetail(image, textTokens, g, null);
  if (!isComplete(probed)) return unmeasured;
  return {
    ...unmeasured,
    estimates: {
      single: estimateWaitMs(unmeasured.views.single, textTokens, g, probed),
      split: estimateWaitMs(unmeasured.views.split, textTokens, g, probed),
    },
    reason: 'one view first: the wait is a quick speed test’s estimate',
  };
}

export function seconds(ms: number): string {
  if (ms < 1_000) return `${Math.max(0.1, Math.round(ms / 100) / 10)} s`;
  if (ms < 60_000) return `${Math.round(ms / 100) / 10} s`.replace(/\.0 s$/, ' s');
  return `${Math.round(ms / 60_000)} min`;
}
