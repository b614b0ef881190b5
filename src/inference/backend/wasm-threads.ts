/**
 * How many threads onnxruntime-web's WASM backend gets. Its threads are Web Workers sharing one
 * SharedArrayBuffer, which browsers hand out only to cross-origin isolated contexts (the manifest's
 * `cross_origin_embedder_policy` / `cross_origin_opener_policy` keys do that for the extension's pages on Chrome).
 * Left alone, onnxruntime picks ceil(cores / 2), which is one thread on a two-core laptop: the engine sets it.
 */

/** More threads than this stop paying off for a small model's matmuls and crowd out the browser itself. */
export const MAX_WASM_THREADS = 8;

export interface ThreadContext {
  crossOriginIsolated: boolean;
  /** navigator.hardwareConcurrency; 0 or missing when the browser won't say. */
  hardwareConcurrency: number | undefined;
}

export interface WasmThreads {
  threads: number;
  /** Why not more, for the Performance view and the README; null when every core is used. */
  limit: string | null;
}

export function wasmThreadsFor(context: ThreadContext): WasmThreads {
  if (!context.crossOriginIsolated) {
    return {
      threads: 1,
      limit: "one thread: this context isn't cross-origin isolated, so the browser gives it no shared memory",
    };
  }
  const cores = Math.floor(context.hardwareConcurrency ?? 0);
  if (cores < 1) return { threads: 2, limit: "the browser doesn't report its core count; using two threads" };
  if (cores > MAX_WASM_THREADS)
    return { threads: MAX_WASM_THREADS, limit: `capped at ${MAX_WASM_THREADS} of ${cores} cores` };
  return { threads: cores, limit: null };
}
