/**
 * How long the model stays loaded with nothing to do before its memory goes back (the offscreen document closes).
 * Reloading costs what loading from the browser's cache measured here; unloading gives memory back. Automatic keeps
 * the model for a hundred and twenty reloads' worth of time (a 1 s reload: 2 min; an 8 s one: 16 min), between 1 and
 * 30 minutes, and shorter on a device with little memory, where the browser needs it back sooner. A number of
 * minutes set in Options replaces all of that.
 */
import type { SpeedSample } from '../../protocol/messages';

export const KEEP_ALIVE = {
  /** Used until a load has been measured: what the extension always did. */
  unmeasuredMs: 5 * 60_000,
  reloadsWorth: 120,
  minMs: 60_000,
  maxMs: 30 * 60_000,
  /** At or below this much memory (navigator.deviceMemory, GB), the model is kept at most `lowMemoryMaxMs`. */
  lowMemoryGb: 4,
  lowMemoryMaxMs: 5 * 60_000,
  tinyMemoryGb: 2,
  tinyMemoryMaxMs: 2 * 60_000,
} as const;

export interface KeepAliveInput {
  /** The setting: 0 is Automatic, else minutes. */
  settingMinutes: number;
  /** Recent load times of this model here (ms, newest last); the quickest is the reload from the cache. */
  loadTimesMs: readonly number[];
  deviceMemoryGb: number | undefined;
}

export interface KeepAlive {
  ms: number;
  /** Why, in words, for Options. */
  reason: string;
}

function minutes(ms: number): string {
  const m = Math.round(ms / 60_000);
  return m === 1 ? '1 minute' : `${m} minutes`;
}

export function keepAliveFor(input: KeepAliveInput): KeepAlive {
  if (input.settingMinutes > 0) {
    const ms = input.settingMinutes * 60_000;
    return { ms, reason: `${minutes(ms)}, as set` };
  }
  const measured = input.loadTimesMs.filter((ms) => ms > 0);
  let ms: number = KEEP_ALIVE.unmeasuredMs;
  let reason = `${minutes(ms)}: loading the model hasn't been measured here yet`;
  if (measured.length > 0) {
    const reload = Math.min(...measured);
    ms = Math.min(KEEP_ALIVE.maxMs, Math.max(KEEP_ALIVE.minMs, reload * KEEP_ALIVE.reloadsWorth));
    reason = `${minutes(ms)}: reloading the model takes ${(reload / 1000).toFixed(1)} s here`;
  }
  const memory = input.deviceMemoryGb;
  const cap =
    memory !== undefined && memory <= KEEP_ALIVE.tinyMemoryGb
      ? KEEP_ALIVE.tinyMemoryMaxMs
      : memory !== undefined && memory <= KEEP_ALIVE.lowMemoryGb
        ? KEEP_ALIVE.lowMemoryMaxMs
        : null;
  if (cap !== null && ms > cap) {
    ms = cap;
    reason = `${minutes(ms)}: this device has ${memory} GB of memory, so it gets it back sooner`;
  }
  return { ms, reason };
}

/** Load times of `modelId` from the measured samples (oldest first). */
export function loadTimesOf(samples: readonly SpeedSample[], modelId: string): number[] {
  return samples.flatMap((s) => (s.modelId === modelId && s.loadMs !== null ? [s.loadMs] : []));
}
