/**
 * The engine at real scale: the shape-faithful SmolVLM-256M stand-in (hundreds of MB, the real sessions and
 * configs) downloads from the local hub through the real loader, lands in Cache Storage, answers on WASM, and loads
 * on WebGPU (SwiftShader) in the built extension. Kept to one short request on one 512 px view: the machine
 * running CI has two cores.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { downloadPlan, findModel, modelCatalog } from '../../src/inference/model-files/catalog';
import { dtypesFor } from '../../src/inference/model-files/file-choice';
import { engineRequest, generateRequest, progressOf, requestId, solidImage } from '../support/engine-driver';
import { useEngineSetup } from '../support/engine-setup';
import { ensureShapedModel, SHAPED_256M_ID } from '../support/shaped';

const entry = findModel(modelCatalog(), SHAPED_256M_ID);
if (!entry) throw new Error('the 256M stand-in is missing from models/catalog.json');
const WASM_PLAN = downloadPlan(entry, dtypesFor(entry, 'wasm', false));
const WEBGPU_PLAN = downloadPlan(entry, dtypesFor(entry, 'webgpu', false));

// Real-scale sessions on SwiftShader and two shared cores: minutes, not seconds, are the limit here.
describe('the engine at real scale (SmolVLM-256M stand-in)', { timeout: 600_000 }, () => {
  const load = (backend: 'wasm' | 'webgpu') =>
    engineRequest(setup.page, {
      type: 'load',
      requestId: requestId('load'),
      modelId: SHAPED_256M_ID,
      backend,
    });
  const ask = async (backend: 'wasm' | 'webgpu', maxNewTokens: number) =>
    engineRequest(
      setup.page,
      generateRequest(
        await solidImage(setup.page, [200, 120, 40], 224, 224),
        'What is in this picture?',
        backend,
        {
          modelId: SHAPED_256M_ID,
          options: { maxNewTokens, backend },
          detail: 'single',
        },
      ),
    );

  beforeAll(async () => {
    ensureShapedModel('256m', { profiles: ['wasm', 'webgpu'] });
  }, 300_000);
  // Registered after the model is made: hooks run in order.
  const setup = useEngineSetup({ webgpu: true, fixture: false, settings: { modelId: SHAPED_256M_ID } });

  test('downloads with byte progress of the real total, into Cache Storage', async () => {
    expect(WASM_PLAN.totalBytes).toBeGreaterThan(200_000_000);
    const outcome = await load('wasm');
    expect(outcome.last).toMatchObject({ type: 'ready', backend: 'wasm', modelId: SHAPED_256M_ID });
    const progress = progressOf(outcome.events);
    // The bar's total is the catalog's exact sum before the first byte, and never moves backwards.
    expect(progress[0]).toMatchObject({ loaded: 0 });
    expect(progress[0]?.total).toBeGreaterThanOrEqual(WASM_PLAN.totalBytes);
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i]?.loaded ?? 0).toBeGreaterThanOrEqual(progress[i - 1]?.loaded ?? 0);
    }
    const final = progress.at(-1);
    for (const file of WASM_PLAN.files) {
      expect(final?.files.find((f) => f.file === file.path)).toEqual({
        file: file.path,
        loaded: file.bytes,
        total: file.bytes,
      });
    }
    expect(final?.loaded).toBe(final?.total);
    const cached = await setup.page.evaluate(async () => {
      const cache = await caches.open('transformers-cache');
      const keys = await cache.keys();
      return Promise.all(
        keys.map(async (request) => ({
          url: request.url,
          bytes: (await (await cache.match(request))?.arrayBuffer())?.byteLength,
        })),
      );
    });
    for (const file of WASM_PLAN.files) {
      expect(cached.find((c) => c.url.endsWith(`/${file.path}`))?.bytes, file.path).toBe(file.bytes);
    }
  });

  test('answers on WASM from one 512 px view', async () => {
    const outcome = await ask('wasm', 3);
    expect(outcome.last.type).toBe('done');
    const done = outcome.last.type === 'done' ? outcome.last : null;
    expect(done?.metrics).toMatchObject({ backend: 'wasm', tokens: 3, modelId: SHAPED_256M_ID });
    // The chat template around one view of 64 image tokens.
    expect(done?.metrics.promptTokens).toBeGreaterThan(64);
    expect(done?.metrics.promptTokens).toBeLessThan(100);
    expect(outcome.events.filter((e) => e.type === 'token').length).toBeGreaterThan(0);
  });

  test('a second load comes from Cache Storage: zero files fetched', async () => {
    await engineRequest(setup.page, { type: 'unload', requestId: requestId('unload') });
    setup.hub.clearLog();
    const outcome = await load('wasm');
    expect(outcome.last).toMatchObject({ type: 'ready', backend: 'wasm' });
    expect(setup.hub.fileRequests()).toEqual([]);
  });

  // Loading only: on SwiftShader one 512 px view takes the vision encoder about ten minutes on this machine (the
  // bench measures it, bench/shaped-model.ts); an answer on WebGPU is covered by the test model's e2e.
  test('loads on WebGPU (SwiftShader) with no fallback, downloading the WebGPU files with their real total', async () => {
    const outcome = await load('webgpu');
    expect(outcome.last).toMatchObject({ type: 'ready', backend: 'webgpu', fallbackReason: null });
    const progress = progressOf(outcome.events);
    expect(progress[0]?.total).toBeGreaterThanOrEqual(WEBGPU_PLAN.totalBytes);
    const final = progress.at(-1);
    for (const file of WEBGPU_PLAN.files) {
      expect(final?.files.find((f) => f.file === file.path)?.total, file.path).toBe(file.bytes);
    }
    // A file the WASM load already fetched comes from the cache; the rest from the hub. Since each session's file is
    // chosen by measured speed, WASM may run another decoder (q8) than WebGPU's q4, which is then downloaded too.
    expect(setup.hub.fileRequests('onnx/vision_encoder_q4.onnx').length).toBeGreaterThan(0);
    for (const file of WEBGPU_PLAN.files) {
      const shared = WASM_PLAN.files.some((f) => f.path === file.path);
      expect(setup.hub.fileRequests(file.path).length > 0, file.path).toBe(!shared);
    }
  });
});
