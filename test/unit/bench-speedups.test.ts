import { describe, expect, it } from 'vitest';
import { type ShapedSpeedups, speedupRows } from '../../bench/shaped-speedups';
import { summarize } from '../../bench/stats';

describe('bench: threads, detail and follow-up rows', () => {
  const run: ShapedSpeedups = {
    threads: { wasmThreads: 2, single: 1, prefillThreaded: summarize([41]), prefillOne: summarize([23]) },
    detail: { singleTtft: summarize([30_000]), splitTtft: summarize([300_000]), splitViews: 17 },
    firstEstimate: { expectedMs: 4_500, ttftMs: 3_000 },
    followUp: {
      splitFirst: 300_000,
      splitFollowUp: 12_000,
      singleFirst: summarize([30_000]),
      singleFollowUp: summarize([7_000]),
    },
  };

  it('reports each target as a ratio within the run, marking misses', () => {
    const rows = speedupRows(run);
    expect(rows.map((r) => [r.value, r.met])).toEqual([
      ['1.78×', true],
      ['0.10×', true],
      ['0.04×', true],
      ['1.50×', undefined],
      ['0.23×', false],
    ]);
    expect(rows[3]?.metric).toContain("the probe's expected wait vs its first token (4.5 s vs 3.0 s)");
    expect(rows[0]?.metric).toContain('2 threads vs 1 (41.0 vs 23.0 tok/s)');
  });

  it('says the split is measured in the full bench only when quick mode skipped it', () => {
    const quick = speedupRows({
      ...run,
      detail: { ...run.detail, splitTtft: null },
      followUp: { ...run.followUp, splitFirst: null, splitFollowUp: null },
    });
    expect(quick.map((r) => r.value)).toEqual(['1.78×', 'full bench only', '1.50×', '0.23×']);
  });
});
