/**
 * Compares the popup's own paint time (verdict − blank) between builds, alternating them so that the shared
 * machine's noise falls on each alike: `tsx bench/popup-compare.ts <distA> <distB> [rounds] [opens]`.
 */
import { benchPopupPaint } from './popup-paint';

const [, , ...args] = process.argv;
const dists = args.filter((a) => !/^\d+$/.test(a));
const numbers = args.filter((a) => /^\d+$/.test(a)).map(Number);
const rounds = numbers[0] ?? 3;
const opens = numbers[1] ?? 10;
const results = new Map<string, number[]>();
for (let r = 0; r < rounds; r++) {
  for (const dist of dists) {
    const result = await benchPopupPaint(dist, opens);
    const list = results.get(dist) ?? [];
    list.push(result.matchedOverBlank.median);
    results.set(dist, list);
    console.log(
      `${dist}: own ${result.matchedOverBlank.median.toFixed(1)} ms (verdict ${result.matched.median.toFixed(1)}, blank ${result.blank.median.toFixed(1)}, search ${result.unmatched.median.toFixed(1)})`,
    );
  }
}
for (const [dist, list] of results) {
  const sorted = [...list].sort((a, b) => a - b);
  console.log(
    `${dist}: medians ${list.map((x) => x.toFixed(0)).join(', ')}; median of medians ${sorted[Math.floor(sorted.length / 2)]?.toFixed(1)}`,
  );
}
