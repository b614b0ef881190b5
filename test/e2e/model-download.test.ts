/**
 * Model downloads a person can trust, in real Chromium with the built extension and a local hub that misbehaves
 * on purpose: a transfer cut at a chosen byte resumes with a range request from that byte; a stalled one is given
 * up on with a message naming the host and keeps what arrived, so the next attempt fetches only the rest; a file
 * evicted from the cache is fetched again (only it); too little storage is refused before downloading, with sizes.
 * Each ends with a model that answers correctly.
 */
import type { CDPSession } from 'playwright-core';
import { beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { downloadPlan, findModel, modelCatalog } from '../../src/inference/model-files/catalog';
import { dtypesFor } from '../../src/inference/model-files/file-choice';
import { engineRequest, generateRequest, progressOf, requestId, solidImage } from '../support/engine-driver';
import { useEngineSetup } from '../support/engine-setup';
import { FIXTURE_MODEL_ID } from '../support/fixture';

const fixture = findModel(modelCatalog(), FIXTURE_MODEL_ID);
if (!fixture) throw new Error('the test model is missing from models/catalog.json');
const WASM_FILES = downloadPlan(fixture, dtypesFor(fixture, 'wasm', false)).files;
const DECODER = WASM_FILES.find((f) => f.path.startsWith('onnx/decoder_model_merged'));
if (!DECODER) throw new Error('no decoder file in the WASM plan');
const STALL_SECONDS = 1;

describe('model downloads', () => {
  const setup = useEngineSetup({ settings: { stallSeconds: STALL_SECONDS } });
  let cdp: CDPSession;

  const unload = () => engineRequest(setup.page, { type: 'unload', requestId: requestId('unload') });
  const load = () =>
    engineRequest(setup.page, {
      type: 'load',
      requestId: requestId('load'),
      modelId: FIXTURE_MODEL_ID,
      backend: 'wasm',
    });
  const answersCorrectly = async () => {
    const outcome = await engineRequest(
      setup.page,
      generateRequest(await solidImage(setup.page, [10, 200, 40]), 'What colour is the ball?', 'wasm'),
    );
    expect(outcome.last).toMatchObject({ type: 'done', text: 'a green image about ball.' });
  };
  /** Removes one cached file, as the browser's eviction or a person clearing data might. */
  /** Requests for a file's bytes, leaving out transformers.js's size probes (bytes=0-0). */
  const bodyRequests = (file?: string) => setup.hub.fileRequests(file).filter((r) => r.range !== 'bytes=0-0');
  const evict = (path: string) =>
    setup.page.evaluate(async (suffix) => {
      const cache = await caches.open('transformers-cache');
      for (const request of await cache.keys()) if (request.url.endsWith(suffix)) await cache.delete(request);
    }, `/${path}`);

  beforeAll(async () => {
    cdp = await setup.ext.context.newCDPSession(setup.page);
  });
  beforeEach(async () => {
    await setup.hub.heal();
    await unload();
    await setup.page.evaluate(async () => {
      await caches.delete('transformers-cache');
      await caches.delete('verdict-lens-partial-downloads');
    });
    setup.hub.clearLog();
  });

  test('a transfer cut at a byte resumes from that byte: only the rest is fetched again', async () => {
    const cutAt = Math.floor(DECODER.bytes * 0.6);
    setup.hub.faults.truncated.set(DECODER.path, cutAt);
    const outcome = await load();
    expect(outcome.last).toMatchObject({ type: 'ready', backend: 'wasm' });
    expect(bodyRequests(DECODER.path).map((r) => [r.status, r.range, r.bytesSent])).toEqual([
      [200, null, cutAt],
      [206, `bytes=${cutAt}-`, DECODER.bytes - cutAt],
    ]);
    // The bar counts the file once: it ends at its size, never beyond, and never goes back.
    const progress = progressOf(outcome.events);
    const decoder = progress.map((p) => p.files.find((f) => f.file === DECODER.path)?.loaded ?? 0);
    for (let i = 1; i < decoder.length; i++) expect(decoder[i]).toBeGreaterThanOrEqual(decoder[i - 1] ?? 0);
    expect(decoder.at(-1)).toBe(DECODER.bytes);
    await answersCorrectly();
  });

  test('a stalled transfer names the host and keeps what arrived; the retry fetches only the rest', async () => {
    expect((await load()).last).toMatchObject({ type: 'ready' });
    await unload();
    await evict(DECODER.path);
    const stallAt = Math.floor(DECODER.bytes * 0.4);
    setup.hub.faults.stalled.set(DECODER.path, stallAt);
    setup.hub.clearLog();
    // Once the body has stalled, the host goes away too, so resuming within this attempt fails.
    const waitForStall = (async () => {
      while (!setup.hub.fileRequests(DECODER.path).some((r) => r.bytesSent >= stallAt))
        await new Promise((r) => setTimeout(r, 20));
      await setup.hub.setOffline('reset');
    })();
    const failed = await load();
    await waitForStall;
    const host = new URL(setup.hub.url).host;
    expect(failed.last).toMatchObject({
      type: 'error',
      error: {
        code: 'download-stalled',
        action: 'Try again: the download picks up where it stopped.',
      },
    });
    expect(failed.last.type === 'error' ? failed.last.error.message : '').toMatch(
      new RegExp(
        `^The model host ${host} stopped sending ${DECODER.path} \\(nothing arrived for ${STALL_SECONDS} second\\)\\. .+ of .+ is kept\\.$`,
      ),
    );

    await setup.hub.heal();
    setup.hub.clearLog();
    const retried = await load();
    expect(retried.last).toMatchObject({ type: 'ready' });
    expect(bodyRequests(DECODER.path).map((r) => [r.status, r.range, r.bytesSent])).toEqual([
      [206, `bytes=${stallAt}-`, DECODER.bytes - stallAt],
    ]);
    await answersCorrectly();
  });

  test('Options shows an unfinished download, and Delete takes it, the files and the consent to download', async () => {
    expect((await load()).last).toMatchObject({ type: 'ready' });
    await unload();
    await evict(DECODER.path);
    const stallAt = Math.floor(DECODER.bytes * 0.4);
    setup.hub.faults.stalled.set(DECODER.path, stallAt);
    setup.hub.clearLog();
    const waitForStall = (async () => {
      while (!setup.hub.fileRequests(DECODER.path).some((r) => r.bytesSent >= stallAt))
        await new Promise((r) => setTimeout(r, 20));
      await setup.hub.setOffline('reset');
    })();
    expect((await load()).last).toMatchObject({ type: 'error', error: { code: 'download-stalled' } });
    await waitForStall;
    await setup.hub.heal();
    // The person had agreed to download this model (the panel records it on "Download and describe").
    await setup.ext.serviceWorker.evaluate(
      (id) => chrome.storage.local.set({ consentedModels: [id] }),
      FIXTURE_MODEL_ID,
    );
    const options = await setup.ext.openExtensionPage('src/options/index.html');
    const partial = options.locator(`[data-testid="partial-list"] li[data-model="${FIXTURE_MODEL_ID}"]`);
    await expect
      .poll(() => partial.innerText().catch(() => ''), { timeout: 15_000 })
      .toMatch(/\d+ kB of .+ kept \(1 file\), so the next download resumes/);

    await options.getByRole('button', { name: `Delete ${FIXTURE_MODEL_ID} from this device` }).click();
    await expect.poll(() => options.getByTestId('partial-list').count()).toBe(0);
    const left = await options.evaluate(async () => {
      const partials = await caches.open('verdict-lens-partial-downloads');
      const files = await caches.open('transformers-cache');
      const consent = (await chrome.storage.local.get('consentedModels')).consentedModels as
        | string[]
        | undefined;
      return { partials: (await partials.keys()).length, files: (await files.keys()).length, consent };
    });
    // The next Ask asks again before downloading, and starts from nothing.
    expect(left).toEqual({ partials: 0, files: 0, consent: [] });
    await options.close();
  });

  test('an unfinished download can be deleted on its own, leaving the stored files', async () => {
    // Only the decoder is fetched, so the load fails on its stall (once its bytes are kept), not on another file
    // meeting the hub gone while the decoder is still mid-stall.
    expect((await load()).last).toMatchObject({ type: 'ready' });
    await unload();
    await evict(DECODER.path);
    const stallAt = Math.floor(DECODER.bytes * 0.4);
    setup.hub.faults.stalled.set(DECODER.path, stallAt);
    setup.hub.clearLog();
    const waitForStall = (async () => {
      while (!setup.hub.fileRequests(DECODER.path).some((r) => r.bytesSent >= stallAt))
        await new Promise((r) => setTimeout(r, 20));
      await setup.hub.setOffline('reset');
    })();
    expect((await load()).last).toMatchObject({ type: 'error' });
    await waitForStall;
    await setup.hub.heal();
    const options = await setup.ext.openExtensionPage('src/options/index.html');
    const button = options.getByRole('button', {
      name: `Delete the unfinished download of ${FIXTURE_MODEL_ID}`,
    });
    await expect.poll(() => button.count(), { timeout: 15_000 }).toBe(1);
    await button.click();
    await expect.poll(() => options.getByTestId('partial-list').count()).toBe(0);
    const partials = await options.evaluate(
      async () => (await (await caches.open('verdict-lens-partial-downloads')).keys()).length,
    );
    expect(partials).toBe(0);
    await expect
      .poll(() => options.locator(`[data-testid="cache-list"] li[data-model="${FIXTURE_MODEL_ID}"]`).count())
      .toBe(1);
    await options.close();
  });

  test('a model with a file evicted from the cache fetches that file again, and only it', async () => {
    expect((await load()).last).toMatchObject({ type: 'ready' });
    await unload();
    await evict(DECODER.path);
    setup.hub.clearLog();
    const outcome = await load();
    expect(outcome.last).toMatchObject({ type: 'ready' });
    expect(
      bodyRequests()
        .filter((r) => r.file?.endsWith('.onnx'))
        .map((r) => [r.file, r.range, r.status, r.bytesSent]),
    ).toEqual([[DECODER.path, null, 200, DECODER.bytes]]);
    // The first progress already counts the files still held as done; the evicted one starts at zero.
    const first = progressOf(outcome.events)[0];
    for (const file of WASM_FILES) {
      const entry = first?.files.find((f) => f.file === file.path);
      expect(entry?.loaded).toBe(file.path === DECODER.path ? 0 : file.bytes);
    }
    await answersCorrectly();
  });

  test('too little storage for the model is refused before downloading, with the sizes', async () => {
    const origin = `chrome-extension://${setup.ext.extensionId}`;
    // The caches beforeEach deleted are reclaimed lazily: wait until the usage holds still, or the bytes freed
    // after the override would leave room for the model after all.
    const readUsage = () => setup.page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
    let usage = await readUsage();
    for (let steady = 0, i = 0; steady < 3 && i < 40; i++) {
      await new Promise((r) => setTimeout(r, 150));
      const next = await readUsage();
      steady = next === usage ? steady + 1 : 0;
      usage = next;
    }
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: usage + 10_000 });
    try {
      const refused = await load();
      expect(refused.last).toMatchObject({
        type: 'error',
        error: {
          code: 'storage-full',
          action:
            'Free some disk space or delete a stored model in Options, or choose a smaller model; then try again.',
        },
      });
      expect(refused.last.type === 'error' ? refused.last.error.message : '').toMatch(
        /^Tiny SmolVLM \(test model\) needs \d+ KB of storage to download, but the browser lets Verdict Lens store only \d+ KB more\.$/,
      );
      expect(bodyRequests().filter((r) => r.file?.endsWith('.onnx'))).toEqual([]);
    } finally {
      await cdp.send('Storage.overrideQuotaForOrigin', { origin });
    }
    expect((await load()).last).toMatchObject({ type: 'ready' });
    await answersCorrectly();
  });
});
