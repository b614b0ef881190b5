/**
 * Cross-origin isolation (the manifest's COEP `credentialless` + COOP `same-origin`): the worker that creates the
 * model's sessions is isolated, so onnxruntime-web's WASM backend runs on every core (its threads share memory),
 * and what the isolation could break still works: a page's cross-origin images (no CORP header) in the popup's
 * grid, and the engine fetching such an image for the model.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { wasmThreadsFor } from '../../src/inference/backend/wasm-threads';
import { engineRequest, generateRequest, requestId, solidImage } from '../support/engine-driver';
import { useEngineSetup } from '../support/engine-setup';
import { FIXTURE_MODEL_ID } from '../support/fixture';
import { artifactPath } from '../support/harness';
import { type ImageServer, startImageServer } from '../support/image-server';
import { png } from '../support/images';
import { openPopup } from '../support/popup';

const PAGE = 'https://huggingface.co/HuggingFaceTB/SmolVLM-Instruct';
/** Another site than the page, serving its image with no Cross-Origin-Resource-Policy header. */
const PAGE_IMAGE = 'https://images.example.net/chart.png';

describe('cross-origin isolation where the model runs', () => {
  const setup = useEngineSetup({ settings: { backend: 'wasm' } });
  let images: ImageServer;
  /** The same picture on a 127.0.0.1 server, for the engine's own fetch (which the browser's routing doesn't see). */
  let image: string;

  beforeAll(async () => {
    images = await startImageServer();
    const chart = png(160, 120, [20, 40, 240, 255]);
    image = images.route('/chart.png', { body: chart, type: 'image/png' });
    await setup.ext.context.route(PAGE_IMAGE, (route) =>
      route.fulfill({ status: 200, contentType: 'image/png', body: chart }),
    );
    await setup.ext.context.route(PAGE, (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/html',
        body: `<!doctype html><title>Card</title><h1>Model card</h1><img src="${PAGE_IMAGE}" width="240" height="180" alt="a chart">`,
      }),
    );
  });
  afterAll(async () => {
    await images?.close();
  });

  test('the model worker is cross-origin isolated and WASM gets a thread per core', async () => {
    const load = await engineRequest(setup.page, {
      type: 'load',
      requestId: requestId('load'),
      modelId: FIXTURE_MODEL_ID,
      backend: 'wasm',
    });
    const cores = await setup.page.evaluate(() => navigator.hardwareConcurrency);
    expect(load.last).toMatchObject({
      type: 'ready',
      backend: 'wasm',
      crossOriginIsolated: true,
      wasmThreads: wasmThreadsFor({ crossOriginIsolated: true, hardwareConcurrency: cores }).threads,
    });
    if (load.last.type === 'ready') expect(load.last.wasmThreads).toBeGreaterThan(1);
    // The threaded runtime really answers (its threads load from the extension; the CSP is unchanged).
    const answer = await engineRequest(
      setup.page,
      generateRequest(await solidImage(setup.page, [230, 20, 30]), 'What is the cat doing?', 'wasm'),
    );
    expect(answer.last).toMatchObject({ type: 'done', text: 'a red image about cat.' });
    // Extension pages are isolated too (one policy for the origin), and still render.
    expect(await setup.page.evaluate(() => crossOriginIsolated)).toBe(true);
    await expect.poll(() => setup.page.locator('h1').first().textContent()).toBeTruthy();
  });

  test("the popup still shows a page's cross-origin images, and the engine still fetches one", async () => {
    const site = await setup.ext.context.newPage();
    await site.goto(PAGE);
    const popup = await openPopup(setup.ext, site);
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
    const answer = await engineRequest(setup.page, generateRequest(image, 'What is in the picture?', 'wasm'));
    expect(answer.last).toMatchObject({ type: 'done', text: 'a blue image about picture.' });
  });
});
