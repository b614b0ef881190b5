/// <reference types="vite/client" />
/**
 * onnxruntime-web's WebAssembly runtime, shipped inside the extension (MV3 forbids code from a CDN), in two builds:
 *
 * - 'webgpu': the build transformers.js imports (`onnxruntime-web/webgpu`, its JS glue embedded in the bundle), whose
 *   .wasm (27 MB) is compiled with Asyncify so it can wait on the GPU. It runs WebGPU and WASM sessions.
 * - 'wasm': the WebAssembly-only build (a 14 MB .wasm and its own glue module). A worker whose loads never try
 *   WebGPU starts this one: the browser compiles its code lazily, function by function, and on the 256M model a
 *   fresh worker with the Asyncify build spent 1.5–3 s more on the first session's creation and the first answer,
 *   and after some reloads kept the second core busy for up to 27 s compiling (README, "The first token on the CPU
 *   (issue 19)").
 *
 * onnxruntime reads these paths once, when the worker creates its first session; `useRuntime` remembers which build
 * that was, so a load that needs the other one gets a fresh worker instead of failing in this one.
 */

import ortWebGpuUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import ortWasmOnlyGlueUrl from 'onnxruntime-web/ort-wasm-simd-threaded.mjs?url';
import ortWasmOnlyUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import type { Backend, RuntimeBuild } from '../../protocol/messages';

/** onnxruntime-web's `env.wasm.wasmPaths` for `build`: transformers.js would otherwise point it at jsDelivr. */
export function runtimePaths(build: RuntimeBuild, base: string): { wasm: string; mjs?: string } {
  if (build === 'webgpu') return { wasm: new URL(ortWebGpuUrl, base).href };
  return { mjs: new URL(ortWasmOnlyGlueUrl, base).href, wasm: new URL(ortWasmOnlyUrl, base).href };
}

/** Whether a runtime started as `started` can run a load that needs `needed` (the WebGPU build runs both). */
export function runtimeServes(started: RuntimeBuild, needed: RuntimeBuild): boolean {
  return started === needed || started === 'webgpu';
}

/** The build a load needs: the WebAssembly-only one when none of the backends it may try is WebGPU. */
export function runtimeBuildFor(backends: readonly Backend[]): RuntimeBuild {
  return backends.includes('webgpu') ? 'webgpu' : 'wasm';
}

/** A load this worker's runtime can't run (it started as the WebAssembly-only build): a fresh worker must. */
export class FreshWorkerNeeded extends Error {
  constructor(readonly needed: RuntimeBuild) {
    super(`This worker's runtime can't run the ${needed} build's sessions.`);
  }
}
