/**
 * Each candidate file of the 256M stand-in timed in the browser's own runtime (onnxruntime-web, the version the
 * extension ships, in a cross-origin isolated 127.0.0.1 page): WASM in Chromium with a thread per core, WASM in
 * Firefox with one thread (as the extension runs there), and WebGPU in Chromium (SwiftShader here). What it writes
 * to models/file-speeds.json is the file choice's first guess per backend and browser
 * (src/inference/model-files/file-choice.ts), with the run it came from.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { withStepOutputs } from '../src/inference/kept-cache/step-outputs';
import type { FileSpeedRun, FileSpeedTable } from '../src/inference/model-files/file-speeds';
import type { RuntimeBuild } from '../src/protocol/messages';
import { CANDIDATES, workFor } from './file-candidates';
import { type FileTiming, timeFile, type WorkSession } from './file-work';
import { machineName } from './native';
import { benchRuntimePaths } from './runtime-paths';
import { type StaticServer, startStaticServer } from './static-server';

const ROOT = join(import.meta.dirname, '..');
const ORT_DIST = dirname(join(ROOT, 'node_modules/onnxruntime-web/dist/ort.webgpu.bundle.min.mjs'));
export const FILE_SPEEDS_PATH = join(ROOT, 'models/file-speeds.json');

/** The runtime build is the one the engine starts for the profile's backend (runtime-files.ts). */
const page = (
  threads: number,
  runtime: RuntimeBuild,
) => `<!doctype html><meta charset="utf-8"><title>file speeds</title>
<script type="module">
import * as ort from '/ort/ort.webgpu.bundle.min.mjs';
ort.env.wasm.wasmPaths = ${JSON.stringify(benchRuntimePaths(runtime))};
ort.env.wasm.proxy = false;
ort.env.wasm.numThreads = ${threads};
globalThis.ort = ort;
globalThis.readModelBytes = async (path) => new Uint8Array(await (await fetch('/model/' + path)).arrayBuffer());
globalThis.__name = (f) => f;
document.title = 'ready';
</script>`;

export type BrowserProfile = { browser: 'chromium' | 'firefox'; ep: 'wasm' | 'webgpu'; threads: number };

interface Evaluator {
  evaluate(work: ReturnType<typeof workFor>): Promise<FileTiming>;
  close(): Promise<void>;
}

async function openChromium(server: StaticServer, webgpu: boolean): Promise<Evaluator> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-dev-shm-usage',
      ...(webgpu
        ? ['--enable-unsafe-webgpu', '--enable-unsafe-swiftshader', '--use-webgpu-adapter=swiftshader']
        : []),
    ],
  });
  const tab = await browser.newPage();
  await tab.goto(`${server.origin}/`);
  await tab.waitForFunction(() => document.title === 'ready');
  return { evaluate: (work) => tab.evaluate(timeFile, work), close: () => browser.close() };
}

async function openFirefox(server: StaticServer): Promise<Evaluator> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
    headless: true,
    extraPrefsFirefox: { 'datareporting.policy.dataSubmissionEnabled': false, 'app.normandy.enabled': false },
  });
  const tab = await browser.newPage();
  await tab.goto(`${server.origin}/`);
  await tab.waitForFunction(() => document.title === 'ready');
  return { evaluate: (work) => tab.evaluate(timeFile, work), close: () => browser.close() };
}

function runtimeVersion(): string {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'node_modules/onnxruntime-web/package.json'), 'utf8')) as {
    version: string;
  };
  return `onnxruntime-web ${pkg.version}`;
}

