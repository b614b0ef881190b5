/**
 * Follow-up questions in the browser, through the engine as the panel and popup send them: the second question on
 * the same image takes the first answer's keys and values from the conversation's cache (no vision encoder pass,
 * only the new tokens read) and answers exactly as a fresh run does, on WASM and on WebGPU (SwiftShader), where the
 * cache lives in GPU buffers.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ChatTurn, EngineEvent, ImageInput } from '../../src/protocol/messages';
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

function done(event: EngineEvent) {
  if (event.type !== 'done') throw new Error(`expected an answer, got ${JSON.stringify(event)}`);
  return event;
}

describe('follow-up questions', () => {
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

  async function ask(image: ImageInput, conversation: ChatTurn[], backend: 'wasm' | 'webgpu') {
    const request = generateRequest(image, '', backend, { conversation, detail: 'split' });
    return done((await engineRequest(page, request)).last);
  }

  test.each(['wasm', 'webgpu'] as const)(
    'on %s: reuse, no vision encoder, the same answer',
    async (backend) => {
      const green = await solidImage(page, [10, 200, 40], 700, 500);
      const first: ChatTurn[] = [{ role: 'user', text: 'What is the cat doing?' }];
      const one = await ask(green, first, backend);
      expect(one.text).toBe('a green image about cat.');
      expect(one.metrics.sessions?.views).toBeGreaterThan(1);
      expect(one.metrics.sessions?.reusedTokens).toBe(0);
      expect(one.metrics.sessions?.imageProcessed).toBe(true);

      const followUp: ChatTurn[] = [
        ...first,
        { role: 'assistant', text: one.text },
        { role: 'user', text: 'A dog?' },
      ];
      const two = await ask(green, followUp, backend);
      expect(two.text).toBe('a green image about dog.');
      expect(two.metrics.sessions?.views).toBe(0);
      // Its prompt's ids come from the kept layout: the picture isn't even decoded again.
      expect(two.metrics.sessions?.imageProcessed).toBe(false);
      expect(two.metrics.sessions?.reusedTokens).toBeGreaterThanOrEqual(one.metrics.promptTokens);
      expect(two.metrics.sessions?.prefillTokens).toBe(
        two.metrics.promptTokens - (two.metrics.sessions?.reusedTokens ?? 0),
      );

      // The same follow-up after the cache is gone (the model unloaded): read in full, the same answer.
      await engineRequest(page, { type: 'unload', requestId: requestId('unload') });
      const fresh = await ask(green, followUp, backend);
      expect(fresh.metrics.sessions?.views).toBeGreaterThan(1);
      expect(fresh.metrics.sessions?.reusedTokens).toBe(0);
      expect(fresh.metrics.sessions?.imageProcessed).toBe(true);
      expect(fresh.text).toBe(two.text);
    },
  );
});
