/** Which backend to try first, and what happens when it fails: WebGPU first, WASM when it must, always with a reason. */
import { describe, expect, test } from 'vitest';
import {
  type BackendPlan,
  fallbackAfter,
  planBackends,
  webgpuUnavailable,
} from '../../src/inference/backend/policy';

describe('planBackends', () => {
  test('automatic with an adapter: WebGPU, then WASM if it fails, no reason needed', () => {
    expect(planBackends('auto', { adapter: true })).toEqual({
      order: ['webgpu', 'wasm'],
      reason: null,
      error: null,
    });
  });

  test('automatic without an adapter: WASM only, saying why in words a person understands', () => {
    const plan = planBackends('auto', { adapter: false, absence: 'no-adapter' });
    expect(plan.order).toEqual(['wasm']);
    expect(plan.error).toBeNull();
    expect(plan.reason).toBe('No WebGPU adapter; running on the CPU with WASM.');
    expect(planBackends('auto', { adapter: false }).reason).toBe(
      'No WebGPU adapter; running on the CPU with WASM.',
    );
    expect(planBackends('auto', { adapter: false, absence: 'no-webgpu' }).reason).toBe(
      "This browser doesn't offer WebGPU; running on the CPU with WASM.",
    );
    expect(planBackends('auto', { adapter: false, absence: 'adapter-failed' }).reason).toBe(
      "WebGPU couldn't reach the graphics card; running on the CPU with WASM.",
    );
  });

  test('WebGPU forced with an adapter: WebGPU only (no silent WASM fallback)', () => {
    expect(planBackends('webgpu', { adapter: true })).toEqual({
      order: ['webgpu'],
      reason: null,
      error: null,
    });
  });

  test('WebGPU forced without an adapter: nothing to try, and an error that says what to do', () => {
    const plan = planBackends('webgpu', { adapter: false, absence: 'no-adapter' });
    expect(plan.order).toEqual([]);
    expect(plan.error).toEqual({
      code: 'webgpu-unavailable',
      message: "WebGPU isn't available in this browser: it found no graphics adapter.",
      action: 'Choose "Automatic" or "WASM" as the backend in Options, or turn on WebGPU in your browser.',
    });
    expect(plan.error).toEqual(webgpuUnavailable('no-adapter'));
    expect(webgpuUnavailable('no-webgpu').message).toBe("WebGPU isn't available in this browser.");
    expect(webgpuUnavailable('adapter-failed').message).toBe(
      "WebGPU isn't available in this browser: it couldn't reach the graphics card.",
    );
  });

  test('WASM forced: WASM whether or not there is an adapter, with the setting as the reason', () => {
    for (const adapter of [true, false]) {
      const plan = planBackends('wasm', { adapter });
      expect(plan.order).toEqual(['wasm']);
      expect(plan.reason).toBe('WASM was chosen in settings.');
      expect(plan.error).toBeNull();
    }
  });
});

describe('fallbackAfter', () => {
  const auto = planBackends('auto', { adapter: true });

  test('WebGPU failing under automatic moves to WASM, saying so without the runtime’s words', () => {
    const decision = fallbackAfter(auto, 'webgpu', 'no available backend found. ERR: [webgpu] TypeError: x');
    expect(decision).toEqual({
      next: 'wasm',
      reason: "WebGPU couldn't start the model; using WASM instead.",
    });
  });

  test('a failure for memory says the model ran out of memory', () => {
    for (const message of [
      "Can't create a session. ERROR_CODE: 6, ERROR_MESSAGE: std::bad_alloc",
      'Failed to allocate a buffer of size 1073741824',
    ]) {
      expect(fallbackAfter(auto, 'webgpu', message).reason).toBe(
        'WebGPU ran out of memory for this model; using WASM instead.',
      );
    }
  });

  test('a device lost while starting says the graphics device was lost', () => {
    expect(fallbackAfter(auto, 'webgpu', 'GPUDevice was lost: destroyed').reason).toBe(
      'The graphics device was lost while the model started on WebGPU; using WASM instead.',
    );
  });

  test('WASM measured faster and failing moves to WebGPU, named the same way', () => {
    const wasmFirst: BackendPlan = { order: ['wasm', 'webgpu'], reason: null, error: null };
    expect(fallbackAfter(wasmFirst, 'wasm', 'abort')).toEqual({
      next: 'webgpu',
      reason: "WASM couldn't start the model; using WebGPU instead.",
    });
  });

  test('no stack, no exception text, however long the message', () => {
    const message = `Error: ${'x'.repeat(300)}\n    at stack frame`;
    const { reason } = fallbackAfter(auto, 'webgpu', message);
    expect(reason).not.toMatch(/x{3}|stack|Error/);
  });

  test('nothing after the last backend in the plan, nor after one not in it', () => {
    expect(fallbackAfter(planBackends('auto', { adapter: true }), 'wasm', 'oom')).toEqual({
      next: null,
      reason: null,
    });
    expect(fallbackAfter(planBackends('webgpu', { adapter: true }), 'webgpu', 'lost device')).toEqual({
      next: null,
      reason: null,
    });
    expect(fallbackAfter(planBackends('wasm', { adapter: true }), 'webgpu', 'x')).toEqual({
      next: null,
      reason: null,
    });
  });
});
