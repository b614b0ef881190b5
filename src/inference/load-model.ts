/**
 * Loading a catalog model with transformers.js (AutoProcessor + AutoModelForVision2Seq, which maps Idefics3/SmolVLM
 * to its image-text-to-text class): where its files come from, which backend runs it (WebGPU first, WASM when that
 * fails, by the one backend choice), download progress in bytes against the expected total, and a failure turned
 * into a sentence a person can act on.
 */
import {
  AutoModelForVision2Seq,
  AutoProcessor,
  env,
  type PreTrainedModel,
  type Processor,
} from '@huggingface/transformers';
import { userError } from '../protocol/errors';
import type {
  Backend,
  BackendPolicy,
  EngineConfig,
  ModelDownloadProgress,
  ModelReady,
  SessionFiles,
} from '../protocol/messages';
import { deviceKeyFor } from './backend/by-speed';
import { chooseBackends } from './backend/choice';
import { loadWithFallback } from './backend/fallback';
import type { LosableDevice } from './backend/gpu-loss';
import { probeGpu } from './backend/gpu-probe';
import { fileCostsOn, type MeasuredSpeed, speedOn } from './backend/measured-speed';
import { wasmThreadsFor } from './backend/wasm-threads';
import { keepsDecoderCache, withKeptCacheDecoders } from './kept-cache/session-hook';
import { backendMayHelp, describeLoadError, type LoadContext, loadFailure } from './load-errors';
import { bundledModelIds } from './model-files/bundled-models';
import { type CatalogModel, downloadPlan, findModel, modelCatalog, userModels } from './model-files/catalog';
import { dtypesFor } from './model-files/file-choice';
import {
  type ModelFileStorage,
  prepareDownload,
  useModelSource,
  useRuntime,
} from './model-files/file-source';
import { DownloadTally, type LoaderProgress } from './model-files/progress-tally';
import { FreshWorkerNeeded, runtimeBuildFor } from './model-files/runtime-files';

const PROGRESS_INTERVAL_MS = 100;

/** A model ready to answer, with what answering needs. */
export interface LoadedModel extends ModelReady {
  policy: BackendPolicy;
  host: string;
  /** Browser and GPU adapter: whose measurements apply. */
  deviceKey: string;
  /** The file each session loaded, recorded with every answer so the device's speeds are known per file. */
  files: SessionFiles;
  processor: Processor;
  model: PreTrainedModel;
  /** onnxruntime-web's WebGPU device when the model runs on it: watched for loss. */
  gpuDevice: LosableDevice | null;
  /**
   * This device's speed as a short probe estimated it, before the first answer on a device no answer has measured
   * (null when the probe couldn't say; absent when it hasn't run).
   */
  probe?: MeasuredSpeed | null;
}

/** Where the engine runs: the extension's base URL and the browser storage its downloads use. */
export interface LoadEnvironment {
  extensionBase: string;
  storage: ModelFileStorage;
}

/** The ready event's fields of a loaded model (what crosses to the UI; the sessions stay in the worker). */
export function readyOf(loaded: LoadedModel): ModelReady {
  const { modelId, backend, loadMs, fallbackReason, crossOriginIsolated, wasmThreads, keptCache, runtime } =
    loaded;
  return { modelId, backend, loadMs, fallbackReason, crossOriginIsolated, wasmThreads, keptCache, runtime };
}

/** Whether `loaded` already answers a request for `modelId` on `policy` from `config`'s host. */
export function servesRequest(
  loaded: LoadedModel | null,
  modelId: string,
  policy: BackendPolicy,
  config: EngineConfig,
): loaded is LoadedModel {
  return (
    loaded !== null &&
    loaded.modelId === modelId &&
    loaded.host === config.modelHost &&
    (policy === 'auto' ? loaded.policy === 'auto' : loaded.backend === policy)
  );
}