/** Times every candidate of `sessions` for one browser profile; a file that fails to run is kept with its error. */
export async function measureInBrowser(
  modelDir: string,
  profile: BrowserProfile,
  sessions: readonly WorkSession[],
  repeats: number,
  log: (line: string) => void = () => {},
): Promise<FileTiming[]> {
  const candidates = CANDIDATES[profile.ep === 'wasm' ? 'cpu' : 'gpu'];
  // The decoders with step outputs the kept-cache steps are timed on, made here as the engine makes them.
  const kept: Record<string, { body: Uint8Array; type: string }> = {};
  if (profile.ep === 'wasm' && sessions.includes('decoder_model_merged')) {
    for (const dtype of candidates.decoder_model_merged) {
      const work = workFor(modelDir, 'decoder_model_merged', dtype, profile.ep, profile.threads, 1);
      const changed = withStepOutputs(new Uint8Array(readFileSync(join(modelDir, work.path))));
      if (changed && work.kept)
        kept[`/model/${work.kept.path}`] = { body: changed.bytes, type: 'application/octet-stream' };
    }
  }
  const server = await startStaticServer(
    { '/ort/': ORT_DIST, '/model/': modelDir },
    { '/': { body: page(profile.threads, profile.ep), type: 'text/html; charset=utf-8' }, ...kept },
  );
  const evaluator =
    profile.browser === 'firefox'
      ? await openFirefox(server)
      : await openChromium(server, profile.ep === 'webgpu');
  try {
    const timings: FileTiming[] = [];
    for (const session of sessions) {
      for (const dtype of candidates[session]) {
        log(
          `file speeds: ${profile.browser} ${profile.ep} (${profile.threads} threads) ${session} ${dtype}…`,
        );
        timings.push(
          await evaluator.evaluate(workFor(modelDir, session, dtype, profile.ep, profile.threads, repeats)),
        );
      }
    }
    return timings;
  } finally {
    await evaluator.close();
    await server.close();
  }
}

export function speedRun(
  profile: BrowserProfile,
  timings: readonly FileTiming[],
  model: { id: string; standsFor: string },
): FileSpeedRun {
  const files: FileSpeedRun['files'] = [];
  for (const t of timings) {
    if (t.error) continue;
    files.push({
      session: t.session,
      dtype: t.dtype as FileSpeedRun['files'][number]['dtype'],
      ...(t.visionMsPerView !== undefined ? { visionMsPerView: round(t.visionMsPerView) } : {}),
      ...(t.embedMs !== undefined ? { embedMs: round(t.embedMs) } : {}),
      ...(t.prefillMs !== undefined ? { prefillMs: round(t.prefillMs) } : {}),
      ...(t.decodeStepMs !== undefined ? { decodeStepMs: round(t.decodeStepMs) } : {}),
      ...(t.decodeStepSplitMs !== undefined ? { decodeStepSplitMs: round(t.decodeStepSplitMs) } : {}),
      ...(t.decodeStepKeptMs !== undefined ? { decodeStepKeptMs: round(t.decodeStepKeptMs) } : {}),
      ...(t.decodeStepKeptSplitMs !== undefined
        ? { decodeStepKeptSplitMs: round(t.decodeStepKeptSplitMs) }
        : {}),
    });
  }
  return {
    profile: profile.ep === 'wasm' ? 'wasm' : 'webgpu',
    browser: profile.browser,
    threads: profile.threads,
    at: new Date().toISOString(),
    machine: machineName(),
    loadAverage: round(loadavg()[0] ?? 0),
    runtime: runtimeVersion(),
    measuredOn: model.id,
    standsFor: model.standsFor,
    failed: timings
      .filter((t) => t.error)
      .map((t) => `${t.session} ${t.dtype}: ${(t.error ?? '').slice(0, 160)}`),
    files,
  };
}

const round = (n: number) => Math.round(n * 10) / 10;

/** Replaces the runs of the same browser, backend and thread count in the table; keeps the others. */
export function writeFileSpeeds(runs: readonly FileSpeedRun[]): FileSpeedTable {
  const previous = JSON.parse(readFileSync(FILE_SPEEDS_PATH, 'utf8')) as FileSpeedTable;
  const same = (a: FileSpeedRun, b: FileSpeedRun) =>
    a.profile === b.profile &&
    a.browser === b.browser &&
    a.threads === b.threads &&
    a.measuredOn === b.measuredOn;
  const kept = previous.runs.filter((old) => !runs.some((run) => same(old, run)));
  const table: FileSpeedTable = { ...previous, runs: [...kept, ...runs] };
  writeFileSync(FILE_SPEEDS_PATH, `${JSON.stringify(table, null, 2)}\n`);
  return table;
}

export const BENCH_THREADS = Math.min(availableParallelism(), 8);
