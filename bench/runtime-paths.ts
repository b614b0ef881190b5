/**
 * onnxruntime-web's `wasmPaths` for a bench page that serves `node_modules/onnxruntime-web/dist` at `/ort/`: the
 * same two builds the extension ships (src/inference/model-files/runtime-files.ts), named by their files there.
 */
import type { RuntimeBuild } from '../src/protocol/messages';

export function benchRuntimePaths(runtime: RuntimeBuild): { wasm: string; mjs?: string } {
  return runtime === 'webgpu'
    ? { wasm: '/ort/ort-wasm-simd-threaded.asyncify.wasm' }
    : { mjs: '/ort/ort-wasm-simd-threaded.mjs', wasm: '/ort/ort-wasm-simd-threaded.wasm' };
}
