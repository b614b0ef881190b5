/**
 * The bench's `file-speeds` and `native` sections. file-speeds: every candidate file of the 256M stand-in in the
 * browser's runtime (Chromium WASM with a thread per core, Firefox WASM with one thread; `--file-speeds-webgpu`
 * adds WebGPU on SwiftShader, the decoder only: minutes per step), written to models/file-speeds.json. native: the
 * same files and inputs through onnxruntime-node (bench/native.ts), and the browser's figures beside the native
 * ones as ratios, for the files the choice picks and for the old fixed set.
 */
import { SHAPED_MODELS } from '../models/scripts/shaped/write-shaped';
import { findModel, modelCatalog } from '../src/inference/model-files/catalog';
import { chooseFiles, fileCost } from '../src/inference/model-files/file-choice';
import type { FileSpeedRun } from '../src/inference/model-files/file-speeds';
import { ensureShapedModel } from '../test/support/shaped';
import { composedFigures, PROMPT_TOKENS } from './file-candidates';
import {
  BENCH_THREADS,
  type BrowserProfile,
  measureInBrowser,
  speedRun,
  writeFileSpeeds,
} from './file-speeds';
import type { WorkSession } from './file-work';
import { benchNative, type NativeRun } from './native';
import type { Row } from './report';

const MODEL = SHAPED_MODELS['256m'];
const ALL: WorkSession[] = ['vision_encoder', 'embed_tokens', 'decoder_model_merged'];

function flag(name: string): string[] | undefined {
  return process.argv
    .find((a) => a.startsWith(`--${name}=`))
    ?.split('=')[1]
    ?.split(',');
}

const fmt = (ms: number | undefined) =>
  ms === undefined ? 'n/a' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;

function candidateRows(run: FileSpeedRun): Row[] {
  const name = `${run.browser} ${run.profile === 'wasm' ? `WASM, ${run.threads} thread${run.threads > 1 ? 's' : ''}` : 'WebGPU (SwiftShader)'}`;
  const rows: Row[] = [];
  for (const f of run.files) {
    const what =
      f.session === 'vision_encoder'
        ? `${fmt(f.visionMsPerView)} per view`
        : f.session === 'embed_tokens'
          ? `${fmt(f.embedMs)} for ${PROMPT_TOKENS.oneView} tokens`
          : `prefill ${fmt(f.prefillMs)}, step ${fmt(f.decodeStepMs)} (at ${PROMPT_TOKENS.split}: ${fmt(f.decodeStepSplitMs)})${
              f.decodeStepKeptMs !== undefined
                ? `; cache kept: step ${fmt(f.decodeStepKeptMs)} (at ${PROMPT_TOKENS.split}: ${fmt(f.decodeStepKeptSplitMs)})`
                : ''
            }`;
    rows.push({ metric: `file speed, ${name}: ${f.session} ${f.dtype}`, value: what });
  }
  for (const failure of run.failed) rows.push({ metric: `file speed, ${name}: failed`, value: failure });
  return rows;
}

function pick<T extends { session: string; dtype: string }>(
  list: readonly T[],
  session: string,
  dtype: string,
) {
  return list.find((f) => f.session === session && f.dtype === dtype);
}

