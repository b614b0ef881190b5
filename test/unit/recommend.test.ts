/** Which SmolVLM, backend and dtypes this device gets, from what the browser reports, and the reason shown. */

import { describe, expect, test } from 'vitest';
import {
  type CatalogModel,
  F16_DTYPES,
  findModel,
  modelCatalog,
  SESSIONS,
} from '../../src/inference/model-files/catalog';
import { downloadChoice } from '../../src/inference/model-files/download-choice';
import { dtypesFor } from '../../src/inference/model-files/file-choice';
import { type DeviceReport, recommendModel } from '../../src/inference/model-files/recommend';

const catalog = modelCatalog();
const GB = 1024 ** 3;
const SMALL = 'HuggingFaceTB/SmolVLM-256M-Instruct';
const MEDIUM = 'HuggingFaceTB/SmolVLM-500M-Instruct';
const LARGE = 'HuggingFaceTB/SmolVLM-Instruct';

function gpu(features: string[], limits = { maxBufferSize: 4 * GB, maxStorageBufferBindingSize: 2 * GB }) {
  return { features, ...limits };
}

function device(over: Partial<DeviceReport>): DeviceReport {
  return { webgpu: gpu(['shader-f16']), deviceMemoryGb: 8, hardwareConcurrency: 8, ...over };
}

function hasF16(dtypes: Record<string, string>): boolean {
  return Object.values(dtypes).some((d) => F16_DTYPES.has(d as never));
}

