/**
 * A browser with no WebGPU adapter (Chromium on Linux without the unsafe-WebGPU flags): Automatic falls back to
 * WASM and says why; "WebGPU only" fails with a clear message instead of silently using the CPU.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { engineRequest, generateRequest, solidImage, useTestModel } from '../support/engine-driver';
import { ensureFixture } from '../support/fixture';
import { type LoadedExtension, launchExtension } from '../support/harness';
import { type HubServer, startHubServer } from '../support/hub-server';

describe('engine without a WebGPU adapter', () => {
  let ext: LoadedExtension;
  let hub: HubServer;
  let page: Page;

  beforeAll(async () => {
    ensureFixture();
    hub = await startHubServer();
    ext = await launchExtension({ webgpu: false });
    await useTestModel(ext, hub.url);
    page = await ext.openExtensionPage('src/options/index.html');
  });
  afterAll(async () => {
    await ext?.close();
    await hub?.close();
  });

  test('Automatic runs on WASM and records why it fell back', async () => {
    const outcome = await engineRequest(
      page,
      generateRequest(await solidImage(page, [230, 20, 30]), 'Is there a cup?', 'auto'),
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
      page,
      generateRequest(await solidImage(page, [230, 20, 30]), 'Is there a cup?', 'webgpu'),
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
