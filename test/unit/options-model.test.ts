/**
 * The options page's Model section logic: which models are offered with which download size for the backend policy
 * and device, the recommendation it shows, and how a download's engine events become what the person sees.
 */
import { describe, expect, test } from 'vitest';
import { downloadPlan, findModel, modelCatalog } from '../../src/inference/model-files/catalog';
import { dtypesFor } from '../../src/inference/model-files/file-choice';
import { type DeviceReport, recommendModel } from '../../src/inference/model-files/recommend';
import { formatSize } from '../../src/options/format';
import { backendForSizes, modelChoices } from '../../src/options/model-choices';
import { nextDownload, startedDownload } from '../../src/options/model-download';
import type { EngineEvent } from '../../src/protocol/messages';

const catalog = modelCatalog();
const GB = 1024 ** 3;
const SMALL = 'HuggingFaceTB/SmolVLM-256M-Instruct';
const LARGE = 'HuggingFaceTB/SmolVLM-Instruct';
const TEST_MODEL = 'verdict-lens/tiny-smolvlm';

const gpuDevice = (features: string[], deviceMemoryGb: number | null = 8): DeviceReport => ({
  webgpu: { features, maxBufferSize: 4 * GB, maxStorageBufferBindingSize: 2 * GB },
  deviceMemoryGb,
  hardwareConcurrency: 8,
});
const cpuDevice: DeviceReport = { webgpu: null, deviceMemoryGb: 4, hardwareConcurrency: 4 };

function planBytes(id: string, backend: 'webgpu' | 'wasm', f16: boolean): number {
  const model = findModel(catalog, id);
  if (!model) throw new Error(`no ${id}`);
  return downloadPlan(model, dtypesFor(model, backend, f16)).totalBytes;
}

describe('modelChoices', () => {
  test('offers the user models, never the test model unless settings name it', () => {
    const ids = modelChoices(catalog, { modelId: SMALL, backend: 'auto' }, null).choices.map((c) => c.id);
    expect(ids).toEqual(catalog.models.filter((m) => !m.testOnly).map((m) => m.id));
    expect(ids).not.toContain(TEST_MODEL);

    const withTest = modelChoices(catalog, { modelId: TEST_MODEL, backend: 'wasm' }, cpuDevice).choices;
    const test = withTest.find((c) => c.id === TEST_MODEL);
    expect(test?.label).toBe('Tiny SmolVLM (test model)');
    // The fixture's sizes are exact, so the UI won't say "about".
    expect(test?.downloadExact).toBe(true);
    expect(test?.downloadBytes).toBe(planBytes(TEST_MODEL, 'wasm', false));
  });

  test('a model with no pinned revision says, in plain words, its files are unchecked; pinned ones do not', () => {
    const { choices } = modelChoices(catalog, { modelId: SMALL, backend: 'auto' }, null);
    const note = (id: string) => choices.find((c) => c.id === id)?.note ?? '';
    expect(note('HuggingFaceTB/SmolVLM-500M-Instruct')).toMatch(
      /newest files from the hub, which this version hasn’t checked/,
    );
    expect(note(SMALL)).not.toMatch(/hasn’t checked/);
    expect(note(LARGE)).not.toMatch(/hasn’t checked/);
  });

  test('a model id missing from the catalog stays selectable, with its size unknown', () => {
    const { choices } = modelChoices(catalog, { modelId: 'someone/newer-model', backend: 'auto' }, null);
    expect(choices.at(-1)).toEqual({
      id: 'someone/newer-model',
      label: 'someone/newer-model',
      downloadBytes: null,
      downloadMaxBytes: null,
      downloadExact: false,
      note: 'not in this version’s model list',
      fileReasons: [],
      decoderFiles: [],
      decoderOverride: null,
    });
  });

  test('sizes follow the files the backend policy would fetch on this device', () => {
    const size = (backend: 'auto' | 'webgpu' | 'wasm', device: DeviceReport | null) =>
      modelChoices(catalog, { modelId: SMALL, backend }, device).choices.find((c) => c.id === SMALL)
        ?.downloadBytes;
    expect(size('wasm', gpuDevice(['shader-f16']))).toBe(planBytes(SMALL, 'wasm', false));
    expect(size('auto', gpuDevice(['shader-f16']))).toBe(planBytes(SMALL, 'webgpu', true));
    expect(size('auto', gpuDevice([]))).toBe(planBytes(SMALL, 'webgpu', false));
    expect(size('auto', cpuDevice)).toBe(planBytes(SMALL, 'wasm', false));
    // The three dtype sets really differ in size, so the assertions above tell them apart.
    expect(new Set([true, false].map((f) => planBytes(SMALL, 'webgpu', f))).size).toBe(2);
    expect(planBytes(SMALL, 'wasm', false)).not.toBe(planBytes(SMALL, 'webgpu', false));
  });

  test('backendForSizes: WASM only when chosen or when Auto finds no adapter', () => {
    expect(backendForSizes('wasm', gpuDevice([]))).toBe('wasm');
    expect(backendForSizes('webgpu', cpuDevice)).toBe('webgpu');
    expect(backendForSizes('auto', cpuDevice)).toBe('wasm');
    expect(backendForSizes('auto', gpuDevice([]))).toBe('webgpu');
    // Before the device is read, Auto could fetch either set: no backend is assumed.
    expect(backendForSizes('auto', null)).toBeNull();
  });

  test('the recommendation and its reason come from the device report; none before it is read', () => {
    expect(modelChoices(catalog, { modelId: SMALL, backend: 'auto' }, null)).toMatchObject({
      recommendedId: null,
      reason: null,
      reasonDetails: null,
    });
    const device = gpuDevice(['shader-f16'], 8);
    const shown = modelChoices(catalog, { modelId: SMALL, backend: 'auto' }, device);
    const expected = recommendModel(catalog, device);
    expect(shown.recommendedId).toBe(LARGE);
    expect(shown.recommendedId).toBe(expected.modelId);
    expect(shown.reasonDetails).toBe(expected.reason);
    expect(shown.reason).toMatch(
      /^Best for this device: SmolVLM [\d.]+[MB] \((about )?[\d.]+ [MG]B download\), running on your graphics card\.$/,
    );
  });

  test('on a software WebGPU adapter the advice says to choose WebAssembly only, unless it already is', () => {
    const software: DeviceReport = {
      webgpu: { features: [], maxBufferSize: GB, maxStorageBufferBindingSize: GB, isFallbackAdapter: true },
      deviceMemoryGb: 8,
      hardwareConcurrency: 8,
    };
    const auto = modelChoices(catalog, { modelId: SMALL, backend: 'auto' }, software).reason;
    expect(auto).toMatch(
      /running on your processor\. Choose “WebAssembly only” below: WebGPU here runs on the processor and is slower\.$/,
    );
    const wasm = modelChoices(catalog, { modelId: SMALL, backend: 'wasm' }, software).reason;
    expect(wasm).toMatch(/running on your processor\.$/);
    expect(modelChoices(catalog, { modelId: SMALL, backend: 'wasm' }, software).reasonDetails).toBe(
      recommendModel(catalog, software, 'wasm').reason,
    );
    // A real GPU gets no such advice.
    expect(modelChoices(catalog, { modelId: SMALL, backend: 'auto' }, gpuDevice([])).reason).not.toContain(
      'WebAssembly only',
    );
  });

  test('a model that needs more memory than the device reports says so', () => {
    const { choices } = modelChoices(catalog, { modelId: SMALL, backend: 'auto' }, gpuDevice([], 4));
    expect(choices.find((c) => c.id === LARGE)?.note).toContain(
      'needs about 8 GB of memory; this device reports 4 GB',
    );
    expect(choices.find((c) => c.id === SMALL)?.note).not.toContain('needs');
  });
});

