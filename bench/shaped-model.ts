/**
 * The on-device model at real scale: the shape-faithful SmolVLM-256M stand-in (npm run models:shaped) through the
 * built extension's engine in headless Chromium, per backend (WASM; WebGPU on SwiftShader). One function per
 * figure, each taking the shared context, so a figure can be added or run alone:
 *
 * - load from the hub (Cache Storage emptied first) and from Cache Storage (model unloaded, loaded again);
 * - one request on one 512 px view: vision encoding per view, time to first token, prefill and decode tokens/s
 *   (the engine's own session timings), and the offscreen renderer's peak memory during it;
 * - time to first token for the processor's default split (17 views for any image up to 2048 px);
 * - decode speed against this machine's limit: weight bytes the decoder reads per token (its initializers) over a
 *   memory bandwidth measured in the same renderer, as the fraction of that limit the decoder reaches.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { summariseOnnx } from '../models/scripts/onnx/onnx-reader';
import type { SessionDtypes } from '../src/inference/model-files/catalog';
import { downloadPlan, findModel, modelCatalog } from '../src/inference/model-files/catalog';
import { dtypesFor } from '../src/inference/model-files/file-choice';
import type { Backend, ImageDetail } from '../src/protocol/messages';
import {
  engineRequest,
  generateRequest,
  requestId,
  solidImage,
  useTestModel,
} from '../test/support/engine-driver';
import { type LoadedExtension, launchExtension } from '../test/support/harness';
import { type HubServer, startHubServer } from '../test/support/hub-server';
import { ensureShapedModel, SHAPED_256M_ID } from '../test/support/shaped';
import { computeDirectInputs, decodeIds } from './direct-inputs';
import { openDirectPage } from './direct-ort';
import { type TimedRequest, timedEngineRequest } from './engine-timing';
import { BLANK_PAGE, writeBlankPage } from './popup-paint';
import { extensionRendererPids, peakDuring } from './process-memory';
import { formatBytes, type Row } from './report';
import { ratio, type SampleSummary, summarize } from './stats';

const QUESTION = 'What is in this picture?';
const IMAGE = { rgb: [200, 120, 40] as const, width: 224, height: 224 };

export interface ShapedRuns {
  /** Loads from the hub and from the cache. */
  loads: number;
  /** Requests on one 512 px view. */
  singleViewRequests: number;
  /** Requests on the default split (17 views); 0 skips the figure. */
  splitRequests: number;
  /** Tokens per answer: the first is prefill, the rest are decode steps. */
  maxNewTokens: number;
  /** Alternating engine / direct onnxruntime-web rounds; 0 skips the figure. */
  directRounds: number;
}

export interface ShapedBackendFigures {
  backend: Backend;
  downloadBytes: number;
  hubLoadMs: SampleSummary;
  cacheLoadMs: SampleSummary;
  visionMsPerView: SampleSummary;
  firstTokenSingleMs: SampleSummary;
  /**
   * The first question after a load from the cache, the device already measured: a fresh worker, whose runtime
   * has just been compiled (the cost the runtime build choice cuts; runtime-files.ts).
   */
  firstTokenAfterLoadMs: SampleSummary;
  promptTokensSingle: number;
  firstTokenSplitMs: SampleSummary | null;
  promptTokensSplit: number | null;
  prefillTokensPerSecond: SampleSummary;
  /** One view's answers; and the split's, where the cache is 14 times as long. */
  decodeTokensPerSecond: SampleSummary;
  decodeTokensPerSecondSplit: SampleSummary | null;
  /** The renderer that ran the model (offscreen document): resident memory at its peak during one request. */
  peakRendererBytes: number | null;
  /** Weight bytes the decoder reads per generated token (all of its initializers). */
  decoderWeightBytes: number;
  /** Memory copy bandwidth in the extension's renderer, bytes read + written per second. */
  bandwidthBytesPerSecond: number;
  /** decode tokens/s × decoder bytes per token ÷ bandwidth: how close decoding runs to the memory limit. */
  bandwidthFraction: number;
  engineVsDirect: EngineVsDirect | null;
}

export interface ShapedBenchResult {
  modelId: string;
  backends: ShapedBackendFigures[];
}

interface Context {
  ext: LoadedExtension;
  hub: HubServer;
  page: Page;
  distDir: string;
}

