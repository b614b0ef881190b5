import { describe, expect, it } from 'vitest';
import { MAX_WASM_THREADS, wasmThreadsFor } from '../../src/inference/backend/wasm-threads';

describe('WASM thread count', () => {
  it('is one thread without cross-origin isolation, whatever the cores', () => {
    expect(wasmThreadsFor({ crossOriginIsolated: false, hardwareConcurrency: 16 }).threads).toBe(1);
  });
  it('uses every core of a small machine (onnxruntime alone would take half of two cores: one)', () => {
    expect(wasmThreadsFor({ crossOriginIsolated: true, hardwareConcurrency: 2 })).toEqual({
      threads: 2,
      limit: null,
    });
    expect(wasmThreadsFor({ crossOriginIsolated: true, hardwareConcurrency: 6 }).threads).toBe(6);
  });
  it('caps big machines and guesses two when the browser hides its core count', () => {
    expect(wasmThreadsFor({ crossOriginIsolated: true, hardwareConcurrency: 32 }).threads).toBe(
      MAX_WASM_THREADS,
    );
    expect(wasmThreadsFor({ crossOriginIsolated: true, hardwareConcurrency: undefined }).threads).toBe(2);
    expect(wasmThreadsFor({ crossOriginIsolated: true, hardwareConcurrency: 0 }).threads).toBe(2);
  });
});
