/**
 * The on-device engine in real Chromium with the built extension: the generated test model, served by a local
 * server laid out like the hub, answers through transformers.js in the offscreen document's worker, on WASM and on
 * WebGPU (SwiftShader). Downloads, the cache, failures and retries, cancelling, the queue, and the service worker
 * being stopped mid-request.
 */
import { describe, expect, test } from 'vitest';
import { downloadPlan, findModel, modelCatalog } from '../../src/inference/model-files/catalog';
import { dtypesFor } from '../../src/inference/model-files/file-choice';
import type { EngineEvent } from '../../src/protocol/messages';
import { engineRequest, generateRequest, progressOf, requestId, solidImage } from '../support/engine-driver';
import { useEngineSetup } from '../support/engine-setup';
import { FIXTURE_MODEL_ID } from '../support/fixture';

const RED = [230, 20, 30] as const;
const GREEN = [10, 200, 40] as const;
const BLUE = [20, 40, 240] as const;

const fixture = findModel(modelCatalog(), FIXTURE_MODEL_ID);
if (!fixture) throw new Error('the test model is missing from models/catalog.json');
const WASM_FILES = downloadPlan(fixture, dtypesFor(fixture, 'wasm', false));

function tokenCount(events: EngineEvent[]): number {
  return events.filter((e) => e.type === 'token').length;
}