function loadRequest(backend: Backend) {
  return { type: 'load' as const, requestId: requestId('load'), modelId: SHAPED_256M_ID, backend };
}

async function readyMs(ctx: Context, backend: Backend): Promise<number> {
  const started = performance.now();
  const outcome = await engineRequest(ctx.page, loadRequest(backend));
  if (outcome.last.type !== 'ready') throw new Error(`load failed: ${JSON.stringify(outcome.last)}`);
  if (outcome.last.backend !== backend) throw new Error(`loaded on ${outcome.last.backend}, not ${backend}`);
  return performance.now() - started;
}

async function unload(ctx: Context): Promise<void> {
  await engineRequest(ctx.page, { type: 'unload', requestId: requestId('unload') });
}

/** Load from the hub: Cache Storage emptied and the model unloaded before each. */
export async function measureHubLoad(ctx: Context, backend: Backend, runs: number): Promise<SampleSummary> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    await unload(ctx);
    await ctx.page.evaluate(() => caches.delete('transformers-cache'));
    samples.push(await readyMs(ctx, backend));
  }
  return summarize(samples);
}

/** Load from Cache Storage: the model unloaded, its files cached; no file may come from the hub. */
export async function measureCacheLoad(ctx: Context, backend: Backend, runs: number): Promise<SampleSummary> {
  const samples: number[] = [];
  ctx.hub.clearLog();
  for (let i = 0; i < runs; i++) {
    await unload(ctx);
    samples.push(await readyMs(ctx, backend));
  }
  const fetched = ctx.hub.fileRequests().length;
  if (fetched > 0) throw new Error(`a load from the cache fetched ${fetched} files from the hub`);
  return summarize(samples);
}

let asked = 0;

/**
 * One request with a picture no earlier request used: the engine keeps a conversation's cache for follow-ups on the
 * same image, and a repeated picture would be measured as such a follow-up (no vision encoder, no prefill).
 */
async function ask(
  ctx: Context,
  backend: Backend,
  detail: ImageDetail,
  maxNewTokens: number,
  picture?: readonly [number, number, number],
): Promise<TimedRequest> {
  asked += 1;
  const [r, g, b] = IMAGE.rgb;
  const rgb = picture ?? ([r, (g + 7 * asked) % 256, b] as const);
  const image = await solidImage(ctx.page, rgb, IMAGE.width, IMAGE.height);
  const answer = await timedEngineRequest(
    ctx.page,
    generateRequest(image, QUESTION, backend, {
      modelId: SHAPED_256M_ID,
      options: { maxNewTokens, backend },
      detail,
    }),
  );
  if (answer.metrics.sessions?.reusedTokens)
    throw new Error('a bench request was answered from a follow-up cache');
  return answer;
}

/** After each load from the cache (the model unloaded first, so a fresh worker), the first question's wait. */
export async function measureFirstAnswerAfterLoad(
  ctx: Context,
  backend: Backend,
  runs: number,
  maxNewTokens: number,
): Promise<SampleSummary> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    await unload(ctx);
    await readyMs(ctx, backend);
    samples.push((await ask(ctx, backend, 'single', maxNewTokens)).firstTokenMs);
  }
  return summarize(samples);
}

/** Requests on one view (the model already loaded): the engine's session timings of each. */
export async function measureAnswers(
  ctx: Context,
  backend: Backend,
  detail: ImageDetail,
  runs: number,
  maxNewTokens: number,
): Promise<TimedRequest[]> {
  const answers: TimedRequest[] = [];
  for (let i = 0; i < runs; i++) answers.push(await ask(ctx, backend, detail, maxNewTokens));
  return answers;
}

export function answerFigures(answers: readonly TimedRequest[]) {
  const sessions = answers.flatMap((a) => (a.metrics.sessions ? [a.metrics.sessions] : []));
  return {
    firstTokenMs: summarize(answers.map((a) => a.firstTokenMs)),
    promptTokens: answers[0]?.metrics.promptTokens ?? 0,
    visionMsPerView: summarize(sessions.filter((s) => s.views > 0).map((s) => s.visionMs / s.views)),
    prefillTokensPerSecond: summarize(
      sessions.filter((s) => s.prefillMs > 0).map((s) => (s.prefillTokens * 1000) / s.prefillMs),
    ),
    decodeTokensPerSecond: summarize(answers.map((a) => a.metrics.tokensPerSecond)),
  };
}

