/**
 * `npm run bench`: builds the extension and measures it, printing a table and writing bench/results.json.
 * `--quick` runs a few iterations only, so CI keeps the bench working without spending minutes on it.
 * Benchmarks are never assertions: a missed target is reported in the table, and the run still succeeds.
 */
import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchMatching } from './matching';
import { benchPopupPaint } from './popup-paint';
import { formatBytes, formatMs, formatTable, type Row } from './report';
import { measureBuild } from './sizes';

const ROOT = join(import.meta.dirname, '..');
const quick = process.argv.includes('--quick');
const skipBuild = process.argv.includes('--no-build');
/** Its own build folder: the bench adds a baseline page to the build it measures. */
const DIST = join(ROOT, process.env.VERDICT_LENS_BENCH_DIST ?? 'dist-bench');

export const TARGETS = {
  popupPaintMedianMs: 50,
  popupJsGzipBytes: 25 * 1024,
  engineOverheadRatio: 1.15,
  imageReadyMs: 300,
};

async function main(): Promise<void> {
  if (!skipBuild) execSync(`npx vite build --outDir ${JSON.stringify(DIST)}`, { cwd: ROOT, stdio: 'ignore' });
  const results: Record<string, unknown> = { quick, at: new Date().toISOString() };
  const rows: Row[] = [];

  const sizes = measureBuild(DIST);
  results.sizes = sizes;
  for (const e of sizes.entries) {
    const isPopup = e.entry === 'popup';
    rows.push({
      metric: `JS gzip: ${e.entry}`,
      value: formatBytes(e.gzipBytes),
      ...(isPopup
        ? {
            target: `≤ ${formatBytes(TARGETS.popupJsGzipBytes)}`,
            met: e.gzipBytes <= TARGETS.popupJsGzipBytes,
          }
        : {}),
    });
  }
  rows.push({ metric: 'package (no models), raw', value: formatBytes(sizes.packageBytes) });
  rows.push({ metric: 'package (no models), gzip', value: formatBytes(sizes.packageGzipBytes) });

  const matching = benchMatching(quick);
  results.matching = matching;
  rows.push({
    metric: `URL match, ${matching.tools} tools (indexed)`,
    value: `${Math.round(matching.indexedPerSecond).toLocaleString('en')} lookups/s`,
  });
  rows.push({
    metric: 'URL match (linear scan)',
    value: `${Math.round(matching.linearPerSecond).toLocaleString('en')} lookups/s`,
  });
  rows.push({ metric: 'URL match speed-up (indexed / linear)', value: `${matching.speedup.toFixed(0)}×` });

  const popup = await benchPopupPaint(DIST, quick ? 3 : 20);
  results.popupPaint = popup;
  rows.push({
    metric: `popup → verdict painted, median (n=${popup.matched.n})`,
    value: formatMs(popup.matched.median),
  });
  rows.push({ metric: 'popup → verdict painted, p95', value: formatMs(popup.matched.p95) });
  rows.push({ metric: 'blank extension page → painted, median', value: formatMs(popup.blank.median) });
  rows.push({
    metric: 'popup’s own time (verdict − blank page), median',
    value: formatMs(popup.matchedOverBlank.median),
    target: `≤ ${TARGETS.popupPaintMedianMs} ms`,
    met: popup.matchedOverBlank.median <= TARGETS.popupPaintMedianMs,
  });
  rows.push({ metric: 'popup’s own time, p95', value: formatMs(popup.matchedOverBlank.p95) });
  rows.push({
    metric: 'popup → search painted (unmatched), median',
    value: formatMs(popup.unmatched.median),
  });
  rows.push({ metric: 'popup → search painted (unmatched), p95', value: formatMs(popup.unmatched.p95) });

  results.rows = rows;
  mkdirSync(join(ROOT, 'bench'), { recursive: true });
  writeFileSync(join(ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(formatTable(rows));
  console.log(`\nwrote bench/results.json${quick ? ' (quick mode: few iterations, figures are rough)' : ''}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