function nativeRows(run: FileSpeedRun, native: NativeRun): Row[] {
  const entry = findModel(modelCatalog(), MODEL.id);
  if (!entry) throw new Error('the 256M stand-in is missing from the catalog');
  const chosen = chooseFiles(
    entry,
    { backend: 'wasm', shaderF16: false, browser: run.browser, threads: run.threads },
    { schemaVersion: 1, note: 'this run', runs: [run] },
  );
  const sets: [string, Record<WorkSession, string>][] = [
    ['files chosen by speed', chosen.dtypes],
    ['the old fixed WASM set', entry.dtypes.wasm],
  ];
  const rows: Row[] = [];
  // The native side's best: the fastest of its files per session, as the target asks.
  const bestNative = (session: WorkSession) =>
    native.cpu.filter((t) => t.session === session && !t.error).sort((a, b) => fileCost(a) - fileCost(b))[0];
  const nativeBest = (() => {
    const [v, e, d] = ALL.map(bestNative);
    return v && e && d ? composedFigures(v, e, d, 'fastest') : null;
  })();
  for (const [label, dtypes] of sets) {
    const browserFiles = ALL.map((s) => pick(run.files, s, dtypes[s]));
    const nativeFiles = ALL.map((s) => pick(native.cpu, s, dtypes[s]));
    const [bv, be, bd] = browserFiles;
    const [nv, ne, nd] = nativeFiles;
    if (!bv || !be || !bd || !nv || !ne || !nd) {
      rows.push({
        metric: `native vs ${run.browser}, ${label}`,
        value: 'a file was not measured on one side',
      });
      continue;
    }
    const b = composedFigures(bv, be, bd);
    const n = composedFigures(nv, ne, nd, 'fastest');
    if (!b || !n) continue;
    const name = `${run.browser} WASM ${run.threads}t / native CPU ${native.threads}t, ${label} (${ALL.map((s) => dtypes[s]).join(', ')})`;
    const cell = (browser: number, nativeValue: number, unit: string, higherIsBetter: boolean) =>
      `${(higherIsBetter ? browser / nativeValue : nativeValue / browser).toFixed(2)}× (${browser.toFixed(unit === 'ms' ? 0 : 1)} vs ${nativeValue.toFixed(unit === 'ms' ? 0 : 1)} ${unit})`;
    rows.push({
      metric: `${name}: vision per view`,
      value: cell(b.visionMsPerView, n.visionMsPerView, 'ms', false),
    });
    rows.push({
      metric: `${name}: prefill`,
      value: cell(b.prefillTokensPerSecond, n.prefillTokensPerSecond, 'tokens/s', true),
    });
    rows.push({
      metric: `${name}: decode, one view`,
      value: cell(b.decodeTokensPerSecond, n.decodeTokensPerSecond, 'tokens/s', true),
    });
    rows.push({
      metric: `${name}: decode at the split's ${PROMPT_TOKENS.split} tokens`,
      value: cell(b.decodeTokensPerSecondSplit, n.decodeTokensPerSecondSplit, 'tokens/s', true),
    });
    rows.push({
      metric: `${name}: first token, one view (sessions)`,
      value: cell(b.firstTokenMs, n.firstTokenMs, 'ms', false),
    });
    rows.push({
      metric: `${name}: first token, split (sessions)`,
      value: cell(b.firstTokenSplitMs, n.firstTokenSplitMs, 'ms', false),
    });
    if (label === 'files chosen by speed' && run.browser === 'chromium') {
      rows.push({
        metric: `${run.browser} WASM decode, one view (${dtypes.decoder_model_merged} decoder)`,
        value: `${b.decodeTokensPerSecond.toFixed(1)} tokens/s`,
        target: '≥ 15 tokens/s',
        met: b.decodeTokensPerSecond >= 15,
      });
      if (nativeBest)
        rows.push({
          metric: `${run.browser} WASM decode / best native decode, one view`,
          value: `${(b.decodeTokensPerSecond / nativeBest.decodeTokensPerSecond).toFixed(2)}×`,
          target: '≥ 0.5×',
          met: b.decodeTokensPerSecond / nativeBest.decodeTokensPerSecond >= 0.5,
        });
      rows.push({
        metric: `${run.browser} WASM decode at the split / one view`,
        value: `${(b.decodeTokensPerSecondSplit / b.decodeTokensPerSecond).toFixed(2)}×`,
        target: '≥ 0.5×',
        met: b.decodeTokensPerSecondSplit / b.decodeTokensPerSecond >= 0.5,
      });
      rows.push({
        metric: `${run.browser} WASM first token, one view (sessions)`,
        value: fmt(b.firstTokenMs),
        target: '≤ 2.5 s',
        met: b.firstTokenMs <= 2500,
      });
    }
  }
  const gpu = Array.isArray(native.webgpu)
    ? `${native.webgpu.length} files measured`
    : native.webgpu.unavailable;
  rows.push({ metric: 'native WebGPU execution provider', value: gpu });
  return rows;
}

export async function benchFileSpeedsSection(
  results: Record<string, unknown>,
  rows: Row[],
  options: { quick: boolean; only: string[] | undefined },
): Promise<void> {
  const runs = (section: string) => !options.only || options.only.includes(section);
  const modelDir = ensureShapedModel('256m', { dtypes: ['q4', 'q8', 'fp16', 'q4f16'] });
  const sessions = (flag('file-speeds-sessions') as WorkSession[] | undefined) ?? ALL;
  const repeats = options.quick ? 1 : 3;
  const log = (line: string) => console.error(line);
  const profiles: BrowserProfile[] = [
    { browser: 'chromium', ep: 'wasm', threads: BENCH_THREADS },
    { browser: 'firefox', ep: 'wasm', threads: 1 },
  ].filter((p) =>
    (flag('file-speeds-browsers') ?? ['chromium', 'firefox']).includes(p.browser),
  ) as BrowserProfile[];
  const model = { id: MODEL.id, standsFor: MODEL.source.reference };
  const speedRuns: FileSpeedRun[] = [];
  for (const profile of profiles) {
    const timings = await measureInBrowser(modelDir, profile, sessions, repeats, log);
    speedRuns.push(speedRun(profile, timings, model));
  }
  if (process.argv.includes('--file-speeds-webgpu')) {
    const profile: BrowserProfile = { browser: 'chromium', ep: 'webgpu', threads: BENCH_THREADS };
    const timings = await measureInBrowser(modelDir, profile, ['decoder_model_merged'], 1, log);
    speedRuns.push(speedRun(profile, timings, model));
  }
  if (runs('file-speeds') && sessions.length === ALL.length) writeFileSpeeds(speedRuns);
  results.fileSpeeds = speedRuns;
  for (const run of speedRuns) rows.push(...candidateRows(run));
  if (!runs('native')) return;
  const native = await benchNative(modelDir, BENCH_THREADS, repeats, log, sessions);
  results.native = native;
  for (const run of speedRuns.filter((r) => r.profile === 'wasm')) rows.push(...nativeRows(run, native));
}
