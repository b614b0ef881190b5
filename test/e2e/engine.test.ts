/**
 * The on-device engine in real Chromium with the built extension: the generated test model served by a local
 * hub answers through transformers.js in the offscreen document's worker, on WASM and on WebGPU (SwiftShader).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ensureFixture } from '../support/fixture';
import { type HubServer, startHubServer } from '../support/hub-server';
import { engineRequest, generateRequest, solidImage, useTestModel } from './engine-driver';
import { type LoadedExtension, launchExtension } from './harness';

const RED = [230, 20, 30] as const;
const GREEN = [10, 200, 40] as const;
const BLUE = [20, 40, 240] as const;

describe('engine on WebGPU (SwiftShader) and WASM', () => {
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

  test('answers a red image on WASM, streaming tokens', async () => {
    const image = await solidImage(page, RED);
    const outcome = await engineRequest(page, generateRequest(image, 'What is the cat doing?', 'wasm'));
    console.log(JSON.stringify(outcome.events.filter((e) => e.type !== 'progress').slice(0, 20)));
    expect(outcome.last).toMatchObject({ type: 'done', text: 'a red image about cat.' });
  });
});
