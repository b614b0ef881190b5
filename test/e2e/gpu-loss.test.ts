import { describe, expect, test } from 'vitest';
import type { EngineEvent, EngineHostMessage } from '../../src/protocol/messages';
import { engineRequest, generateRequest, requestId, solidImage } from '../support/engine-driver';
import { useEngineSetup } from '../support/engine-setup';
import { FIXTURE_MODEL_ID } from '../support/fixture';

describe('losing the GPU mid-answer', () => {
  const setup = useEngineSetup({ webgpu: true });

  test('ends the answer with a sentence, and the question asked again is answered on WebGPU', async () => {
    const loaded = await engineRequest(setup.page, {
      type: 'load',
      requestId: requestId('load'),
      modelId: FIXTURE_MODEL_ID,
      backend: 'webgpu',
    });
    expect(loaded.last).toMatchObject({ type: 'ready', backend: 'webgpu' });

    const hook: EngineHostMessage = { target: 'engine-host', command: { type: 'lose-gpu-at-next-token' } };
    await setup.ext.serviceWorker.evaluate((m) => chrome.runtime.sendMessage(m), hook);
    const image = await solidImage(setup.page, [230, 20, 30]);
    const lost = await engineRequest(setup.page, generateRequest(image, 'Is the sun out?', 'webgpu'));
    expect(lost.last).toMatchObject({ type: 'error', error: { code: 'gpu-lost' } });
    if (lost.last.type === 'error') {
      expect(lost.last.error.message).toMatch(/^The graphics device was lost while the model was answering/);
      expect(lost.last.error.action).toMatch(/^Ask again/);
    }
    // It was lost mid-answer: the model had started to write.
    expect(lost.events.some((e: EngineEvent) => e.type === 'plan')).toBe(true);

    const again = await engineRequest(setup.page, generateRequest(image, 'Is the sun out?', 'webgpu'));
    expect(again.events.find((e) => e.type === 'ready')).toMatchObject({
      backend: 'webgpu',
      fallbackReason: null,
    });
    expect(again.last).toMatchObject({ type: 'done', text: 'a red image about sun.' });
  });
});
