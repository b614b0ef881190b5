/**
 * The popup paint bench alone, for before/after comparisons on a shared machine: `tsx bench/popup-compare.ts
 * <distA> [<distB> …] [rounds]`. One browser per build, all open at once; each round opens the blank page and the
 * popup (matched and unmatched) in every build in turn, so a burst of load from elsewhere falls on all builds alike.
 * Reports per build the popup's own time (verdict − blank page in the same round), median and p95.
 */
import { type PopupPaintSession, startPopupPaintSession } from './popup-paint';
import { summarize } from './stats';

const args = process.argv.slice(2);
const dists = args.filter((a) => !/^\d+$/.test(a));
const rounds = Number(args.find((a) => /^\d+$/.test(a)) ?? 20);
const sessions: PopupPaintSession[] = [];
for (const dist of dists) sessions.push(await startPopupPaintSession(dist));
const own = dists.map(() => [] as number[]);
const verdict = dists.map(() => [] as number[]);
const blank = dists.map(() => [] as number[]);
const search = dists.map(() => [] as number[]);
try {
  for (let i = 0; i <= rounds; i++) {
    for (const [k, session] of sessions.entries()) {
      const r = await session.round();
      if (i === 0) continue; // warm-up
      own[k]?.push(r.matched - r.blank);
      verdict[k]?.push(r.matched);
      blank[k]?.push(r.blank);
      search[k]?.push(r.unmatched - r.blank);
    }
  }
} finally {
  for (const session of sessions) await session.close();
}
const ms = (x: number) => `${x.toFixed(1)} ms`;
for (const [k, dist] of dists.entries()) {
  const o = summarize(own[k] ?? []);
  const v = summarize(verdict[k] ?? []);
  const b = summarize(blank[k] ?? []);
  const s = summarize(search[k] ?? []);
  console.log(
    `${dist}: own ${ms(o.median)} (p95 ${ms(o.p95)}); verdict ${ms(v.median)} (p95 ${ms(v.p95)}); blank ${ms(b.median)}; search − blank ${ms(s.median)}; n=${o.n}`,
  );
}
