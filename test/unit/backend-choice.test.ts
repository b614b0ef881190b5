/** One decision for the backend: the engine's plan, the download sizes and the recommendation all follow it. */
import { describe, expect, test } from 'vitest';
import { chooseBackends, firstBackend } from '../../src/inference/backend/choice';
import type { MeasuredSpeed } from '../../src/inference/backend/measured-speed';
import { planBackends } from '../../src/inference/backend/policy';
import { findModel, modelCatalog } from '../../src/inference/model-files/catalog';
import { downloadChoice } from '../../src/inference/model-files/download-choice';
import { type DeviceReport, gpuProbeOf, recommendModel } from '../../src/inference/model-files/recommend';
import type { BackendPolicy } from '../../src/protocol/messages';

const catalog = modelCatalog();
const GB = 1024 ** 3;
const speed = (decode: number): MeasuredSpeed => ({
  samples: 3,
  msPerView: 1000,
  prefillTokensPerSecond: 100,
  decodeTokensPerSecond: decode,
  loadMs: null,
});
const devices: Record<string, DeviceReport> = {
  gpu: {
    webgpu: { features: ['shader-f16'], maxBufferSize: 4 * GB, maxStorageBufferBindingSize: 2 * GB },
    deviceMemoryGb: 8,
    hardwareConcurrency: 8,
  },
  software: {
    webgpu: { features: [], maxBufferSize: GB, maxStorageBufferBindingSize: GB, isFallbackAdapter: true },
    deviceMemoryGb: 8,
    hardwareConcurrency: 2,
  },
  cpu: { webgpu: null, deviceMemoryGb: 4, hardwareConcurrency: 4 },
};

describe('chooseBackends', () => {
  test('is the policy plan, reordered by measured speed only in Automatic', () => {
    const fasterWasm = { webgpu: speed(5), wasm: speed(50) };
    expect(chooseBackends('auto', { adapter: true }).order).toEqual(['webgpu', 'wasm']);
    expect(chooseBackends('auto', { adapter: true }, fasterWasm).order).toEqual(['wasm', 'webgpu']);
    expect(chooseBackends('webgpu', { adapter: true }, fasterWasm)).toEqual(
      planBackends('webgpu', { adapter: true }),
    );
    expect(chooseBackends('auto', { adapter: false, absence: 'no-adapter' }, fasterWasm).order).toEqual([
      'wasm',
    ]);
  });

  test('firstBackend: a forced backend is itself; Automatic needs the device, then takes the plan’s first', () => {
    expect(firstBackend('wasm', null)).toBe('wasm');
    expect(firstBackend('webgpu', { adapter: false })).toBe('webgpu');
    expect(firstBackend('auto', null)).toBeNull();
    expect(firstBackend('auto', { adapter: true })).toBe('webgpu');
    expect(firstBackend('auto', { adapter: false })).toBe('wasm');
  });

  test('the sizes and the recommendation quote the backend the engine would load first, on every device and policy', () => {
    for (const [name, device] of Object.entries(devices)) {
      for (const policy of ['auto', 'webgpu', 'wasm'] as BackendPolicy[]) {
        const engineFirst = firstBackend(policy, gpuProbeOf(device));
        const recommendation = recommendModel(catalog, device, policy);
        const model = findModel(catalog, recommendation.modelId);
        if (!model) throw new Error('recommended a model the catalog lacks');
        expect(recommendation.backend, `${name}/${policy}`).toBe(engineFirst);
        expect(downloadChoice(model, policy, device).backend, `${name}/${policy}`).toBe(engineFirst);
      }
    }
  });
});
