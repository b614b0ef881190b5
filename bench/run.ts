/**
 * `npm run bench`: builds the extension and measures it, printing a table and writing bench/results.json.
 * `--quick` runs a few iterations only, so CI keeps the bench working without spending minutes on it.
 * Benchmarks are never assertions: a missed target is reported in the table, and the run still succeeds.
 */
import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchEngine } from './engine-overhead';
import { benchFileSpeedsSection } from './file-speeds-section';
import { benchIntake, PHOTO } from './intake';
import { benchMatching } from './matching';
import { benchPopupPaint } from './popup-paint';
import { formatBytes, formatMs, formatTable, type Row } from './report';
import {
  benchShapedDirect,
  benchShapedModel,
  SHAPED_TARGETS,
  type ShapedRuns,
  shapedRows,
} from './shaped-model';
import { benchShapedSpeedups, speedupRows } from './shaped-speedups';
import { measureBuild } from './sizes';

const ROOT = join(import.meta.dirname, '..');
const quick = process.argv.includes('--quick');
const skipBuild = process.argv.includes('--no-build');
/**
 * `--only=shaped,engine`: run only these sections (sizes, matching, popup, engine, intake, shaped, shaped-direct,
 * speedups, file-speeds, native). `shaped-direct` repeats the stand-in's engine-against-direct figure alone.
 */
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const runs = (section: string) => !only || only.includes(section);
/** Its own build folder: the bench adds a baseline page to the build it measures. */
const DIST = join(ROOT, process.env.VERDICT_LENS_BENCH_DIST ?? 'dist-bench');

export const TARGETS = {
  popupPaintMedianMs: 50,
  popupJsGzipBytes: 25 * 1024,
  engineOverheadRatio: 1.15,
  imageReadyMs: 300,
};

