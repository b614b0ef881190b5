/**
 * Cross-origin isolation (the manifest's COEP `credentialless` + COOP `same-origin`): the worker that creates the
 * model's sessions is isolated, so onnxruntime-web's WASM backend runs on every core (its threads share memory),
 * and what the isolation could break still works: a page's cross-origin images (no CORP header) in the popup's
 * grid, and the engine fetching such an image for the model.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { wasmThreadsFor } from '../../src/inference/backend/wasm-threads';
import {
  engineRequest,
  generateRequest,
  requestId,
  solidImage,
  useTestModel,
} from '../support/engine-driver';
import { ensureFixture, FIXTURE_MODEL_ID } from '../support/fixture';
import { artifactPath, type LoadedExtension, launchExtension } from '../support/harness';
import { type HubServer, startHubServer } from '../support/hub-server';
import { type ImageServer, startImageServer } from '../support/image-server';
import { png } from '../support/images';

const PAGE = 'https://huggingface.co/HuggingFaceTB/SmolVLM-Instruct';
/** Another site than the page, serving its image with no Cross-Origin-Resource-Policy header. */
const PAGE_IMAGE = 'https://images.example.net/chart.png';

describe('cross-origin isolation where the model runs', () => {
  let ext: LoadedExtension;
  let hub: HubServer;
  let page: Page;
  let images: ImageServer;
  /** The same picture on a 127.0.0.1 server, for the engine's own fetch (which the browser's routing doesn't see). */
  let image: string;

  beforeAll(async () => {
    ensureFixture();
    hub = await startHubServer();
    ext = await launchExtension();
    await useTestModel(ext, hub.url, { backend: 'wasm' });
    images = await startImageServer();
    const chart = png(160, 120, [20, 40, 240, 255]);
    image = images.route('/chart.png', { body: chart, type: 'image/png' });
    await ext.context.route(PAGE_IMAGE, (route) =>
      route.fulfill({ status: 200, contentType: 'image/png', body: chart }),
    );
    await ext.context.route(PAGE, (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/html',
        body: `<!doctype html><title>Card</title><h1>Model card</h1><img src="${PAGE_IMAGE}" width="240" height="180" alt="a chart">`,
      }),
    );
    page = await ext.openExtensionPage('src/options/index.html');
  });
  afterAll(async () => {
    await ext?.close();
    await hub?.close();
    await images?.close();
  });

  test('the model worker is cross-origin isolated and WASM gets a thread per core', async () => {
    const load = await engineRequest(page, {
      type: 'load',
      requestId: requestId('load'),
      modelId: FIXTURE_MODEL_ID,
      backend: 'wasm',
    });
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    expect(load.last).toMatchObject({
      type: 'ready',
      backend: 'wasm',
      crossOriginIsolated: true,
      wasmThreads: wasmThreadsFor({ crossOriginIsolated: true, hardwareConcurrency: cores }).threads,
    });
    if (load.last.type === 'ready') expect(load.last.wasmThreads).toBeGreaterThan(1);
    // The threaded runtime really answers (its threads load from the extension; the CSP is unchanged).
    const answer = await engineRequest(
      page,
      generateRequest(await solidImage(page, [230, 20, 30]), 'What is the cat doing?', 'wasm'),
    );
    expect(answer.last).toMatchObject({ type: 'done', text: 'a red image about cat.' });
    // Extension pages are isolated too (one policy for the origin), and still render.
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await expect.poll(() => page.locator('h1').first().textContent()).toBeTruthy();
  });

  test("the popup still shows a page's cross-origin images, and the engine still fetches one", async () => {
    const site = await ext.context.newPage();
    await site.goto(PAGE);
    const tabId = await ext.serviceWorker.evaluate(
      async (u) => (await chrome.tabs.query({ url: u }))[0]?.id ?? -1,
      PAGE,
    );
    // Opened by its toolbar button, which gives it the tab's page (activeTab).
    await ext.grantTabAccess(site);
    const popup = await ext.context.newPage();
    await popup.setViewportSize({ width: 380, height: 700 });
    await popup.goto(`chrome-extension://${ext.extensionId}/src/popup/index.html?tabId=${tabId}`);
    await popup.locator('button.demo-entry').click({ timeout: 15_000 });
    const section = popup.locator('[data-slot="page-tools"]');
    const thumbnail = section.getByRole('list', { name: 'Images on this page' }).locator('img').first();
    // The grid's thumbnails load lazily: bring this one into view.
    await thumbnail.scrollIntoViewIfNeeded();
    // Under COEP `require-corp` this image (no CORP header) would be blocked and show nothing.
    await expect
      .poll(() => thumbnail.evaluate((img) => (img as HTMLImageElement).naturalWidth), { timeout: 10_000 })
      .toBe(160);
    await popup.screenshot({ path: artifactPath('popup-cross-origin-image.png'), fullPage: true });
    const answer = await engineRequest(page, generateRequest(image, 'What is in the picture?', 'wasm'));
    expect(answer.last).toMatchObject({ type: 'done', text: 'a blue image about picture.' });
  });
});
