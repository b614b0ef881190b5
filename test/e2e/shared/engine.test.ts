/**
 * The on-device engine in each browser (see ../driver.ts), driven from an extension page the way the UIs drive it:
 * the generated test model from a local hub answers on WASM and on WebGPU on the CPU (SwiftShader in Chromium,
 * Mesa's lavapipe in Firefox), and its answer depends on the pixels and the question.
 */
import { describe, expect, test } from 'vitest';
import type { EngineEvent } from '../../../src/protocol/messages';
import { engineRequest, generateRequest, solidImage } from '../../support/engine-driver';
import { useSessionSetup } from '../../support/engine-setup';
import { FIXTURE_MODEL_ID } from '../../support/fixture';

const tokens = (events: EngineEvent[]) => events.filter((e) => e.type === 'token').length;

describe('on-device engine', () => {
  const setup = useSessionSetup({ webgpu: true });

  test('answers a red image on WASM, streaming several tokens', async () => {
    const outcome = await engineRequest(
      setup.page,
      generateRequest(await solidImage(setup.page, [230, 20, 30]), 'What is the cat doing?', 'wasm'),
    );
    expect(outcome.last).toMatchObject({ type: 'done', text: 'a red image about cat.' });
    const ready = outcome.events.find((e) => e.type === 'ready');
    // On WASM the engine keeps the decoder's cache between steps itself (src/inference/kept-cache), and a load that
    // never tries WebGPU starts onnxruntime's WebAssembly-only build (model-files/runtime-files.ts).
    expect(ready).toMatchObject({ backend: 'wasm', keptCache: true, runtime: 'wasm' });
    // Firefox can't make an extension page cross-origin isolated (README, "What Firefox can't do"): one thread.
    if (setup.ext.browserName === 'firefox') {
      expect(ready).toMatchObject({ crossOriginIsolated: false, wasmThreads: 1 });
    }
    expect(tokens(outcome.events)).toBeGreaterThan(1);
    expect(outcome.streamed.trim()).toBe('a red image about cat.');
    for (const file of ['vision_encoder', 'embed_tokens', 'decoder_model_merged']) {
      expect(setup.hub.requests.some((r) => r.model === FIXTURE_MODEL_ID && r.file?.includes(file))).toBe(
        true,
      );
    }
  });

  // After the WASM answer above, the worker's runtime is the WebAssembly-only build, which can't run WebGPU: the
  // host runs this request in a fresh worker (without it, the load would fall back to WASM).
  test('answers a green image on WebGPU, with no fallback, in a fresh worker', async () => {
    const outcome = await engineRequest(
      setup.page,
      generateRequest(await solidImage(setup.page, [10, 200, 40]), 'Where is the dog?', 'webgpu'),
    );
    expect(outcome.events.find((e) => e.type === 'ready')).toMatchObject({
      backend: 'webgpu',
      fallbackReason: null,
      // The cache stays on the GPU there.
      keptCache: false,
      runtime: 'webgpu',
    });
    expect(outcome.last).toMatchObject({ type: 'done', text: 'a green image about dog.' });
    expect(tokens(outcome.events)).toBeGreaterThan(1);
  });

  test('Stop during a WebGPU answer ends it within one token, and the engine is free again', async () => {
    const image = await solidImage(setup.page, [20, 40, 240]);
    const outcome = await engineRequest(
      setup.page,
      generateRequest(image, 'What is the bird doing?', 'webgpu'),
      {
        cancelAfterTokens: 1,
      },
    );
    expect(outcome.last).toMatchObject({ type: 'error', error: { code: 'cancelled' } });
    expect(outcome.tokensAfterCancel).toBeLessThanOrEqual(1);
    const next = await engineRequest(setup.page, generateRequest(image, 'What is the bird doing?', 'webgpu'));
    expect(next.last).toMatchObject({ type: 'done', text: 'a blue image about bird.' });
  });
});