/** Runs `work` while watching the extension's renderers: the peak resident memory of the busiest one. */
export async function withPeakMemory<T>(
  ctx: Context,
  work: () => Promise<T>,
): Promise<{ value: T; peakBytes: number | null }> {
  const pids = extensionRendererPids(ctx.distDir);
  if (pids.length === 0) return { value: await work(), peakBytes: null };
  const peak = await peakDuring(pids, work);
  return { value: peak.value, peakBytes: Number.isFinite(peak.peakBytes) ? peak.peakBytes : null };
}

export interface EngineVsDirect {
  engineMs: SampleSummary;
  directMs: SampleSummary;
  /** median(engine) / median(direct): what the extension adds over the bare sessions (target ≤ 1.05). */
  ratio: number;
}

/**
 * One single-view request through the engine against the same sessions driven with onnxruntime-web directly on
 * identical inputs (bench/direct-ort.ts, with the engine's repetition penalty), alternating; the answers' tokens
 * must be the same.
 */
export async function measureEngineVsDirect(
  ctx: Context,
  backend: Backend,
  rounds: number,
  maxNewTokens: number,
): Promise<EngineVsDirect> {
  const model = { id: SHAPED_256M_ID, dir: ensureShapedModel('256m', { profiles: [backend] }) };
  const inputs = await computeDirectInputs(IMAGE.rgb, IMAGE.width, IMAGE.height, QUESTION, model, 'single');
  // Both sides run the catalog's own files for this backend, pinned for the engine through Options' per-model
  // override: with the q8 decoder the file choice now prefers, the engine's and the direct loop's token sequences
  // part after a few tokens (dynamic quantisation; not yet explained), and this figure compares loops, not files.
  const entry = findModel(modelCatalog(), SHAPED_256M_ID);
  if (!entry) throw new Error('the 256M stand-in is missing from the catalog');
  const pinned = entry.dtypes[backend === 'wasm' ? 'wasm' : 'webgpu'];
  await useTestModel(ctx.ext, ctx.hub.url, {
    modelId: SHAPED_256M_ID,
    modelFiles: { [SHAPED_256M_ID]: pinned },
  });
  await unload(ctx);
  const ready = await engineRequest(ctx.page, loadRequest(backend));
  const threads = ready.last.type === 'ready' ? ready.last.wasmThreads : undefined;
  const runtime = ready.last.type === 'ready' ? ready.last.runtime : undefined;
  const direct = await openDirectPage(ctx.ext.context, inputs, model, threads, runtime);
  try {
    // One untimed answer first: on a fresh profile the engine probes its speed before the first answer it has no
    // measurements for, a once-per-device cost that isn't the per-request overhead this compares. Its metrics say
    // which file each session ran (chosen by measured speed): the direct side loads exactly those.
    const first = await ask(ctx, backend, 'single', maxNewTokens, IMAGE.rgb);
    await direct.prepare(backend, (first.metrics.files as SessionDtypes | undefined) ?? pinned);
    const engineMs: number[] = [];
    const directMs: number[] = [];
    for (let i = 0; i < rounds; i++) {
      // Both sides answer about the same picture; unloading (untimed) drops the engine's follow-up cache for it.
      await unload(ctx);
      await readyMs(ctx, backend);
      const e = await ask(ctx, backend, 'single', maxNewTokens, IMAGE.rgb);
      const d = await direct.run(backend, maxNewTokens);
      const directText = await decodeIds(d.ids, SHAPED_256M_ID);
      if (directText !== e.text) throw new Error(`direct answered "${directText}", the engine "${e.text}"`);
      engineMs.push(e.totalMs);
      directMs.push(d.ms);
    }
    const engine = summarize(engineMs);
    const directSummary = summarize(directMs);
    return { engineMs: engine, directMs: directSummary, ratio: ratio(engine.median, directSummary.median) };
  } finally {
    await direct.close();
    await useTestModel(ctx.ext, ctx.hub.url, { modelId: SHAPED_256M_ID });
    await unload(ctx);
  }
}