describe('recommendModel', () => {
  test('a strong GPU with shader-f16 and 8 GB gets the largest model with f16 weights on WebGPU', () => {
    const r = recommendModel(catalog, device({}));
    expect(r.modelId).toBe(LARGE);
    expect(r.backend).toBe('webgpu');
    expect(r.dtypes).toEqual(findModel(catalog, LARGE)?.dtypes['webgpu-f16']);
    expect(hasF16(r.dtypes)).toBe(true);
    expect(r.reason).toMatch(/^WebGPU is available with 16-bit shaders; about 8 GB of memory: SmolVLM/);
    expect(r.reason).toContain('the largest model that fits');
  });

  test('without shader-f16 (e.g. SwiftShader) no f16 dtype is ever chosen, whatever else the device has', () => {
    for (const deviceMemoryGb of [2, 4, 8, null]) {
      const r = recommendModel(catalog, device({ webgpu: gpu([]), deviceMemoryGb }));
      expect(r.backend).toBe('webgpu');
      expect(hasF16(r.dtypes), `${deviceMemoryGb} GB`).toBe(false);
      for (const file of r.download.files) expect(file.path).not.toMatch(/f16/);
    }
    expect(recommendModel(catalog, device({ webgpu: gpu([]) })).reason).toContain(
      'without 16-bit shaders (shader-f16), so no f16 weights',
    );
  });

  test('less memory means a smaller model', () => {
    const pick = (deviceMemoryGb: number) => recommendModel(catalog, device({ deviceMemoryGb })).modelId;
    expect(pick(8)).toBe(LARGE);
    expect(pick(4)).toBe(MEDIUM);
    expect(pick(2)).toBe(SMALL);
    expect(recommendModel(catalog, device({ deviceMemoryGb: 2 })).reason).toContain('about 2 GB of memory');
  });

  test('unknown memory is taken as 4 GB, and the reason says so', () => {
    const r = recommendModel(catalog, device({ deviceMemoryGb: null }));
    expect(r.modelId).toBe(MEDIUM);
    expect(r.reason).toContain('memory unknown (assumed 4 GB)');
  });

  test("a GPU whose buffers can't hold the large model's weights gets a model whose files fit", () => {
    const r = recommendModel(
      catalog,
      device({
        webgpu: gpu(['shader-f16'], {
          maxBufferSize: 256 * 2 ** 20,
          maxStorageBufferBindingSize: 128 * 2 ** 20,
        }),
      }),
    );
    expect(r.modelId).toBe(MEDIUM);
    expect(Math.max(...r.download.files.map((f) => f.bytes))).toBeLessThanOrEqual(4 * 128 * 2 ** 20);
  });

  test('no WebGPU means WASM, the reason says why, and the dtypes are the ones the file choice picks for WASM', () => {
    const r = recommendModel(catalog, device({ webgpu: null, hardwareConcurrency: 2, deviceMemoryGb: 8 }));
    expect(r.backend).toBe('wasm');
    expect(r.modelId).toBe(SMALL);
    const small = findModel(catalog, SMALL);
    if (!small) throw new Error('no 256M');
    expect(r.dtypes).toEqual(dtypesFor(small, 'wasm', false));
    expect(r.reason).toMatch(/^No WebGPU adapter, so the model runs on the CPU \(WASM\)/);
    // Memory is plenty here: the reason names the cores as what held the choice back, not memory.
    expect(r.reason).toContain('2 CPU cores and about 8 GB of memory');
    expect(r.reason).toContain(
      'On the CPU a larger model needs 8 cores and 8 GB; this device has fewer than 8 cores.',
    );
    expect(r.reason).not.toContain('less than 8 GB');
    const lowMemory = recommendModel(
      catalog,
      device({ webgpu: null, hardwareConcurrency: 16, deviceMemoryGb: 4 }),
    );
    expect(lowMemory.reason).toContain('this device has less than 8 GB of memory.');
    // Many cores and plenty of memory allow the next size up on the CPU, never the 2.2B model.
    expect(recommendModel(catalog, device({ webgpu: null })).modelId).toBe(MEDIUM);
  });

  test('a software WebGPU adapter: the backend Automatic runs (WebGPU, as the engine does), sized like the CPU', () => {
    const software = device({ webgpu: { ...gpu([]), isFallbackAdapter: true }, hardwareConcurrency: 2 });
    const r = recommendModel(catalog, software);
    expect(r.backend).toBe('webgpu');
    expect(r.backend).toBe(
      downloadChoice(findModel(catalog, r.modelId) as CatalogModel, 'auto', software).backend,
    );
    expect(r.modelId).toBe(SMALL);
    expect(r.reason).toMatch(/^Only a software WebGPU adapter, so WebGPU runs on the CPU/);
    // With WASM chosen, the recommendation is for WASM: the same decision the engine and the sizes follow.
    const wasm = recommendModel(catalog, software, 'wasm');
    expect(wasm.backend).toBe('wasm');
    expect(wasm.dtypes).toEqual(dtypesFor(findModel(catalog, wasm.modelId) as CatalogModel, 'wasm', false));
  });

  test('when nothing fits, the smallest model, saying so; the test model is never recommended', () => {
    const r = recommendModel(catalog, device({ deviceMemoryGb: 1, webgpu: null, hardwareConcurrency: 1 }));
    expect(r.modelId).toBe(SMALL);
    expect(r.reason).toContain('the smallest model, since none fits comfortably');
    for (const d of [device({}), device({ webgpu: null, deviceMemoryGb: 0.25 })]) {
      expect(findModel(catalog, recommendModel(catalog, d).modelId)?.testOnly).toBe(false);
    }
  });

  test('the download plan matches the chosen dtypes; exact sizes read exactly, estimated ones "about"', () => {
    const small = recommendModel(catalog, device({ deviceMemoryGb: 2 }));
    const model = findModel(catalog, small.modelId);
    expect(small.modelId).toBe(SMALL);
    expect(small.download.files).toEqual(
      SESSIONS.flatMap((s) => model?.sessions[s][small.dtypes[s]]?.files ?? []),
    );
    expect(small.download.exact).toBe(true);
    expect(small.reason).toContain(`(${Math.round(small.download.totalBytes / 1e6)} MB to download)`);
    const large = recommendModel(catalog, device({ deviceMemoryGb: 16 }));
    expect(large.modelId).not.toBe(SMALL);
    expect(large.download.exact).toBe(false);
    expect(large.reason).toContain(`(about ${Math.round(large.download.totalBytes / 1e6)} MB to download)`);
  });
});
