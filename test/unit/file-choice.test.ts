/** Each session's file chosen by measured speed: the bench's table first, the device's own figures, then Options. */
import { describe, expect, test } from 'vitest';
import { SHAPED_MODELS, selectedFiles } from '../../models/scripts/shaped/write-shaped';
import { fileCostsOn, sampleFromMetrics } from '../../src/inference/backend/measured-speed';
import { generationMetrics } from '../../src/inference/measurement/metrics';
import { downloadPlan, findModel, modelCatalog } from '../../src/inference/model-files/catalog';
import { downloadChoice } from '../../src/inference/model-files/download-choice';
import { chooseFiles, dtypesFor, fileCost, nearestRun } from '../../src/inference/model-files/file-choice';
import {
  type FileSpeedRun,
  type FileSpeedTable,
  fileSpeeds,
  parseFileSpeeds,
} from '../../src/inference/model-files/file-speeds';
import type { DeviceReport } from '../../src/inference/model-files/recommend';
import { modelChoices } from '../../src/options/model-choices';
import type { SpeedSample } from '../../src/protocol/messages';
import { parseSettings } from '../../src/settings/schema';

const found = findModel(modelCatalog(), 'HuggingFaceTB/SmolVLM-256M-Instruct');
if (!found) throw new Error('catalog lacks the 256M model');
const model = found;

function run(overrides: Partial<FileSpeedRun>, files: FileSpeedRun['files']): FileSpeedRun {
  return {
    profile: 'wasm',
    browser: 'chromium',
    threads: 2,
    at: '2026-12-04T16:00:00Z',
    machine: 'test',
    loadAverage: 1,
    runtime: 'onnxruntime-web',
    measuredOn: 'verdict-lens/smolvlm-256m-shaped',
    standsFor: model.id,
    failed: [],
    files,
    ...overrides,
  };
}

/** The shape of things on WASM: the 4-bit decoder 16× slower a step than the 8-bit one (12× an answer). */
const wasmRun = run({}, [
  { session: 'decoder_model_merged', dtype: 'q4', prefillMs: 6000, decodeStepMs: 675 },
  { session: 'decoder_model_merged', dtype: 'q8', prefillMs: 800, decodeStepMs: 42 },
  { session: 'vision_encoder', dtype: 'q8', visionMsPerView: 1000 },
  { session: 'vision_encoder', dtype: 'q4', visionMsPerView: 1050 },
  { session: 'embed_tokens', dtype: 'q8', embedMs: 21 },
  { session: 'embed_tokens', dtype: 'fp16', embedMs: 0.4 },
]);
const table = (...runs: FileSpeedRun[]): FileSpeedTable => ({ schemaVersion: 1, note: '', runs });
const wasm = { backend: 'wasm', shaderF16: false, browser: 'chromium', threads: 2 } as const;

describe('chooseFiles', () => {
  test('on WASM the decoder measured many times faster replaces the catalog default, and says why', () => {
    const choice = chooseFiles(model, wasm, table(wasmRun));
    expect(model.dtypes.wasm.decoder_model_merged).toBe('q4');
    expect(choice.dtypes.decoder_model_merged).toBe('q8');
    expect(choice.reasons).toEqual([
      'The 8-bit decoder: about 12× faster than the 4-bit one in this browser, as measured by the bench (Chromium, 2 threads).',
    ]);
  });

  test('another model of the family follows the same measurement, and the reason names the model measured', () => {
    const larger = findModel(modelCatalog(), 'HuggingFaceTB/SmolVLM-500M-Instruct');
    if (!larger) throw new Error('no 500M');
    const choice = chooseFiles(larger, wasm, table(wasmRun));
    expect(choice.dtypes.decoder_model_merged).toBe('q8');
    expect(choice.reasons[0]).toMatch(/\(Chromium, 2 threads, on SmolVLM-256M-Instruct\)\.$/);
  });

  test('a file only a little faster (within 10%, or by less than 50 ms an answer) leaves the default alone', () => {
    const choice = chooseFiles(model, wasm, table(wasmRun));
    expect(choice.dtypes.vision_encoder).toBe(model.dtypes.wasm.vision_encoder);
    expect(choice.dtypes.embed_tokens).toBe('q8');
  });

  test('with no run for the backend, the catalog default stands', () => {
    const choice = chooseFiles(model, { backend: 'webgpu', shaderF16: true }, table(wasmRun));
    expect(choice.dtypes).toEqual(model.dtypes['webgpu-f16']);
    expect(choice.run).toBeNull();
    expect(choice.reasons).toEqual([]);
  });

  test('once the device has run two decoders its own figures decide, said as measured on this processor', () => {
    const choice = chooseFiles(model, wasm, table(wasmRun), {
      measured: { decoder_model_merged: { q4: 3000, q8: 9000 } },
    });
    expect(choice.dtypes.decoder_model_merged).toBe('q4');
    const flipped = chooseFiles(model, wasm, table(), {
      measured: { decoder_model_merged: { q4: 9000, q8: 3000 } },
    });
    expect(flipped.dtypes.decoder_model_merged).toBe('q8');
    expect(flipped.reasons[0]).toBe(
      'The 8-bit decoder: about 3.0× faster than the 4-bit one on this processor, measured.',
    );
  });

  test('a choice in Options wins, unless the backend cannot run it (f16 without shader-f16)', () => {
    const chosen = chooseFiles(model, wasm, table(wasmRun), { override: { decoder_model_merged: 'q4' } });
    expect(chosen.dtypes.decoder_model_merged).toBe('q4');
    const gpu = chooseFiles(model, { backend: 'webgpu', shaderF16: false }, table(), {
      override: { decoder_model_merged: 'q4f16', vision_encoder: 'q8' },
    });
    expect(gpu.dtypes.decoder_model_merged).toBe(model.dtypes.webgpu.decoder_model_merged);
    expect(gpu.dtypes.vision_encoder).toBe('q8');
    expect(gpu.reasons).toEqual(['The 8-bit image encoder: chosen in Options.']);
  });

  test('a file the model has no variant of is never chosen', () => {
    const fixture = findModel(modelCatalog(), 'verdict-lens/tiny-smolvlm');
    if (!fixture) throw new Error('no fixture');
    expect(fixture.sessions.decoder_model_merged.q8).toBeUndefined();
    expect(chooseFiles(fixture, wasm, table(wasmRun)).dtypes.decoder_model_merged).toBe('q4');
  });
});

