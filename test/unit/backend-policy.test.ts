/** Which backend to try first, and what happens when it fails: WebGPU first, WASM when it must, always with a reason. */
import { describe, expect, test } from 'vitest';
import { fallbackAfter, planBackends, webgpuUnavailable } from '../../src/inference/backend-policy';

describe('planBackends', () => {
  test('automatic with an adapter: WebGPU, then WASM if it fails, no reason needed', () => {
    expect(planBackends('auto', { adapter: true })).toEqual({
      order: ['webgpu', 'wasm'],
      reason: null,
      error: null,
    });
  });

  test('automatic without an adapter: WASM only, saying why (with the detail when known)', () => {
    const plan = planBackends('auto', { adapter: false, detail: 'navigator.gpu is missing' });
    expect(plan.order).toEqual(['wasm']);
    expect(plan.error).toBeNull();
    expect(plan.reason).toBe('No WebGPU adapter (navigator.gpu is missing); running on the CPU with WASM.');
    expect(planBackends('auto', { adapter: false }).reason).toBe(
      'No WebGPU adapter; running on the CPU with WASM.',
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
    const plan = planBackends('webgpu', { adapter: false, detail: 'requestAdapter() returned null' });
    expect(plan.order).toEqual([]);
    expect(plan.error?.code).toBe('webgpu-unavailable');
    expect(plan.error?.message).toContain('requestAdapter() returned null');
    expect(plan.error?.action).toMatch(/Automatic.*WASM/);
    expect(plan.error).toEqual(webgpuUnavailable('requestAdapter() returned null'));
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
  test('WebGPU failing under automatic moves to WASM and names the failure', () => {
    const decision = fallbackAfter(
      planBackends('auto', { adapter: true }),
      'webgpu',
      'no available backend found',
    );
    expect(decision.next).toBe('wasm');
    expect(decision.reason).toBe(
      "WebGPU couldn't start the model (no available backend found); using WASM instead.",
    );
  });

  test('the reason keeps only the first line of a long message, cut to a readable length', () => {
    const message = `${'x'.repeat(300)}\n    at stack frame`;
    const { reason } = fallbackAfter(planBackends('auto', { adapter: true }), 'webgpu', message);
    expect(reason).not.toContain('stack frame');
    expect(reason).toContain(`${'x'.repeat(137)}…`);
    expect(reason).not.toContain('x'.repeat(138));
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
