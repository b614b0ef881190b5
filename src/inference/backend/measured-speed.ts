/**
 * This device's measured speeds, from the answers it gave: the vision encoder's time per 512 px view, the prefill
 * rate (prompt tokens read per second) and the decode rate, per model and backend, and per device (the browser
 * and GPU adapter: a new browser version or another GPU is measured afresh). The background keeps the samples with
 * the request log (Options → Performance shows them) and hands them to the engine with every request.
 */
import type { Backend, GenerationMetrics, SpeedSample } from '../../protocol/messages';

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
