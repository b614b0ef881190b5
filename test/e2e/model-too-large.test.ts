/**
 * A model that doesn't fit in memory, for real: Chromium runs with V8's WebAssembly memory capped
 * (--wasm-max-mem-pages), so onnxruntime-web's heap can't grow to hold the 500M stand-in's sessions while the tiny
 * test model still fits. Session creation fails for memory (onnxruntime says std::bad_alloc); the person reads what
 * the model needs and a smaller model to choose, never the runtime's words, and the next request answers. Without
 * the cap the same model loads, so the cap is what stopped it.
 * Not on useEngineSetup: each test launches its own browser on purpose (capped, then not), where the set-up has one.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { downloadPlan, findModel, modelCatalog } from '../../src/inference/model-files/catalog';
import { dtypesFor } from '../../src/inference/model-files/file-choice';
import {
  engineRequest,
  generateRequest,
  requestId,
  solidImage,
  useTestModel,
} from '../support/engine-driver';
import { ensureFixture } from '../support/fixture';
import { type LoadedExtension, launchExtension } from '../support/harness';
import { type HubServer, startHubServer } from '../support/hub-server';
import { ensureShapedModel, SHAPED_500M_ID } from '../support/shaped';

const WASM_PAGE_BYTES = 64 * 1024;
/** 128 MiB of WebAssembly memory: the tiny model's sessions fit many times over; the 500M decoder alone doesn't. */
const WASM_MAX_PAGES = 2048;

const entry = findModel(modelCatalog(), SHAPED_500M_ID);
if (!entry) throw new Error('the 500M stand-in is missing from models/catalog.json');
const WASM_PLAN = downloadPlan(entry, dtypesFor(entry, 'wasm', false));

/** Words a runtime or browser uses that mean nothing to a person. */
const RUNTIME_TEXT = /bad_alloc|std::|ERROR_CODE|ERROR_MESSAGE|session|exception|Error\b|wasm|onnx/i;

describe('a model that does not fit in memory', { timeout: 300_000 }, () => {
  let hub: HubServer;

  beforeAll(async () => {
    ensureFixture();
    ensureShapedModel('500m', { profiles: ['wasm'] });
    hub = await startHubServer();
  }, 120_000);
  afterAll(async () => {
    await hub?.close();
  });

  async function openEngine(extraArgs: string[]): Promise<{ ext: LoadedExtension; page: Page }> {
    const ext = await launchExtension({ extraArgs });
    await useTestModel(ext, hub.url, { backend: 'wasm' });
    return { ext, page: await ext.openExtensionPage('src/options/index.html') };
  }

  const loadLarge = (page: Page) =>
    engineRequest(page, {
      type: 'load',
      requestId: requestId('load'),
      modelId: SHAPED_500M_ID,
      backend: 'wasm',
    });

  test('the cap is below what the model needs: its decoder file alone is larger', () => {
    const decoder = WASM_PLAN.files.find((f) => f.path.startsWith('onnx/decoder_model_merged'));
    expect(decoder?.bytes).toBeGreaterThan(WASM_MAX_PAGES * WASM_PAGE_BYTES);
  });

  test('says what the model needs and names a smaller one; the next request answers', async () => {
    const { ext, page } = await openEngine([`--js-flags=--wasm-max-mem-pages=${WASM_MAX_PAGES}`]);
    try {
      const image = await solidImage(page, [230, 20, 30]);
      // The tiny model answers under the cap before anything large was tried.
      const before = await engineRequest(page, generateRequest(image, 'Is there a cup?', 'wasm'));
      expect(before.last).toMatchObject({ type: 'done', text: 'a red image about cup.' });

      hub.clearLog();
      const failed = await loadLarge(page);
      expect(failed.last).toMatchObject({
        type: 'error',
        error: {
          code: 'model-too-large',
          action: 'Choose SmolVLM 256M in Options (about 2 GB), or close other tabs and try again.',
        },
      });
      // The files' size is the ones chosen for this browser by measured speed (model-files/file-choice).
      if (failed.last.type === 'error') {
        expect(failed.last.error.message).toMatch(
          /^SmolVLM 500M stand-in \(test model\) needs about 4 GB of memory \(its files alone are \d+ MB\), more than this browser could give it\.$/,
        );
      }
      if (failed.last.type === 'error') {
        expect(failed.last.error.message).not.toMatch(RUNTIME_TEXT);
        expect(failed.last.error.action ?? '').not.toMatch(RUNTIME_TEXT);
      }
      // Every file arrived whole: it failed creating the sessions, not downloading them. (Which files: the ones
      // chosen for this browser by measured speed, so they are read from what the hub sent.)
      const sizes = new Map(
        Object.values(entry.sessions).flatMap((byDtype) =>
          Object.values(byDtype).flatMap((variant) =>
            (variant?.files ?? []).map((f) => [f.path, f.bytes] as const),
          ),
        ),
      );
      const onnx = [
        ...new Set(hub.fileRequests().flatMap((r) => (r.file?.startsWith('onnx/') ? [r.file] : []))),
      ];
      expect(onnx.length).toBeGreaterThanOrEqual(3);
      for (const file of onnx) {
        const whole = hub
          .fileRequests(file)
          .filter((r) => r.status === 200 && r.bytesSent === sizes.get(file));
        expect(whole, file).toHaveLength(1);
      }

      // The model that fits answers right after, in a heap the failed sessions no longer hold.
      const after = await engineRequest(page, generateRequest(image, 'Is there a cup?', 'wasm'));
      expect(after.events.find((e) => e.type === 'ready')).toMatchObject({ backend: 'wasm' });
      expect(after.last).toMatchObject({ type: 'done', text: 'a red image about cup.' });
    } finally {
      await ext.close();
    }
  });

  test('without the cap the same model loads: memory was what stopped it', async () => {
    const { ext, page } = await openEngine([]);
    try {
      const loaded = await loadLarge(page);
      expect(loaded.last).toMatchObject({ type: 'ready', modelId: SHAPED_500M_ID, backend: 'wasm' });
    } finally {
      await ext.close();
    }
  });
});
