/**
 * Where a model's files come from, decided here and nowhere else: the hub (or a mirror laid out like it) at
 * `<host>/<model>/resolve/<revision>/<path>`, or the extension itself for a model bundled into an offline build.
 * It points transformers.js there, checks before a download which files are still cached and whether the missing
 * ones fit, and fetches them resumably. The storage it uses (Cache Storage for partial files, the quota estimate) is
 * handed in by the worker, so this stays testable in Node.
 */
import { env } from '@huggingface/transformers';
import { DEFAULT_STALL_MS } from '../../network/progress-watchdog';
import type { EngineConfig, RuntimeBuild } from '../../protocol/messages';
import { BUNDLED_MODELS_DIRECTORY } from './bundled-models';
import { TRANSFORMERS_CACHE_NAME } from './cache-keys';
import { HUB_PATH_TEMPLATE, hubFileUrl } from './hub-url';
import { type PartialStore, resumableFetch } from './resumable-download';
import { runtimePaths, runtimeServes } from './runtime-files';
import { spaceProblem } from './storage-check';

/** What the file source needs from the browser's storage; the worker passes in the real one (platform/). */
export interface ModelFileStorage {
  /** Where unfinished downloads keep their bytes between attempts; none where there is no Cache Storage. */
  partials?: PartialStore;
  /** Which of `urls` are not (or no longer) in the cache named `cacheName`. */
  missingFromCache(cacheName: string, urls: readonly string[]): Promise<string[]>;
  /** Bytes this extension may still store; null when the browser won't say. */
  storageRoom(): Promise<{ usage: number; quota: number } | null>;
}

/** Threads onnxruntime-web's WASM backend may use (see backend/wasm-threads). */
export interface RuntimeThreads {
  threads: number;
}

/**
 * Points transformers.js at where the model's files are (the model host, or the extension itself for a bundled
 * model), and onnxruntime at its thread count.
 */
export function useModelSource(
  config: EngineConfig,
  extensionBase: string,
  bundled: boolean,
  threads: RuntimeThreads,
  storage: ModelFileStorage,
  stop?: AbortSignal,
): void {
  env.allowLocalModels = bundled;
  env.allowRemoteModels = !bundled;
  env.localModelPath = new URL(BUNDLED_MODELS_DIRECTORY, extensionBase).href;
  env.remoteHost = config.modelHost;
  env.remotePathTemplate = HUB_PATH_TEMPLATE;
  env.useBrowserCache = true;
  // Cache Storage keeps the files; letting the HTTP cache keep them too would double hundreds of MB on disk. A cut
  // or stalled download resumes from its own kept bytes, verified by ETag and size (resumable-download).
  env.fetch = modelFileFetch(config.stallMs ?? DEFAULT_STALL_MS, storage.partials, stop);
  // The runtime is part of the extension already; caching a copy would only double it on disk.
  env.useWasmCache = false;
  const wasm = env.backends.onnx.wasm;
  if (wasm) {
    wasm.proxy = false;
    wasm.numThreads = threads.threads;
  }
}

/** The runtime build this worker's onnxruntime was pointed at before its first session (runtime-files.ts). */
let runtimeStarted: RuntimeBuild | null = null;

/**
 * Points onnxruntime at the runtime files inside the extension: `needed`'s build, if this worker's runtime hasn't
 * started yet. Returns the build that runs, or null when this worker's runtime started as a build that can't run
 * `needed` (onnxruntime loads its runtime once per worker).
 */
export function useRuntime(needed: RuntimeBuild, extensionBase: string): RuntimeBuild | null {
  if (runtimeStarted === null) {
    const wasm = env.backends.onnx.wasm;
    if (wasm) wasm.wasmPaths = runtimePaths(needed, extensionBase);
    runtimeStarted = needed;
  }
  return runtimeServes(runtimeStarted, needed) ? runtimeStarted : null;
}

export interface PreparedDownload {
  /** Repo paths of the expected files already in the cache. */
  cached: string[];
  /** Bytes still to download. */
  missingBytes: number;
}

/**
 * Before a model loads from the hub: which of its files are still in Cache Storage (a browser under storage
 * pressure, or a person clearing site data, may have evicted some, and those are fetched again rather than the
 * model loading half), and whether the missing ones fit. Throws the storage-full UserError when they don't.
 */
export async function prepareDownload(
  model: { id: string; label: string; revision: string },
  files: readonly { path: string; bytes: number }[],
  host: string,
  storage: ModelFileStorage,
): Promise<PreparedDownload> {
  const urls = files.map((f) => hubFileUrl(host, model.id, model.revision, f.path));
  const missing = new Set(await storage.missingFromCache(TRANSFORMERS_CACHE_NAME, urls));
  const cached = files.filter((_, i) => !missing.has(urls[i] as string)).map((f) => f.path);
  const missingBytes = files.reduce((sum, f, i) => sum + (missing.has(urls[i] as string) ? f.bytes : 0), 0);
  const problem = spaceProblem(
    model.label,
    missingBytes,
    missingBytes > 0 ? await storage.storageRoom() : null,
  );
  if (problem) throw problem;
  return { cached, missingBytes };
}

/**
 * transformers.js's `env.fetch` for model files: resumable, limited on progress, never the HTTP cache. `stop` ends
 * every transfer of the load it belongs to (transformers.js takes no signal of its own): what arrived is kept for
 * the next attempt, and the load fails at once instead of downloading on after the person pressed Stop.
 */
export function modelFileFetch(
  stallMs: number,
  store?: PartialStore,
  stop?: AbortSignal,
): (input: string | URL, init?: RequestInit) => Promise<Response> {
  return (input, init) => {
    const signal = stop && init?.signal ? AbortSignal.any([stop, init.signal]) : (stop ?? init?.signal);
    return resumableFetch(
      String(input),
      { ...init, cache: 'no-store', ...(signal ? { signal } : {}) },
      { stallMs, store },
    );
  };
}