/** Bytes of the decoder's initializers: what one decode step reads from memory at least. */
export function decoderWeightBytes(backend: Backend): number {
  const entry = findModel(modelCatalog(), SHAPED_256M_ID);
  if (!entry) throw new Error('the 256M stand-in is missing from the catalog');
  const dtype = dtypesFor(entry, backend, false).decoder_model_merged;
  const file = entry.sessions.decoder_model_merged[dtype]?.files[0]?.path;
  if (!file) throw new Error(`no decoder file for ${dtype}`);
  const bytes = readFileSync(join(ensureShapedModel('256m', { profiles: [backend] }), file));
  return summariseOnnx(bytes).initializers.reduce((sum, t) => sum + t.bytes, 0);
}

/** Copy bandwidth in an extension page: 256 MB copied a few times (read + write bytes per second, best run). */
export async function measureBandwidth(page: Page): Promise<number> {
  return page.evaluate(() => {
    const size = 256 * 1024 * 1024;
    const source = new Float64Array(size / 8).fill(1.5);
    const target = new Float64Array(size / 8);
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      target.set(source);
      best = Math.min(best, performance.now() - started);
    }
    return (2 * size * 1000) / best;
  });
}

export async function benchShapedBackend(
  ctx: Context,
  backend: Backend,
  runs: ShapedRuns,
  bandwidth: number,
): Promise<ShapedBackendFigures> {
  const entry = findModel(modelCatalog(), SHAPED_256M_ID);
  if (!entry) throw new Error('the 256M stand-in is missing from the catalog');
  const hubLoadMs = await measureHubLoad(ctx, backend, runs.loads);
  const cacheLoadMs = await measureCacheLoad(ctx, backend, runs.loads);
  // The peak is taken over the single-view requests themselves: on SwiftShader one request takes minutes.
  const { value: singleAnswers, peakBytes: peakRendererBytes } = await withPeakMemory(ctx, () =>
    measureAnswers(ctx, backend, 'single', runs.singleViewRequests, runs.maxNewTokens),
  );
  const single = answerFigures(singleAnswers);
  // After answers on this device: no speed probe, only what a fresh worker costs.
  const firstTokenAfterLoadMs = await measureFirstAnswerAfterLoad(
    ctx,
    backend,
    runs.loads,
    runs.maxNewTokens,
  );
  const split =
    runs.splitRequests > 0
      ? answerFigures(await measureAnswers(ctx, backend, 'split', runs.splitRequests, runs.maxNewTokens))
      : null;
  const weights = decoderWeightBytes(backend);
  const engineVsDirect =
    runs.directRounds > 0
      ? await measureEngineVsDirect(ctx, backend, runs.directRounds, runs.maxNewTokens)
      : null;
  return {
    backend,
    downloadBytes: downloadPlan(entry, dtypesFor(entry, backend, false)).totalBytes,
    hubLoadMs,
    cacheLoadMs,
    visionMsPerView: single.visionMsPerView,
    firstTokenSingleMs: single.firstTokenMs,
    firstTokenAfterLoadMs,
    promptTokensSingle: single.promptTokens,
    firstTokenSplitMs: split?.firstTokenMs ?? null,
    decodeTokensPerSecondSplit: split?.decodeTokensPerSecond ?? null,
    promptTokensSplit: split?.promptTokens ?? null,
    prefillTokensPerSecond: single.prefillTokensPerSecond,
    decodeTokensPerSecond: single.decodeTokensPerSecond,
    peakRendererBytes,
    decoderWeightBytes: weights,
    bandwidthBytesPerSecond: bandwidth,
    bandwidthFraction: (single.decodeTokensPerSecond.median * weights) / bandwidth,
    engineVsDirect,
  };
}

/** Starts the hub, the extension and an extension page pointed at the stand-in; runs `work`; closes them. */
async function withShapedContext<T>(distDir: string, work: (ctx: Context) => Promise<T>): Promise<T> {
  ensureShapedModel('256m', { profiles: ['wasm', 'webgpu'] });
  writeBlankPage(distDir);
  const hub = await startHubServer();
  const ext = await launchExtension({ extensionDir: distDir, webgpu: true });
  try {
    await useTestModel(ext, hub.url, { modelId: SHAPED_256M_ID });
    const page = await ext.openExtensionPage(BLANK_PAGE);
    return await work({ ext, hub, page, distDir });
  } finally {
    await ext.close();
    await hub.close();
  }
}

