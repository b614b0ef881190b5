import { describe, expect, it } from 'vitest';
import { KEEP_ALIVE, keepAliveFor, loadTimesOf } from '../../src/inference/measurement/keep-alive';
import type { SpeedSample } from '../../src/protocol/messages';

describe('keep-alive: how long an idle model stays loaded', () => {
  it('follows the measured reload cost: a slow reload keeps the model longer', () => {
    const quick = keepAliveFor({ settingMinutes: 0, loadTimesMs: [1_000], deviceMemoryGb: 8 });
    const slow = keepAliveFor({ settingMinutes: 0, loadTimesMs: [8_000], deviceMemoryGb: 8 });
    expect(quick).toEqual({ ms: 2 * 60_000, reason: '2 minutes: reloading the model takes 1.0 s here' });
    expect(slow.ms).toBe(16 * 60_000);
    expect(slow.ms).toBeGreaterThan(quick.ms);
  });

  it('takes the quickest recent load (from the cache, not the first download) and stays within bounds', () => {
    expect(keepAliveFor({ settingMinutes: 0, loadTimesMs: [90_000, 3_000], deviceMemoryGb: 8 }).ms).toBe(
      6 * 60_000,
    );
    expect(keepAliveFor({ settingMinutes: 0, loadTimesMs: [50], deviceMemoryGb: 8 }).ms).toBe(
      KEEP_ALIVE.minMs,
    );
    expect(keepAliveFor({ settingMinutes: 0, loadTimesMs: [60_000], deviceMemoryGb: 8 }).ms).toBe(
      KEEP_ALIVE.maxMs,
    );
    expect(keepAliveFor({ settingMinutes: 0, loadTimesMs: [], deviceMemoryGb: 8 }).ms).toBe(
      KEEP_ALIVE.unmeasuredMs,
    );
  });

  it('gives memory back sooner on a device with little of it', () => {
    const args = { settingMinutes: 0, loadTimesMs: [8_000] };
    expect(keepAliveFor({ ...args, deviceMemoryGb: 4 })).toEqual({
      ms: 5 * 60_000,
      reason: '5 minutes: this device has 4 GB of memory, so it gets it back sooner',
    });
    expect(keepAliveFor({ ...args, deviceMemoryGb: 2 }).ms).toBe(2 * 60_000);
    expect(keepAliveFor({ ...args, deviceMemoryGb: undefined }).ms).toBe(16 * 60_000);
  });

  it('is the setting when one is set', () => {
    expect(keepAliveFor({ settingMinutes: 45, loadTimesMs: [1_000], deviceMemoryGb: 2 })).toEqual({
      ms: 45 * 60_000,
      reason: '45 minutes, as set',
    });
  });

  it('reads this model’s load times from the measurements', () => {
    const sample = (modelId: string, loadMs: number | null): SpeedSample => ({
      at: 1,
      deviceKey: 'd',
      modelId,
      backend: 'wasm',
      msPerView: null,
      prefillTokensPerSecond: null,
      decodeTokensPerSecond: null,
      loadMs,
    });
    expect(
      loadTimesOf([sample('a', 900), sample('b', 5), sample('a', null), sample('a', 1200)], 'a'),
    ).toEqual([900, 1200]);
  });
});
