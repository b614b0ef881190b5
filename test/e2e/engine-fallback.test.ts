import { describe, expect, test } from 'vitest';
import { engineRequest, generateRequest, solidImage } from '../support/engine-driver';
import { useEngineSetup } from '../support/engine-setup';

describe('engine without a WebGPU adapter', () => {
  const setup = useEngineSetup({ webgpu: false });

  test('Automatic runs on WASM and records why it fell back', async () => {
    const outcome = await engineRequest(
      setup.page,
      generateRequest(await solidImage(setup.page, [230, 20, 30]), 'Is there a cup?', 'auto'),
    );
    const ready = outcome.events.find((e) => e.type === 'ready');
    expect(ready).toMatchObject({
      backend: 'wasm',
      fallbackReason: 'No WebGPU adapter; running on the CPU with WASM.',
    });
    expect(outcome.last).toMatchObject({
      type: 'done',
      text: 'a red image about cup.',
      metrics: { backend: 'wasm' },
    });
  });

  test('WebGPU only gives a clear error that says what to do', async () => {
    const outcome = await engineRequest(
      setup.page,
      generateRequest(await solidImage(setup.page, [230, 20, 30]), 'Is there a cup?', 'webgpu'),
    );
    expect(outcome.last).toMatchObject({
      type: 'error',
      error: {
        code: 'webgpu-unavailable',
        message: "WebGPU isn't available in this browser: it found no graphics adapter.",
        action: expect.stringMatching(/Options/),
      },
    });
  });
});