export async function loadModel(
  modelId: string,
  policy: BackendPolicy,
  config: EngineConfig,
  environment: LoadEnvironment,
  onProgress: (progress: ModelDownloadProgress) => void,
  stop?: AbortSignal,
): Promise<LoadedModel> {
  const entry = findModel(modelCatalog(), modelId);
  if (!entry) {
    throw userError(
      'model-load-failed',
      `${modelId} isn't a model Verdict Lens knows how to run.`,
      'Choose a model from the list in Options.',
    );
  }
  const bundled = (await bundledModelIds(environment.extensionBase)).includes(modelId);
  const isolated = globalThis.crossOriginIsolated === true;
  const threads = wasmThreadsFor({
    crossOriginIsolated: isolated,
    hardwareConcurrency: globalThis.navigator?.hardwareConcurrency,
  });
  useModelSource(config, environment.extensionBase, bundled, threads, environment.storage, stop);
  const started = performance.now();
  const gpu = await probeGpu();
  const inFlight = new Map<string, number>();
  const deviceKey = deviceKeyFor(
    globalThis.navigator?.userAgent ?? '',
    gpu.adapter ? (gpu.adapterName ?? 'gpu') : null,
  );
  const measured = (backend: Backend) => speedOn(config.measurements ?? [], { deviceKey, modelId, backend });
  const plan = chooseBackends(policy, gpu, { webgpu: measured('webgpu'), wasm: measured('wasm') });
  // A load that never tries WebGPU runs the WebAssembly-only build, which starts much sooner (runtime-files.ts).
  const needed = runtimeBuildFor(plan.order);
  const runtime = useRuntime(needed, environment.extensionBase);
  if (!runtime) throw new FreshWorkerNeeded(needed);
  // Each session's file by measured speed: the bench's table, this device's answers, the person's choice.
  const filesFor = (backend: Backend) =>
    dtypesFor(entry, backend, gpu.shaderF16, {
      browser: /Firefox\//.test(globalThis.navigator?.userAgent ?? '') ? 'firefox' : 'chromium',
      threads: threads.threads,
      measured: fileCostsOn(config.measurements ?? [], { deviceKey, modelId, backend }),
      ...(config.fileOverride ? { override: config.fileOverride } : {}),
    });
  const expectedFiles = (backend: Backend | undefined) =>
    backend ? downloadPlan(entry, filesFor(backend)).files : [];
  const context: LoadContext = {
    host: config.modelHost,
    inFlight,
    model: {
      label: entry.label,
      minDeviceMemoryGb: entry.minDeviceMemoryGb,
      downloadBytes: expectedFiles(plan.order[0]).reduce((sum, f) => sum + f.bytes, 0),
    },
    smaller: smallerModel(entry),
  };
  // Expected sizes first, so the bar's total is right before the first byte arrives; files still in the cache
  // count as done, and only the missing ones (never downloaded, or evicted) must fit in the space left.
  let tally = new DownloadTally(modelId, expectedFiles(plan.order[0]));
  if (!bundled) {
    try {
      const prepared = await prepareDownload(
        entry,
        expectedFiles(plan.order[0]),
        config.modelHost,
        environment.storage,
      );
      for (const file of prepared.cached) tally.update({ status: 'done', file });
    } catch (error) {
      throw loadFailure(error, context);
    }
  }
  onProgress(tally.snapshot());
  let lastSent = 0;
  const progress_callback = (info: LoaderProgress) => {
    if (info.status === 'progress' && info.file) inFlight.set(info.file, info.loaded ?? 0);
    if (info.status === 'done' && info.file) inFlight.delete(info.file);
    const snapshot = tally.update(info);
    const now = performance.now();
    if (snapshot && (info.status === 'done' || now - lastSent >= PROGRESS_INTERVAL_MS)) {
      lastSent = now;
      onProgress(snapshot);
    }
  };
  const options = { revision: entry.revision, progress_callback };
  try {
    const processor = await AutoProcessor.from_pretrained(modelId, options);
    const loaded = await loadWithFallback(
      plan,
      async (backend) => {
        const dtype = filesFor(backend);
        if (backend !== plan.order[0]) {
          // A fallback backend needs other files: start its bar afresh.
          tally = new DownloadTally(modelId, expectedFiles(backend));
          onProgress(tally.snapshot());
        }
        const load = () =>
          AutoModelForVision2Seq.from_pretrained(modelId, { ...options, dtype, device: backend });
        // On WASM the engine keeps the decoder's cache itself (kept-cache/): onnxruntime-web would copy all of it
        // out of its heap and back every step. On WebGPU it stays on the GPU already.
        return (await (backend === 'wasm' ? withKeptCacheDecoders(load) : load())) as PreTrainedModel;
      },
      (error) => !stop?.aborted && backendMayHelp(describeLoadError(error, context), inFlight.size),
    );
    // onnxruntime-web's device, once its first WebGPU session exists (a getter returning a promise).
    const gpuDevice =
      loaded.backend === 'webgpu'
        ? ((await (env.backends.onnx.webgpu as { device?: Promise<LosableDevice> } | undefined)?.device) ??
          null)
        : null;
    return {
      modelId,
      policy,
      host: config.modelHost,
      deviceKey,
      files: filesFor(loaded.backend),
      processor,
      model: loaded.value,
      gpuDevice,
      backend: loaded.backend,
      fallbackReason: loaded.fallbackReason,
      loadMs: Math.round(performance.now() - started),
      crossOriginIsolated: isolated,
      // onnxruntime writes back 1 when it found no shared memory, so this is what it really runs with.
      wasmThreads: env.backends.onnx.wasm?.numThreads ?? threads.threads,
      keptCache: keepsDecoderCache(loaded.value as unknown as { sessions?: Record<string, unknown> }),
      runtime,
    };
  } catch (error) {
    // Stopped: the person's choice, not a failure to explain (the kept bytes resume next time).
    if (stop?.aborted) throw userError('cancelled', 'Stopped.');
    throw loadFailure(error, context);
  }
}

/** The largest model a person may choose that needs less memory than `entry`; null when none does. */
function smallerModel(entry: CatalogModel): { label: string; minDeviceMemoryGb: number } | null {
  const lighter = userModels(modelCatalog())
    .filter((m) => m.minDeviceMemoryGb < entry.minDeviceMemoryGb)
    .sort((a, b) => b.minDeviceMemoryGb - a.minDeviceMemoryGb)[0];
  return lighter ? { label: lighter.label, minDeviceMemoryGb: lighter.minDeviceMemoryGb } : null;
}