export async function benchShapedModel(
  distDir: string,
  plan: Partial<Record<Backend, ShapedRuns>>,
  onProgress: (line: string) => void = () => {},
): Promise<ShapedBenchResult> {
  return withShapedContext(distDir, async (ctx) => {
    const bandwidth = await measureBandwidth(ctx.page);
    const figures: ShapedBackendFigures[] = [];
    for (const [backend, runs] of Object.entries(plan) as [Backend, ShapedRuns][]) {
      onProgress(`bench: 256M stand-in on ${backend}…`);
      figures.push(await benchShapedBackend(ctx, backend, runs, bandwidth));
      await unload(ctx);
    }
    return { modelId: SHAPED_256M_ID, backends: figures };
  });
}

/** The engine-against-direct figure alone (it needs minutes of its own on this machine). */
export async function benchShapedDirect(
  distDir: string,
  backend: Backend,
  rounds: number,
  maxNewTokens: number,
): Promise<EngineVsDirect> {
  return withShapedContext(distDir, (ctx) => measureEngineVsDirect(ctx, backend, rounds, maxNewTokens));
}

const MB = 1e6;
export const SHAPED_TARGETS = { engineOverheadRatio: 1.05 };
const seconds = (s: SampleSummary) =>
  `${(s.median / 1000).toFixed(1)} s (p95 ${(s.p95 / 1000).toFixed(1)} s, n=${s.n})`;
const rate = (s: SampleSummary, unit: string) =>
  `${s.median.toFixed(1)} ${unit} (p95 ${s.p95.toFixed(1)}, n=${s.n})`;

/** The table rows of the section, one block per backend. */
export function shapedRows(result: ShapedBenchResult, splitNote: string): Row[] {
  const rows: Row[] = [];
  for (const f of result.backends) {
    const name = `256M stand-in, ${f.backend === 'wasm' ? 'WASM' : 'WebGPU (SwiftShader)'}`;
    rows.push({
      metric: `${name}: load from the hub (${(f.downloadBytes / MB).toFixed(0)} MB)`,
      value: seconds(f.hubLoadMs),
    });
    rows.push({ metric: `${name}: load from Cache Storage`, value: seconds(f.cacheLoadMs) });
    rows.push({ metric: `${name}: vision encoding per 512 px view`, value: seconds(f.visionMsPerView) });
    rows.push({
      metric: `${name}: first token, one view (${f.promptTokensSingle} prompt tokens)`,
      value: seconds(f.firstTokenSingleMs),
    });
    rows.push({
      metric: `${name}: first token, one view, first question after a load (fresh worker)`,
      value: seconds(f.firstTokenAfterLoadMs),
    });
    rows.push({
      metric: `${name}: first token, default split${f.promptTokensSplit ? ` (${f.promptTokensSplit} prompt tokens)` : ''}`,
      value: f.firstTokenSplitMs ? seconds(f.firstTokenSplitMs) : splitNote,
    });
    rows.push({ metric: `${name}: prefill`, value: rate(f.prefillTokensPerSecond, 'tokens/s') });
    rows.push({ metric: `${name}: decode, one view`, value: rate(f.decodeTokensPerSecond, 'tokens/s') });
    rows.push({
      metric: `${name}: decode, default split`,
      value: f.decodeTokensPerSecondSplit ? rate(f.decodeTokensPerSecondSplit, 'tokens/s') : splitNote,
    });
    rows.push({
      metric: `${name}: decode vs memory limit (${(f.decoderWeightBytes / MB).toFixed(1)} MB/token at ${(f.bandwidthBytesPerSecond / 1e9).toFixed(1)} GB/s)`,
      value: `${(f.bandwidthFraction * 100).toFixed(1)}% of the limit (${(f.bandwidthBytesPerSecond / f.decoderWeightBytes).toFixed(0)} tokens/s)`,
    });
    const versus = f.engineVsDirect;
    rows.push({
      metric: `${name}: engine / direct onnxruntime-web, one view${versus ? ` (${seconds(versus.engineMs)} vs ${seconds(versus.directMs)})` : ''}`,
      value: versus ? `${versus.ratio.toFixed(3)}×` : 'full bench, WASM only',
      ...(versus
        ? {
            target: `≤ ${SHAPED_TARGETS.engineOverheadRatio}×`,
            met: versus.ratio <= SHAPED_TARGETS.engineOverheadRatio,
          }
        : {}),
    });
    rows.push({
      metric: `${name}: offscreen renderer peak memory`,
      value: f.peakRendererBytes === null ? 'n/a' : formatBytes(f.peakRendererBytes),
    });
  }
  return rows;
}
