import { describe, expect, test } from 'vitest';
import { formatBytes, formatTable } from '../../bench/report';
import { staticImports } from '../../bench/sizes';
import { percentile, ratio, summarize } from '../../bench/stats';

describe('bench statistics', () => {
  test('nearest-rank percentiles over unsorted samples', () => {
    const samples = [9, 1, 8, 2, 7, 3, 6, 4, 5, 10];
    expect(percentile(samples, 50)).toBe(5);
    expect(percentile(samples, 95)).toBe(10);
    expect(percentile(samples, 0)).toBe(1);
    expect(percentile([], 50)).toBeNaN();
  });

  test('summary of samples and ratios', () => {
    expect(summarize([3, 1, 2])).toEqual({ n: 3, median: 2, p95: 3, min: 1, max: 3 });
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(1, 0)).toBeNaN();
  });
});

describe('bench report', () => {
  test('a missed target shows as MISSED in its row', () => {
    const table = formatTable([
      { metric: 'popup paint', value: '60 ms', target: '≤ 50 ms', met: false },
      { metric: 'size', value: formatBytes(2048), target: '≤ 25.0 KB', met: true },
      { metric: 'no target', value: 'x' },
    ]);
    const lines = table.split('\n');
    expect(lines[2]).toMatch(/popup paint\s+60 ms\s+≤ 50 ms\s+MISSED$/);
    expect(lines[3]).toMatch(/size\s+2\.0 KB\s+≤ 25\.0 KB\s+met$/);
    expect(lines[4]).toMatch(/no target\s+x$/);
  });
});

describe('bench build sizes', () => {
  test('finds the static imports of a built chunk, not dynamic ones', () => {
    const src = `import{a as b}from"./chunk-a.js";import"./side.js";import * as ns from './ns.js';const x=import("./lazy.js");`;
    expect(staticImports(src).sort()).toEqual(['./chunk-a.js', './ns.js', './side.js']);
  });
});