describe('nearestRun', () => {
  const firefox = run({ browser: 'firefox', threads: 1 }, []);
  const chromium4 = run({ threads: 4 }, []);
  test('same backend, then same browser, then the nearest thread count', () => {
    const t = table(wasmRun, firefox, chromium4);
    expect(nearestRun(t, { backend: 'wasm', shaderF16: false, browser: 'firefox', threads: 1 })).toBe(
      firefox,
    );
    expect(
      nearestRun(t, { backend: 'wasm', shaderF16: false, browser: 'chromium', threads: 3 })?.threads,
    ).toBe(2);
    expect(nearestRun(t, { backend: 'wasm', shaderF16: false, browser: 'chromium', threads: 8 })).toBe(
      chromium4,
    );
    expect(nearestRun(t, { backend: 'webgpu', shaderF16: false })).toBeNull();
  });
});

describe('fileCost', () => {
  test("a decoder's cost is its prefill and a typical answer's 24 steps", () => {
    expect(fileCost({ prefillMs: 100, decodeStepMs: 10 })).toBe(340);
    expect(fileCost({ visionMsPerView: 7 })).toBe(7);
    expect(fileCost({})).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('the bundled table and its users', () => {
  test('models/file-speeds.json is valid, and a broken one names the field', () => {
    expect(fileSpeeds().schemaVersion).toBe(1);
    expect(() => parseFileSpeeds({ schemaVersion: 1, note: '', runs: [{ profile: 'cpu' }] })).toThrow(
      /models\/file-speeds.json at runs.0.profile/,
    );
  });

  test('dtypesFor, the engine’s path, is chooseFiles on the bundled table', () => {
    for (const backend of ['wasm', 'webgpu'] as const)
      expect(dtypesFor(model, backend, false, { browser: 'chromium', threads: 2 })).toEqual(
        chooseFiles(model, { backend, shaderF16: false, browser: 'chromium', threads: 2 }).dtypes,
      );
  });

  test('the download consent quotes the chosen files’ size', () => {
    const device: DeviceReport = { webgpu: null, deviceMemoryGb: 8, hardwareConcurrency: 2 };
    const chosen = chooseFiles(model, wasm).dtypes;
    const choice = downloadChoice(model, 'auto', device, { browser: 'chromium' });
    expect(choice.minBytes).toBe(downloadPlan(model, chosen).totalBytes);
    const overridden = downloadChoice(model, 'auto', device, {
      browser: 'chromium',
      override: { decoder_model_merged: 'fp16' },
    });
    expect(overridden.minBytes).toBe(
      downloadPlan(model, { ...chosen, decoder_model_merged: 'fp16' }).totalBytes,
    );
    expect(overridden.reasons).toContain('The half-precision decoder: chosen in Options.');
  });
});

describe('fileCostsOn: the device’s own figures per file, from its answers', () => {
  const where = { deviceKey: 'Chrome/140|no-gpu', modelId: model.id, backend: 'wasm' as const };
  const sample = (at: number, decoder: string, decodeTokensPerSecond: number): SpeedSample => ({
    at,
    ...where,
    msPerView: 900,
    prefillTokensPerSecond: 81,
    decodeTokensPerSecond,
    loadMs: null,
    files: { vision_encoder: 'q8', embed_tokens: 'q8', decoder_model_merged: decoder },
  });

  test('each decoder its prompt and 24-token answer cost; older samples without files are left out', () => {
    const costs = fileCostsOn(
      [
        sample(1, 'q4', 2),
        sample(2, 'q8', 24),
        { ...sample(3, 'q8', 1), files: undefined },
        { ...sample(4, 'q4', 2), deviceKey: 'Firefox/140|no-gpu' },
      ],
      where,
    );
    expect(costs.decoder_model_merged).toEqual({ q4: 1000 + 12_000, q8: 1000 + 1000 });
    expect(costs.vision_encoder).toEqual({ q8: 900 });
    const choice = chooseFiles(model, wasm, table(), { measured: costs });
    expect(choice.dtypes.decoder_model_merged).toBe('q8');
    expect(choice.reasons[0]).toMatch(
      /^The 8-bit decoder: about 6\.5× faster .* on this processor, measured\.$/,
    );
  });

  test('an answer records the files it ran, and its speed sample keeps them', () => {
    const files = { vision_encoder: 'q8', embed_tokens: 'q8', decoder_model_merged: 'q8' };
    const metrics = generationMetrics({
      modelId: model.id,
      backend: 'wasm',
      loadMs: 0,
      startedAt: 0,
      imageReadyAt: 10,
      firstTokenAt: 100,
      endedAt: 200,
      tokens: 5,
      promptTokens: 81,
      image: { width: 512, height: 512 },
      deviceKey: where.deviceKey,
      files,
      sessions: {
        views: 1,
        visionMs: 10,
        prefillTokens: 81,
        prefillMs: 90,
        reusedTokens: 0,
        imageProcessed: true,
      },
    });
    expect(metrics.files).toEqual(files);
    expect(sampleFromMetrics(metrics, 1)?.files).toEqual(files);
  });
});

describe('Options: a decoder file chosen per model', () => {
  const device: DeviceReport = { webgpu: null, deviceMemoryGb: 8, hardwareConcurrency: 2 };
  const settings = { modelId: model.id, backend: 'wasm' as const };

  test('Automatic lists the model’s decoder files, smallest first, with nothing chosen by hand', () => {
    const shown = modelChoices(modelCatalog(), settings, device).choices.find((c) => c.id === model.id);
    expect(shown?.decoderOverride).toBeNull();
    expect(shown?.decoderFiles.map((f) => f.dtype)).toEqual(['q4f16', 'q4', 'int8', 'q8', 'fp16', 'fp32']);
  });

  test('a decoder chosen by hand is what the size quotes, and the reason says so', () => {
    const modelFiles = { [model.id]: { decoder_model_merged: 'fp32' } };
    const shown = modelChoices(modelCatalog(), { ...settings, modelFiles }, device).choices.find(
      (c) => c.id === model.id,
    );
    expect(shown?.decoderOverride).toBe('fp32');
    expect(shown?.fileReasons).toContain('The full-precision decoder: chosen in Options.');
    const chosen = chooseFiles(model, { backend: 'wasm', shaderF16: false, threads: 2 }).dtypes;
    expect(shown?.downloadBytes).toBe(
      downloadPlan(model, { ...chosen, decoder_model_merged: 'fp32' }).totalBytes,
    );
  });

  test('settings keep a valid choice and drop a malformed one', () => {
    const modelFiles = { [model.id]: { decoder_model_merged: 'q8' } };
    expect(parseSettings({ modelFiles }).modelFiles).toEqual(modelFiles);
    expect(
      parseSettings({ modelFiles: { [model.id]: { decoder_model_merged: '../x' } } }).modelFiles,
    ).toEqual({});
  });
});

describe('the stand-in generator writes the files the choice loads', () => {
  test('a profile’s files include what chooseFiles picks in each browser, as well as the catalog default', () => {
    const shaped = findModel(modelCatalog(), SHAPED_MODELS['256m'].id);
    if (!shaped) throw new Error('no stand-in');
    const paths = selectedFiles(SHAPED_MODELS['256m'], { profiles: ['wasm'] }).map(
      (f) => `${f.session}:${f.dtype}`,
    );
    for (const browser of ['chromium', 'firefox'] as const) {
      const chosen = chooseFiles(shaped, { backend: 'wasm', shaderF16: false, browser }).dtypes;
      for (const [session, dtype] of Object.entries(chosen)) expect(paths).toContain(`${session}:${dtype}`);
    }
    expect(paths).toContain(`decoder_model_merged:${shaped.dtypes.wasm.decoder_model_merged}`);
  });
});
