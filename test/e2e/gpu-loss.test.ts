/**
 * The WebGPU device going away mid-answer (a driver reset, the system reclaiming the GPU): the answer ends with a
 * sentence saying so, the engine replaces its worker, and asking again works — on WebGPU, since the adapter is back
 * (SwiftShader here). The loss is injected by the engine host's fault hook, which destroys onnxruntime-web's device
 * as the first token is written; only the extension's own contexts can send it.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { EngineEvent, EngineHostMessage } from '../../src/protocol/messages';
import {
  engineRequest,
  generateRequest,
  requestId,
  solidImage,
  useTestModel,
} from '../support/engine-driver';
import { ensureFixture, FIXTURE_MODEL_ID } from '../support/fixture';
import { type LoadedExtension, launchExtension } from '../support/harness';
import { type HubServer, startHubServer } from '../support/hub-server';

describe('losing the GPU mid-answer', () => {
  let ext: LoadedExtension;
  let hub: HubServer;
  let page: Page;

  beforeAll(async () => {
    ensureFixture();
    hub = await startHubServer();
    ext = await launchExtension({ webgpu: true });
    await useTestModel(ext, hub.url);
    page = await ext.openExtensionPage('src/options/index.html');
  });
  afterAll(async () => {
    await ext?.close();
    await hub?.close();
  });

  test('ends the answer with a sentence, and the question asked again is answered on WebGPU', async () => {
    const loaded = await engineRequest(page, {
      type: 'load',
      requestId: requestId('load'),
      modelId: FIXTURE_MODEL_ID,
      backend: 'webgpu',
    });
    expect(loaded.last).toMatchObject({ type: 'ready', backend: 'webgpu' });

    const hook: EngineHostMessage = { target: 'engine-host', command: { type: 'lose-gpu-at-next-token' } };
    await ext.serviceWorker.evaluate((m) => chrome.runtime.sendMessage(m), hook);
    const image = await solidImage(page, [230, 20, 30]);
    const lost = await engineRequest(page, generateRequest(image, 'Is the sun out?', 'webgpu'));
    expect(lost.last).toMatchObject({ type: 'error', error: { code: 'gpu-lost' } });
    if (lost.last.type === 'error') {
      expect(lost.last.error.message).toMatch(/^The graphics device was lost while the model was answering/);
      expect(lost.last.error.action).toMatch(/^Ask again/);
    }
    // It was lost mid-answer: the model had started to write.
    expect(lost.events.some((e: EngineEvent) => e.type === 'plan')).toBe(true);

    const again = await engineRequest(page, generateRequest(image, 'Is the sun out?', 'webgpu'));
    expect(again.events.find((e) => e.type === 'ready')).toMatchObject({
      backend: 'webgpu',
      fallbackReason: null,
    });
    expect(again.last).toMatchObject({ type: 'done', text: 'a red image about sun.' });
  });
});