describe('download state from load events', () => {
  const id = 'r1';
  const progress = (loaded: number, total: number): EngineEvent => ({
    type: 'progress',
    requestId: id,
    progress: { modelId: SMALL, files: [{ file: 'onnx/a.onnx', loaded, total }], loaded, total },
  });

  test('queued, then bytes done of the total, then ready on a backend', () => {
    let d = startedDownload(SMALL);
    expect(d).toEqual({ modelId: SMALL, status: 'running', loaded: 0, total: 0, queuedBehind: 0 });
    d = nextDownload(d, { type: 'queued', requestId: id, position: 2 });
    expect(d.queuedBehind).toBe(2);
    d = nextDownload(d, progress(1_000, 5_000));
    expect(d).toMatchObject({ status: 'running', loaded: 1_000, total: 5_000, queuedBehind: 0 });
    d = nextDownload(d, progress(5_000, 5_000));
    d = nextDownload(d, {
      type: 'ready',
      requestId: id,
      modelId: SMALL,
      backend: 'wasm',
      loadMs: 10,
      fallbackReason: 'No WebGPU adapter.',
      crossOriginIsolated: false,
      wasmThreads: 1,
      keptCache: false,
      runtime: 'wasm',
    });
    expect(d).toMatchObject({ status: 'done', backend: 'wasm', fallbackReason: 'No WebGPU adapter.' });
  });

  test('an error is kept for the UI; a stop is not shown as an error', () => {
    const failed = nextDownload(startedDownload(SMALL), {
      type: 'error',
      requestId: id,
      error: { code: 'hub-unreachable', message: 'The model host could not be reached.' },
    });
    expect(failed.status).toBe('error');
    expect(failed.error?.code).toBe('hub-unreachable');
    const stopped = nextDownload(nextDownload(startedDownload(SMALL), progress(1, 2)), {
      type: 'error',
      requestId: id,
      error: { code: 'cancelled', message: 'The request was stopped.' },
    });
    expect(stopped.status).toBe('stopped');
    expect(stopped.error).toBeUndefined();
  });

  test('events a load never sends leave the state alone', () => {
    const d = nextDownload(startedDownload(SMALL), progress(10, 20));
    expect(nextDownload(d, { type: 'token', requestId: id, text: 'x' })).toBe(d);
  });
});

describe('formatSize', () => {
  test('decimal units, as the hub, the catalog and the recommendation state sizes', () => {
    expect(formatSize(206_200)).toBe('206 kB');
    expect(formatSize(5_432_100)).toBe('5.4 MB');
    expect(formatSize(210_000_000)).toBe('210 MB');
    expect(formatSize(1_630_000_000)).toBe('1.63 GB');
  });
});