describe('on-device engine', () => {
  const setup = useEngineSetup({ webgpu: true });

  /** Forgets the model: unloads it from the worker and deletes the browser's cached copy. */
  async function forgetModel(): Promise<void> {
    await engineRequest(setup.page, { type: 'unload', requestId: requestId('unload') });
    await setup.page.evaluate(() => caches.delete('transformers-cache'));
    setup.hub.clearLog();
  }

  async function loadOn(backend: 'wasm' | 'webgpu' | 'auto') {
    return engineRequest(setup.page, {
      type: 'load',
      requestId: requestId('load'),
      modelId: FIXTURE_MODEL_ID,
      backend,
    });
  }

  test('downloads the model from the hub with per-file and total byte progress', async () => {
    const outcome = await loadOn('wasm');
    expect(outcome.last).toMatchObject({ type: 'ready', backend: 'wasm', modelId: FIXTURE_MODEL_ID });
    const progress = progressOf(outcome.events);
    expect(progress.length).toBeGreaterThan(1);
    const final = progress.at(-1);
    // Every ONNX file the catalog names, at its catalog size, all downloaded (small config files come on top).
    for (const file of WASM_FILES.files) {
      expect(final?.files.find((f) => f.file === file.path)).toEqual({
        file: file.path,
        loaded: file.bytes,
        total: file.bytes,
      });
    }
    expect(final?.loaded).toBe(final?.total);
    expect(final?.total).toBeGreaterThanOrEqual(WASM_FILES.totalBytes);
    // The total is known from the catalog before the first byte, so the bar never jumps backwards.
    expect(progress[0]).toMatchObject({ loaded: 0 });
    expect(progress[0]?.total).toBeGreaterThanOrEqual(WASM_FILES.totalBytes);
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i]?.loaded ?? 0).toBeGreaterThanOrEqual(progress[i - 1]?.loaded ?? 0);
    }
    for (const file of WASM_FILES.files) expect(setup.hub.fileRequests(file.path).length).toBeGreaterThan(0);
  });

  test.each([
    ['red', RED, 'What is the cat doing?', 'cat'],
    ['green', GREEN, 'What colour is the ball?', 'ball'],
    ['blue', BLUE, 'Is this a photo?', 'photo'],
  ] as const)('answers a %s image on WASM, streaming several tokens', async (colour, rgb, question, word) => {
    const outcome = await engineRequest(
      setup.page,
      generateRequest(await solidImage(setup.page, rgb), question, 'wasm'),
    );
    expect(outcome.last).toMatchObject({ type: 'done', text: `a ${colour} image about ${word}.` });
    expect(tokenCount(outcome.events)).toBeGreaterThan(1);
    expect(outcome.streamed.trim()).toBe(`a ${colour} image about ${word}.`);
    const done = outcome.last.type === 'done' ? outcome.last : null;
    expect(done?.metrics).toMatchObject({ backend: 'wasm', tokens: 7, modelId: FIXTURE_MODEL_ID });
  });

  test.each([
    ['red', RED],
    ['green', GREEN],
    ['blue', BLUE],
  ] as const)('answers a %s image on WebGPU (SwiftShader)', async (colour, rgb) => {
    const outcome = await engineRequest(
      setup.page,
      generateRequest(await solidImage(setup.page, rgb), 'Where is the dog?', 'webgpu'),
    );
    const ready = outcome.events.find((e) => e.type === 'ready');
    expect(ready).toMatchObject({ backend: 'webgpu', fallbackReason: null });
    expect(outcome.last).toMatchObject({ type: 'done', text: `a ${colour} image about dog.` });
    expect(tokenCount(outcome.events)).toBeGreaterThan(1);
  });

  test("detail 'single' shows the model one global view instead of the split tiles", async () => {
    const image = await solidImage(setup.page, RED);
    const split = await engineRequest(setup.page, generateRequest(image, 'Is this a photo?', 'wasm'));
    const single = await engineRequest(
      setup.page,
      generateRequest(image, 'Is this a photo?', 'wasm', { detail: 'single' }),
    );
    for (const outcome of [split, single]) {
      expect(outcome.last).toMatchObject({ type: 'done', text: 'a red image about photo.' });
    }
    const promptTokens = (o: typeof split) => (o.last.type === 'done' ? o.last.metrics.promptTokens : 0);
    // The test model splits this image into 2×2 tiles (4 image tokens each, plus markers) besides the global view.
    expect(promptTokens(single)).toBeGreaterThan(4);
    expect(promptTokens(split)).toBeGreaterThan(promptTokens(single) + 4 * 4);
  });

  test('the answer follows the question in a follow-up about the same image', async () => {
    const image = await solidImage(setup.page, RED);
    const outcome = await engineRequest(
      setup.page,
      generateRequest(image, 'Is there a tree?', 'wasm', {
        conversation: [
          { role: 'user', text: 'What is the cat doing?' },
          { role: 'assistant', text: 'a red image about cat.' },
          { role: 'user', text: 'Is there a tree?' },
        ],
      }),
    );
    expect(outcome.last).toMatchObject({ type: 'done', text: 'a red image about tree.' });
  });

  test('a second load comes from the browser cache with no network request', async () => {
    await engineRequest(setup.page, { type: 'unload', requestId: requestId('unload') });
    setup.hub.clearLog();
    const outcome = await loadOn('wasm');
    expect(outcome.last).toMatchObject({ type: 'ready', backend: 'wasm' });
    expect(setup.hub.requests).toEqual([]);
  });

  test('cancel stops a WebGPU generation within one token', async () => {
    const image = await solidImage(setup.page, GREEN);
    const outcome = await engineRequest(
      setup.page,
      generateRequest(image, 'What is the bird doing?', 'webgpu'),
      {
        cancelAfterTokens: 1,
      },
    );
    expect(outcome.last).toMatchObject({ type: 'error', error: { code: 'cancelled' } });
    expect(outcome.tokensAfterCancel).toBeLessThanOrEqual(1);
    // The engine is free again at once.
    const next = await engineRequest(setup.page, generateRequest(image, 'What is the bird doing?', 'webgpu'));
    expect(next.last).toMatchObject({ type: 'done', text: 'a green image about bird.' });
  });

  test('requests queue in order, and one cancelled while waiting never starts', async () => {
    const image = await solidImage(setup.page, BLUE);
    const first = engineRequest(setup.page, generateRequest(image, 'Is this a photo?', 'wasm'));
    const second = engineRequest(setup.page, generateRequest(image, 'Is there a boat?', 'wasm'));
    const third = engineRequest(setup.page, generateRequest(image, 'Is there a car?', 'wasm'), {
      cancelImmediately: true,
    });
    const [a, b, c] = await Promise.all([first, second, third]);
    expect(a.last).toMatchObject({ type: 'done', text: 'a blue image about photo.' });
    expect(b.last).toMatchObject({ type: 'done', text: 'a blue image about boat.' });
    expect(b.events.some((e) => e.type === 'queued')).toBe(true);
    expect(c.last).toMatchObject({ type: 'error', error: { code: 'cancelled' } });
    expect(tokenCount(c.events)).toBe(0);
  });

  describe('failures give a clear error, and a later retry succeeds', () => {
    test('the hub is unreachable', async () => {
      await forgetModel();
      await setup.hub.setOffline('refuse');
      const failed = await loadOn('wasm');
      expect(failed.last).toMatchObject({ type: 'error', error: { code: 'hub-unreachable' } });
      if (failed.last.type === 'error') expect(failed.last.error.message).toContain('127.0.0.1');
      await setup.hub.heal();
      expect((await loadOn('wasm')).last).toMatchObject({ type: 'ready', backend: 'wasm' });
    });

    test('a model file is missing (404)', async () => {
      await forgetModel();
      setup.hub.faults.missing.add('onnx/decoder_model_merged_q4.onnx');
      const failed = await loadOn('wasm');
      expect(failed.last).toMatchObject({ type: 'error', error: { code: 'model-file-missing' } });
      if (failed.last.type === 'error') {
        expect(failed.last.error.message).toContain('onnx/decoder_model_merged_q4.onnx');
      }
      await setup.hub.heal();
      expect((await loadOn('wasm')).last).toMatchObject({ type: 'ready', backend: 'wasm' });
    });

    test('a model file arrives truncated from a host that can’t resume', async () => {
      await forgetModel();
      // A host with range support resumes (model-download.test.ts); without it, the file has to start over.
      setup.hub.faults.ranges = false;
      setup.hub.faults.truncated.set('onnx/decoder_model_merged_q4.onnx', 4000);
      const failed = await loadOn('wasm');
      expect(failed.last).toMatchObject({
        type: 'error',
        error: {
          code: 'model-file-corrupt',
          action: "Try again: this host can't resume downloads, so the file starts over.",
        },
      });
      await setup.hub.heal();
      setup.hub.clearLog();
      const retried = await engineRequest(
        setup.page,
        generateRequest(await solidImage(setup.page, RED), 'Is the sun out?', 'wasm'),
      );
      expect(retried.last).toMatchObject({ type: 'done', text: 'a red image about sun.' });
      // The broken copy wasn't kept: the retry downloaded the file again.
      expect(setup.hub.fileRequests('onnx/decoder_model_merged_q4.onnx').length).toBeGreaterThan(0);
    });
  });

  test('the service worker being stopped mid-request neither loses the engine nor hangs the caller', async () => {
    await forgetModel();
    // A slow download keeps the request running while the service worker is stopped.
    setup.hub.faults.bytesPerSecond = 60_000;
    const request = generateRequest(await solidImage(setup.page, GREEN), 'Is there a flag?', 'wasm');
    const pending = setup.page.evaluate(
      (req) =>
        new Promise<{ texts: string[]; reconnected: boolean; last: EngineEvent }>((resolve) => {
          let lastSeq = 0;
          let reconnected = false;
          const texts: string[] = [];
          const attach = (port: chrome.runtime.Port) => {
            port.onMessage.addListener((message: { seq: number; event: EngineEvent }) => {
              if (message.seq <= lastSeq) return;
              lastSeq = message.seq;
              if (message.event.type === 'token') texts.push(message.event.text);
              if (message.event.type === 'done' || message.event.type === 'error') {
                resolve({ texts, reconnected, last: message.event });
              }
            });
            port.onDisconnect.addListener(() => {
              reconnected = true;
              setTimeout(() => {
                const next = chrome.runtime.connect({ name: 'engine' });
                attach(next);
                next.postMessage({ type: 'attach', requestId: req.requestId, afterSeq: lastSeq });
              }, 300);
            });
          };
          const port = chrome.runtime.connect({ name: 'engine' });
          attach(port);
          port.postMessage(req);
        }),
      request,
    );
    await expect.poll(() => setup.hub.fileRequests().length, { timeout: 20_000 }).toBeGreaterThan(0);
    const cdp = await setup.ext.context.newCDPSession(setup.page);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await cdp.detach();
    setup.hub.faults.bytesPerSecond = null;
    const outcome = await pending;
    expect(outcome.reconnected).toBe(true);
    expect(outcome.last).toMatchObject({ type: 'done', text: 'a green image about flag.' });
    expect(outcome.texts.join('').trim()).toBe('a green image about flag.');
  });
});
