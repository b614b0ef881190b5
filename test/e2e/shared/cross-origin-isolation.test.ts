/**
 * Where the model runs, in each browser (see ../driver.ts): Chromium applies the manifest's cross-origin isolation
 * keys, so the model worker has shared memory and onnxruntime's WASM gets a thread per core; Firefox has no such
 * keys (Mozilla bug 1673477), so its background page's worker isn't isolated and runs one thread, and says so.
 * Either way the answer is right.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { wasmThreadsFor } from '../../../src/inference/backend/wasm-threads';
import { type ExtensionSession, launchSession, type TestPage } from '../../support/driver';
import { engineRequest, generateRequest, solidImage, useTestModel } from '../../support/engine-driver';
import { ensureFixture } from '../../support/fixture';
import { type HubServer, startHubServer } from '../../support/hub-server';

describe('cross-origin isolation where the model runs', () => {
  let session: ExtensionSession;
  let hub: HubServer;
  let page: TestPage;

  beforeAll(async () => {
    ensureFixture();
    hub = await startHubServer();
    session = await launchSession();
    await useTestModel(session, hub.url, { backend: 'wasm' });
    page = await session.openExtensionPage('src/options/index.html');
  });
  afterAll(async () => {
    await session?.close();
    await hub?.close();
  });

  test('reports isolation and threads where the sessions are created, and answers', async () => {
    const outcome = await engineRequest(
      page,
      generateRequest(await solidImage(page, [230, 20, 30]), 'What is the cat doing?', 'wasm'),
    );
    expect(outcome.last).toMatchObject({ type: 'done', text: 'a red image about cat.' });
    const ready = outcome.events.find((e) => e.type === 'ready');
    const cores = await page.evaluate(() => navigator.hardwareConcurrency, null);
    const isolated = session.browserName !== 'firefox';
    expect(ready).toMatchObject({
      crossOriginIsolated: isolated,
      wasmThreads: wasmThreadsFor({ crossOriginIsolated: isolated, hardwareConcurrency: cores }).threads,
    });
  });
});
