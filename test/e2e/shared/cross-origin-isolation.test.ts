/**
 * Where the model runs, in each browser (see ../driver.ts): Chromium applies the manifest's cross-origin isolation
 * keys, so the model worker has shared memory and onnxruntime's WASM gets a thread per core; Firefox has no such
 * keys (Mozilla bug 1673477), so its background page's worker isn't isolated and runs one thread, and says so.
 * Either way the answer is right.
 */
import { describe, expect, test } from 'vitest';
import { wasmThreadsFor } from '../../../src/inference/backend/wasm-threads';
import { engineRequest, generateRequest, solidImage } from '../../support/engine-driver';
import { useSessionSetup } from '../../support/engine-setup';

describe('cross-origin isolation where the model runs', () => {
  const setup = useSessionSetup({ settings: { backend: 'wasm' } });

  test('reports isolation and threads where the sessions are created, and answers', async () => {
    const outcome = await engineRequest(
      setup.page,
      generateRequest(await solidImage(setup.page, [230, 20, 30]), 'What is the cat doing?', 'wasm'),
    );
    expect(outcome.last).toMatchObject({ type: 'done', text: 'a red image about cat.' });
    const ready = outcome.events.find((e) => e.type === 'ready');
    const cores = await setup.page.evaluate(() => navigator.hardwareConcurrency, null);
    const isolated = setup.ext.browserName !== 'firefox';
    expect(ready).toMatchObject({
      crossOriginIsolated: isolated,
      wasmThreads: wasmThreadsFor({ crossOriginIsolated: isolated, hardwareConcurrency: cores }).threads,
    });
  });
});
