/** One answer to "what will be downloaded, and how big is it", for the popup, the side panel and Options. */
import { describe, expect, test } from 'vitest';
import { downloadPlan, findModel, modelCatalog } from '../../src/inference/model-files/catalog';
import { downloadChoice } from '../../src/inference/model-files/download-choice';
import { dtypesFor } from '../../src/inference/model-files/file-choice';
import type { DeviceReport } from '../../src/inference/model-files/recommend';
import { modelChoices } from '../../src/options/model-choices';
import { downloadSizeText } from '../../src/ui/format';

const catalog = modelCatalog();
const SMALL = 'HuggingFaceTB/SmolVLM-256M-Instruct';
const model = findModel(catalog, SMALL);
if (!model) throw new Error('catalog lacks the 256M model');
const bytes = (backend: 'webgpu' | 'wasm', f16: boolean) =>
  downloadPlan(model, dtypesFor(model, backend, f16)).totalBytes;
const noAdapter: DeviceReport = { webgpu: null, deviceMemoryGb: 8, hardwareConcurrency: 2 };
const gpu = (features: string[]): DeviceReport => ({
  webgpu: { features, maxBufferSize: 2 ** 31, maxStorageBufferBindingSize: 2 ** 30 },
  deviceMemoryGb: 8,
  hardwareConcurrency: 8,
});

describe('downloadChoice', () => {
  test('with no WebGPU adapter, Auto fetches the WASM files (not the WebGPU ones the popup used to quote)', () => {
    const choice = downloadChoice(model, 'auto', noAdapter);
    expect(choice.backend).toBe('wasm');
    expect(choice.minBytes).toBe(bytes('wasm', false));
    expect(choice.maxBytes).toBe(choice.minBytes);
    expect(bytes('wasm', false)).not.toBe(bytes('webgpu', false));
  });

  test('an adapter means WebGPU files, f16 ones only with shader-f16; WASM when chosen', () => {
    expect(downloadChoice(model, 'auto', gpu([])).minBytes).toBe(bytes('webgpu', false));
    expect(downloadChoice(model, 'auto', gpu(['shader-f16'])).minBytes).toBe(bytes('webgpu', true));
    expect(downloadChoice(model, 'wasm', gpu(['shader-f16'])).minBytes).toBe(bytes('wasm', false));
  });

  test('before the device is known, the size is the range of what it could be, said as “about”', () => {
    const choice = downloadChoice(model, 'auto', null);
    const all = [bytes('wasm', false), bytes('webgpu', false), bytes('webgpu', true)];
    expect(choice.backend).toBeNull();
    expect(choice.minBytes).toBe(Math.min(...all));
    expect(choice.maxBytes).toBe(Math.max(...all));
    expect(choice.exact).toBe(false);
    expect(downloadSizeText(choice)).toMatch(/^about \d+–\d+ MB$/);
  });

  test('Options quotes the same size the consent does', () => {
    for (const device of [noAdapter, gpu([]), gpu(['shader-f16'])]) {
      const shown = modelChoices(catalog, { modelId: SMALL, backend: 'auto' }, device).choices.find(
        (c) => c.id === SMALL,
      );
      expect(shown?.downloadBytes).toBe(downloadChoice(model, 'auto', device).minBytes);
    }
  });
});

describe('downloadSizeText', () => {
  test('exact, rounded, ranged and unknown sizes', () => {
    expect(downloadSizeText({ minBytes: 210_000_000, maxBytes: 210_000_000, exact: true })).toBe('210 MB');
    expect(downloadSizeText({ minBytes: 210_000_000, maxBytes: 210_000_000, exact: false })).toBe(
      'about 210 MB',
    );
    expect(downloadSizeText({ minBytes: 210_000_000, maxBytes: 263_000_000, exact: false })).toBe(
      'about 210–263 MB',
    );
    expect(downloadSizeText({ minBytes: 900_000_000, maxBytes: 1_630_000_000, exact: false })).toBe(
      'about 900 MB–1.63 GB',
    );
    expect(downloadSizeText(null)).toBe('size unknown');
  });
});
