/**
 * This device's measured speeds, from the answers it gave: the vision encoder's time per 512 px view, the prefill
 * rate (prompt tokens read per second) and the decode rate, per model and backend, and per device (the browser
 * and GPU adapter: a new browser version or another GPU is measured afresh). The background keeps the samples with
 * the request log (Options → Performance shows them) and hands them to the engine with every request.
 */
import type { Backend, GenerationMetrics, SessionFiles, SpeedSample } from '../../protocol/messages';

export interface MeasuredSpeed {
  /** Vision encoder milliseconds per 512 px view; null until an answer encoded an image. */
  msPerView: number | null;
  prefillTokensPerSecond: number | null;
  decodeTokensPerSecond: number | null;
  /** Model load time (from the cache or the network) of the last load measured. */
  loadMs: number | null;
  samples: number;
}

/** How many recent answers a speed is the median of: enough to ignore one slow outlier, recent enough to follow. */
export const SPEED_WINDOW = 5;

export function sampleFromMetrics(metrics: GenerationMetrics, at: number): SpeedSample | null {
  const s = metrics.sessions;
  if (!s || !metrics.deviceKey) return null;
  return {
    at,
    deviceKey: metrics.deviceKey,
    modelId: metrics.modelId,
    backend: metrics.backend,
    msPerView: s.views > 0 ? s.visionMs / s.views : null,
    // A handful of tokens is mostly fixed overhead: only prompt-sized passes say what the rate is.
    prefillTokensPerSecond:
      s.prefillTokens >= 16 && s.prefillMs > 0 ? (s.prefillTokens * 1000) / s.prefillMs : null,
    decodeTokensPerSecond: metrics.tokens > 1 && metrics.tokensPerSecond > 0 ? metrics.tokensPerSecond : null,
    loadMs: metrics.loadMs > 0 ? metrics.loadMs : null,
    ...(metrics.files ? { files: metrics.files } : {}),
  };
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function recent(samples: readonly SpeedSample[], pick: (s: SpeedSample) => number | null): number | null {
  const values = samples.flatMap((s) => {
    const v = pick(s);
    return v === null ? [] : [v];
  });
  return median(values.slice(-SPEED_WINDOW));
}

export function speedOn(
  samples: readonly SpeedSample[],
  where: { deviceKey: string; modelId: string; backend: Backend },
): MeasuredSpeed | null {
  const mine = samples
    .filter(
      (s) => s.deviceKey === where.deviceKey && s.modelId === where.modelId && s.backend === where.backend,
    )
    .sort((a, b) => a.at - b.at);
  if (mine.length === 0) return null;
  return {
    msPerView: recent(mine, (s) => s.msPerView),
    prefillTokensPerSecond: recent(mine, (s) => s.prefillTokensPerSecond),
    decodeTokensPerSecond: recent(mine, (s) => s.decodeTokensPerSecond),
    loadMs: [...mine].reverse().find((s) => s.loadMs !== null)?.loadMs ?? null,
    samples: mine.length,
  };
}

/** A one-view prompt and a typical answer, in tokens: what a decoder file's cost is counted on (as the bench does). */
const COST_PROMPT_TOKENS = 81;
const COST_ANSWER_TOKENS = 24;

/**
 * This device's cost per file, from answers that recorded their files: the vision encoder's ms per view, and the
 * decoder's ms for a one-view prompt and a typical answer (file-choice.ts's fileCost, in the same units). Embed
 * tokens isn't timed on its own here, so only the bench's table speaks for it.
 */
export function fileCostsOn(
  samples: readonly SpeedSample[],
  where: { deviceKey: string; modelId: string; backend: Backend },
): Partial<Record<keyof SessionFiles, Record<string, number>>> {
  const mine = samples
    .filter(
      (s) =>
        s.files &&
        s.deviceKey === where.deviceKey &&
        s.modelId === where.modelId &&
        s.backend === where.backend,
    )
    .sort((a, b) => a.at - b.at);
  const costs: Partial<Record<keyof SessionFiles, Record<string, number>>> = {};
  const add = (session: keyof SessionFiles, dtype: string, cost: number | null) => {
    if (cost === null) return;
    costs[session] ??= {};
    (costs[session] as Record<string, number>)[dtype] = cost;
  };
  // Node 20 (the unit tests) has no Map.groupBy.
  const byFile = (session: keyof SessionFiles) => {
    const groups = new Map<string, SpeedSample[]>();
    for (const s of mine) {
      const dtype = (s.files as SessionFiles)[session];
      groups.set(dtype, [...(groups.get(dtype) ?? []), s]);
    }
    return groups;
  };
  for (const [dtype, group] of byFile('vision_encoder'))
    add(
      'vision_encoder',
      dtype,
      recent(group, (s) => s.msPerView),
    );
  for (const [dtype, group] of byFile('decoder_model_merged')) {
    const prefill = recent(group, (s) => s.prefillTokensPerSecond);
    const decode = recent(group, (s) => s.decodeTokensPerSecond);
    add(
      'decoder_model_merged',
      dtype,
      prefill && decode ? (COST_PROMPT_TOKENS * 1000) / prefill + (COST_ANSWER_TOKENS * 1000) / decode : null,
    );
  }
  return costs;
}