async function main(): Promise<void> {
  // The store build, reading the bench's local servers as a person who allowed those sites would (see vite.config).
  if (!skipBuild)
    execSync(`npx vite build --outDir ${JSON.stringify(DIST)}`, {
      cwd: ROOT,
      stdio: 'ignore',
      env: { ...process.env, VERDICT_LENS_LOCAL_SITES: '1' },
    });
  const results: Record<string, unknown> = { quick, at: new Date().toISOString() };
  const rows: Row[] = [];

  if (runs('sizes')) measureSizes(results, rows);
  if (runs('matching')) benchMatchingSection(results, rows);
  if (runs('popup')) await benchPopupSection(results, rows);
  if (runs('engine')) await benchEngineSection(results, rows);
  if (runs('intake')) await benchIntakeSection(results, rows);
  if (runs('shaped')) await benchShapedSection(results, rows);
  if (runs('shaped-direct')) await benchShapedDirectSection(results, rows);
  if (runs('speedups')) await benchSpeedupsSection(results, rows);
  if (runs('file-speeds') || runs('native')) await benchFileSpeedsSection(results, rows, { quick, only });

  results.rows = rows;
  mkdirSync(join(ROOT, 'bench'), { recursive: true });
  writeFileSync(join(ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(formatTable(rows));
  console.log(`\nwrote bench/results.json${quick ? ' (quick mode: few iterations, figures are rough)' : ''}`);
}

async function benchShapedDirectSection(results: Record<string, unknown>, rows: Row[]): Promise<void> {
  const versus = await benchShapedDirect(DIST, 'wasm', quick ? 1 : 2, 8);
  results.shapedDirect = versus;
  rows.push({
    metric: `256M stand-in, WASM: engine / direct onnxruntime-web, one view (${(versus.engineMs.median / 1000).toFixed(1)} s vs ${(versus.directMs.median / 1000).toFixed(1)} s, n=${versus.engineMs.n})`,
    value: `${versus.ratio.toFixed(3)}×`,
    target: `≤ ${SHAPED_TARGETS.engineOverheadRatio}×`,
    met: versus.ratio <= SHAPED_TARGETS.engineOverheadRatio,
  });
}

function measureSizes(results: Record<string, unknown>, rows: Row[]): void {
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
}

function benchMatchingSection(results: Record<string, unknown>, rows: Row[]): void {
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
}

async function benchPopupSection(results: Record<string, unknown>, rows: Row[]): Promise<void> {
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
}

async function benchEngineSection(results: Record<string, unknown>, rows: Row[]): Promise<void> {
  const engine = await benchEngine(DIST, quick ? 2 : 10);
  results.engine = engine;
  for (const o of engine.overhead) {
    const name = o.backend === 'wasm' ? 'WASM' : 'WebGPU (SwiftShader)';
    rows.push({
      metric: `engine request, ${name}: extension engine, median (n=${o.engine.n})`,
      value: formatMs(o.engine.median),
    });
    rows.push({
      metric: `engine request, ${name}: direct onnxruntime-web, median`,
      value: formatMs(o.direct.median),
    });
    rows.push({
      metric: `engine overhead, ${name} (engine / direct)`,
      // The ratio and what the engine adds in absolute terms: on a tiny model fixed costs dominate the ratio.
      value: `${o.ratio.toFixed(2)}× (+${formatMs(o.engine.median - o.direct.median)})`,
      target: `≤ ${TARGETS.engineOverheadRatio}×`,
      met: o.ratio <= TARGETS.engineOverheadRatio,
    });
    rows.push({
      metric: `  of which: worker's own time / image preprocessing`,
      value: `${formatMs(o.engineWorkerMs)} / ${formatMs(o.engineImageMs)}`,
    });
  }
  const warm = engine.warmStart;
  rows.push({
    metric: `warm start (cached model, no worker) → first token, median (n=${warm.firstToken.n})`,
    value: formatMs(warm.firstToken.median),
  });
  rows.push({ metric: 'warm start → first token, p95', value: formatMs(warm.firstToken.p95) });
  rows.push({ metric: '  of which: model load from cache, median', value: formatMs(warm.loadMs.median) });
  rows.push({ metric: '  model files fetched during warm starts', value: String(warm.hubFileRequests) });
  rows.push({
    metric: 'hot (worker running, model loaded) → first token, median',
    value: formatMs(warm.hotFirstToken.median),
  });
}

async function benchIntakeSection(results: Record<string, unknown>, rows: Row[]): Promise<void> {
  const intake = await benchIntake(DIST, quick ? 2 : 10);
  results.intake = intake;
  rows.push({
    metric: `image ${PHOTO.width}×${PHOTO.height} JPEG (${formatBytes(intake.photoBytes)}) → model-ready, median (n=${intake.time.n})`,
    value: formatMs(intake.time.median),
    target: `≤ ${TARGETS.imageReadyMs} ms`,
    met: intake.time.median <= TARGETS.imageReadyMs,
  });
  rows.push({ metric: 'image → model-ready, p95', value: formatMs(intake.time.p95) });
  rows.push({
    metric: 'image intake peak memory (renderer RSS above start), median',
    value: formatBytes(intake.peakExtraBytes.median),
  });
  rows.push({
    metric: 'image intake peak memory (renderer RSS), max',
    value: formatBytes(intake.peakBytes.max),
  });
}

/**
 * The model at real scale (bench/shaped-model.ts). Quick: WASM, one load and one single-view answer. Full: both
 * backends; the 17-view split on WASM only (one answer: minutes), since on SwiftShader a single view already takes
 * minutes and the split would take hours.
 */
async function benchShapedSection(results: Record<string, unknown>, rows: Row[]): Promise<void> {
  const wasm: ShapedRuns = quick
    ? { loads: 1, singleViewRequests: 1, splitRequests: 0, maxNewTokens: 4, directRounds: 0 }
    : { loads: 3, singleViewRequests: 3, splitRequests: 1, maxNewTokens: 8, directRounds: 2 };
  const webgpu: ShapedRuns = {
    loads: 2,
    singleViewRequests: 1,
    splitRequests: 0,
    maxNewTokens: 4,
    directRounds: 0,
  };
  // `--shaped-backends=wasm` measures one backend only (a WebGPU answer on SwiftShader takes a quarter of an hour).
  const only = process.argv
    .find((a) => a.startsWith('--shaped-backends='))
    ?.split('=')[1]
    ?.split(',');
  const plan: Partial<Record<'wasm' | 'webgpu', ShapedRuns>> = quick ? { wasm } : { wasm, webgpu };
  for (const backend of ['wasm', 'webgpu'] as const)
    if (only && !only.includes(backend)) delete plan[backend];
  const shaped = await benchShapedModel(DIST, plan, (line) => console.error(line));
  results.shaped = shaped;
  rows.push(...shapedRows(shaped, quick ? 'full bench only' : 'WASM only (hours on SwiftShader)'));
}

/**
 * Threads, image detail and follow-ups on the 256M-shaped model (bench/shaped-speedups.ts): each target a ratio in
 * one run. Quick: one round each, and no 17-view split (minutes on a CPU).
 */
async function benchSpeedupsSection(results: Record<string, unknown>, rows: Row[]): Promise<void> {
  const speedups = await benchShapedSpeedups(DIST, quick);
  results.speedups = speedups;
  rows.push(...speedupRows(speedups));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
