/// <reference types="vite/client" />
/**
 * onnxruntime-web's WebAssembly runtime, shipped inside the extension (MV3 forbids code from a CDN). The bundled
 * ORT build embeds its JS glue; only the .wasm is a separate file, emitted by Vite as an asset of the extension.
 * transformers.js would otherwise point onnxruntime at jsDelivr, so the engine sets this path explicitly.
 */
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';

export function ortWasmPath(base: string): string {
  return new URL(ortWasmUrl, base).href;
}
