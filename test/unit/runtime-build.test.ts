/**
 * Which onnxruntime-web build a worker's runtime starts (model-files/runtime-files.ts), and that a load its runtime
 * can't run asks for a fresh worker (file-source.ts `useRuntime`, load-model.ts).
 */
import { env } from '@huggingface/transformers';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { runtimeBuildFor, runtimePaths, runtimeServes } from '../../src/inference/model-files/runtime-files';

const BASE = 'chrome-extension://abc/';

describe('the runtime build', () => {
  it('is the WebAssembly-only build when a load never tries WebGPU', () => {
    expect(runtimeBuildFor(['wasm'])).toBe('wasm');
    expect(runtimeBuildFor(['webgpu', 'wasm'])).toBe('webgpu');
    expect(runtimeBuildFor(['wasm', 'webgpu'])).toBe('webgpu');
    expect(runtimeBuildFor(['webgpu'])).toBe('webgpu');
  });

  it('points onnxruntime at files inside the extension: the WebAssembly-only build with its own glue', () => {
    const wasmOnly = runtimePaths('wasm', BASE);
    expect(wasmOnly.mjs).toMatch(/^chrome-extension:\/\/abc\/.*ort-wasm-simd-threaded.*\.mjs$/);
    expect(wasmOnly.wasm).toMatch(/^chrome-extension:\/\/abc\/.*ort-wasm-simd-threaded.*\.wasm$/);
    expect(wasmOnly.wasm).not.toMatch(/asyncify/);
    // The WebGPU build's glue is the one embedded in the bundle transformers.js imports: only its .wasm is named.
    expect(runtimePaths('webgpu', BASE)).toEqual({
      wasm: expect.stringMatching(/^chrome-extension:\/\/abc\/.*ort-wasm-simd-threaded\.asyncify.*\.wasm$/),
    });
  });

  it('the WebGPU build runs either backend; the WebAssembly-only build only WASM', () => {
    expect(runtimeServes('webgpu', 'wasm')).toBe(true);
    expect(runtimeServes('webgpu', 'webgpu')).toBe(true);
    expect(runtimeServes('wasm', 'wasm')).toBe(true);
    expect(runtimeServes('wasm', 'webgpu')).toBe(false);
  });
});

describe('a worker’s runtime', () => {
  // Each test is a fresh worker: the module that remembers the started build, loaded anew.
  let useRuntime: typeof import('../../src/inference/model-files/file-source').useRuntime;
  beforeEach(async () => {
    vi.resetModules();
    ({ useRuntime } = await import('../../src/inference/model-files/file-source'));
    const wasm = env.backends.onnx.wasm;
    if (wasm) wasm.wasmPaths = undefined as never;
  });

  it('starts as the first load needs, and keeps running loads that build can run', async () => {
    const { env: freshEnv } = await import('@huggingface/transformers');
    expect(useRuntime('wasm', BASE)).toBe('wasm');
    expect(freshEnv.backends.onnx.wasm?.wasmPaths).toEqual(runtimePaths('wasm', BASE));
    expect(useRuntime('wasm', BASE)).toBe('wasm');
    // A load that may need WebGPU can't run here: the caller asks for a fresh worker.
    expect(useRuntime('webgpu', BASE)).toBeNull();
    expect(freshEnv.backends.onnx.wasm?.wasmPaths).toEqual(runtimePaths('wasm', BASE));
  });

  it('started as the WebGPU build, runs WASM loads too without changing files', async () => {
    const { env: freshEnv } = await import('@huggingface/transformers');
    expect(useRuntime('webgpu', BASE)).toBe('webgpu');
    expect(useRuntime('wasm', BASE)).toBe('webgpu');
    expect(freshEnv.backends.onnx.wasm?.wasmPaths).toEqual(runtimePaths('webgpu', BASE));
  });
});
