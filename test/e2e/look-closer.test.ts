/**
 * Image detail chosen by this device's measured speed, as a person sees it: the first answer on an unmeasured
 * device looks at one 512 px view and says so, with "Look closer" (every view) in the side panel and in the
 * popup demo; once answers have measured the device (the test model is fast everywhere), the next image gets
 * every view by itself. Also: Automatic picks the backend measured faster here and says why.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import type { RequestRecord } from '../../src/monitoring/request-log';
import {
  engineRequest,
  generateRequest,
  requestId,
  solidImage,
  useTestModel,
} from '../support/engine-driver';
import { useEngineSetup } from '../support/engine-setup';
import { FIXTURE_MODEL_ID } from '../support/fixture';
import { artifactPath } from '../support/harness';
import { png } from '../support/images';
import { openPopup } from '../support/popup';
import { askAboutImage } from '../support/side-panel';

/** 64×48 → the test model's processor scales it to 64 px and cuts 32 px tiles: 2×2 + the global view. */
const SPLIT_VIEWS = 5;

describe('image detail by measured speed', () => {
  const setup = useEngineSetup({ webgpu: true, site: true, pagePath: null, settings: { backend: 'wasm' } });
  let page: Page;
  const urls: Record<string, string> = {};

  async function forgetMeasurements(): Promise<void> {
    await setup.ext.serviceWorker.evaluate(() => chrome.storage.local.remove('requestLog'));
  }

  /** The side panel of the last "Ask about this image". */
  let side: Page;

  async function askAbout(srcUrl: string): Promise<void> {
    side = await askAboutImage(setup.ext, page, srcUrl);
  }

  const panel = () => side.locator('#app');

  beforeAll(async () => {
    urls.red = setup.site.put('/red.png', { body: png(64, 48, [230, 20, 30, 255]), type: 'image/png' });
    urls.blue = setup.site.put('/blue.png', { body: png(64, 48, [20, 40, 240, 255]), type: 'image/png' });
    setup.site.put('/page.html', {
      type: 'text/html',
      body: `<!doctype html><title>Pictures</title><img src="${urls.red}" width="160" height="120" alt="red">
<img src="${urls.blue}" width="160" height="120" alt="blue">`,
    });
    page = await setup.ext.context.newPage();
    await page.goto(`${setup.site.origin}/page.html`);
  });

  test('in the panel: one view first, "Look closer" for every view, then every view once measured', async () => {
    await forgetMeasurements();
    await askAbout(urls.red ?? '');
    // No wait guessed from the browser's bandwidth hint (Chromium caps it at 10 Mbps): the live rate shows once
    // bytes flow.
    expect(await panel().getByTestId('download-wait').count()).toBe(0);
    await panel().getByRole('button', { name: 'Download and describe' }).click();
    const detail = panel().getByTestId('answer-detail');
    await expect.poll(() => detail.textContent(), { timeout: 30_000 }).toBe('Looked at one 512 px view.');
    expect(await panel().locator('li.vl-a').last().textContent()).toBe('a red image about something.');
    // Plain words by default: the view and its pixels are behind the footer's disclosure, Look closer is not.
    expect(await panel().locator('.vl-details [data-testid=answer-detail]').count()).toBe(1);
    expect(await detail.isVisible()).toBe(false);
    expect(await panel().innerText()).not.toMatch(/512 px|\bviews?\b/);
    // Nothing measured this device, yet the button says how long every view would take: a probe's estimate.
    const closer = panel().getByRole('button', {
      name: /^Look closer \(every part of the picture, (under a second|about \d+ s)\)$/,
    });
    expect(await closer.isVisible()).toBe(true);
    await side.screenshot({ path: artifactPath('panel-look-closer.png') });
    await panel().getByTestId('engine-plain').click();
    expect(await detail.isVisible()).toBe(true);
    await side.screenshot({ path: artifactPath('panel-look-closer-details.png') });
    await closer.click();
    await expect
      .poll(() => detail.textContent(), { timeout: 30_000 })
      .toBe(`Looked at all ${SPLIT_VIEWS} views.`);
    // The closer look answers the same question again in place of the one-view answer.
    expect(await panel().locator('li.vl-a').allTextContents()).toEqual(['a red image about something.']);
    expect(await panel().getByTestId('look-closer').count()).toBe(0);

    // Two answers measured this device: the next image gets every view without asking, and says so.
    await askAbout(urls.blue ?? '');
    await expect
      .poll(() => panel().getByTestId('answer-detail').textContent(), { timeout: 30_000 })
      .toBe(`Looked at all ${SPLIT_VIEWS} views.`);
    expect(await panel().locator('li.vl-a').last().textContent()).toBe('a blue image about something.');
    const log = (await setup.ext.serviceWorker.evaluate(
      async () => (await chrome.storage.local.get('requestLog')).requestLog,
    )) as RequestRecord[];
    expect(log.map((r) => r.detail)).toEqual(['single', 'split', 'split']);
    expect(log.every((r) => r.deviceKey && typeof r.prefillTokensPerSecond === 'number')).toBe(true);
    await side.screenshot({ path: artifactPath('panel-measured-detail.png') });
  });

  test('an unmeasured device gets an expected wait from a quick probe, measured answers after that', async () => {
    await forgetMeasurements();
    const helper = await setup.ext.openExtensionPage('src/options/index.html');
    await engineRequest(helper, { type: 'unload', requestId: requestId('unload') });
    const image = await solidImage(helper, [230, 20, 30], 64, 48);
    const planOf = async () => {
      const outcome = await engineRequest(helper, generateRequest(image, 'A cat?', 'wasm'));
      expect(outcome.last).toMatchObject({ type: 'done', text: 'a red image about cat.' });
      const plan = outcome.events.find((e) => e.type === 'plan');
      if (plan?.type !== 'plan') throw new Error('no plan event');
      return plan.plan;
    };
    const first = await planOf();
    expect(first).toMatchObject({ detail: 'single', views: 1, splitViews: SPLIT_VIEWS });
    expect(first.reason).toBe('one view first: the wait is a quick speed test’s estimate');
    expect(first.expectedWaitMs).toBeGreaterThan(0);
    expect(first.closerWaitMs).toBeGreaterThan(first.expectedWaitMs ?? 0);
    // The first answer measured this device: the next plan's waits are its measurements, not the probe's.
    const second = await planOf();
    expect(second.reason).not.toMatch(/speed test/);
    expect(second.expectedWaitMs).toBeGreaterThan(0);
    await helper.close();
  });

  test('in the popup demo: one view first, then "Look closer"', async () => {
    await forgetMeasurements();
    const inline = `data:image/png;base64,${png(64, 48, [10, 200, 40, 255]).toString('base64')}`;
    const card = 'https://huggingface.co/HuggingFaceTB/SmolVLM-Instruct';
    await setup.ext.context.route(card, (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/html',
        body: `<!doctype html><title>Card</title><h1>Card</h1><img src="${inline}" width="240" height="180" alt="a green chart">`,
      }),
    );
    const tab = await setup.ext.context.newPage();
    await tab.goto(card);
    const popup = await openPopup(setup.ext, tab);
    await popup.locator('button.demo-entry').click({ timeout: 15_000 });
    const section = popup.locator('[data-slot="page-tools"]');
    await section.getByRole('button', { name: 'Describe a green chart' }).click();
    const detail = section.getByTestId('answer-detail');
    await expect.poll(() => detail.textContent(), { timeout: 30_000 }).toBe('Looked at one 512 px view.');
    expect(await detail.isVisible()).toBe(false);
    expect(await section.innerText()).not.toMatch(/512 px/);
    await section.getByRole('button', { name: /^Look closer \(every part of the picture/ }).click();
    await expect
      .poll(() => detail.textContent(), { timeout: 30_000 })
      .toBe(`Looked at all ${SPLIT_VIEWS} views.`);
    expect(await section.locator('li.vl-a').allTextContents()).toEqual(['a green image about something.']);
    await popup.screenshot({ path: artifactPath('popup-look-closer.png') });
  });

  test('Automatic: each backend measured once, then the faster one first, with the reason', async () => {
    await forgetMeasurements();
    await useTestModel(setup.ext, setup.hub.url, { backend: 'auto' });
    const helper = await setup.ext.openExtensionPage('src/options/index.html');
    const image = await solidImage(helper, [230, 20, 30]);
    const readyOf = async () => {
      await engineRequest(helper, { type: 'unload', requestId: requestId('unload') });
      const outcome = await engineRequest(
        helper,
        generateRequest(image, 'A cat?', 'auto', { detail: 'split' }),
      );
      const ready = outcome.events.find((e) => e.type === 'ready');
      if (ready?.type !== 'ready') throw new Error('no ready event');
      expect(outcome.last).toMatchObject({ type: 'done', text: 'a red image about cat.' });
      return ready;
    };
    // Nothing measured: the usual order (WebGPU first); then WASM once, to compare.
    expect(await readyOf()).toMatchObject({ backend: 'webgpu', fallbackReason: null });
    expect(await readyOf()).toMatchObject({
      backend: 'wasm',
      fallbackReason: expect.stringMatching(/^Measuring WASM/),
    });
    const chosen = await readyOf();
    expect(chosen.fallbackReason).toMatch(/^(WASM|WebGPU): \d+\.\d× faster than (WebGPU|WASM) here\.$/);
    // The reason names the backend that runs.
    expect(chosen.fallbackReason?.startsWith(chosen.backend === 'wasm' ? 'WASM' : 'WebGPU')).toBe(true);
    const log = (await setup.ext.serviceWorker.evaluate(
      async () => (await chrome.storage.local.get('requestLog')).requestLog,
    )) as RequestRecord[];
    expect(log.map((r) => r.backend)).toEqual(['webgpu', 'wasm', chosen.backend]);
    expect(log.every((r) => r.modelId === FIXTURE_MODEL_ID)).toBe(true);
    await useTestModel(setup.ext, setup.hub.url, { backend: 'wasm' });
  });

  test('Options: Performance keeps the measurements; the keep-alive follows the measured reload and is a setting', async () => {
    const options = await setup.ext.openExtensionPage('src/options/index.html#performance');
    const measured = options.getByTestId('measured-speed');
    await measured.waitFor();
    const rows = await measured.locator('tbody tr').allTextContents();
    expect(rows.some((r) => r.includes('WebGPU'))).toBe(true);
    expect(rows.some((r) => r.includes('WASM'))).toBe(true);
    expect(await options.getByTestId('automatic-choice').textContent()).toMatch(
      /^Automatic runs .+ on (WASM|WebGPU): \d+\.\d× faster than (WebGPU|WASM) here\.$/,
    );
    const keepAlive = options.getByLabel('Keep the model loaded when idle for');
    // A short option; the measured reason is said once, under the control.
    expect(await keepAlive.locator('option[value="0"]').textContent()).toMatch(
      /^Automatic \(\d+ minutes?\)$/,
    );
    expect(await options.getByTestId('keep-alive-hint').textContent()).toMatch(
      /^Automatic keeps it for \d+ minutes?: reloading the model takes \d+\.\d s here\.$/,
    );
    await options.screenshot({ path: artifactPath('options-measured-speed.png'), fullPage: true });
    await keepAlive.selectOption('15');
    await expect
      .poll(() =>
        setup.ext.serviceWorker.evaluate(async () => (await chrome.storage.sync.get('settings')).settings),
      )
      .toMatchObject({ keepAliveMinutes: 15 });
    // The next request carries it to the engine host, which keeps the model that long.
    const helper = await setup.ext.openExtensionPage('src/options/index.html');
    await engineRequest(helper, generateRequest(await solidImage(helper, [10, 200, 40]), 'A cat?', 'wasm'));
    const status = await engineRequest(helper, { type: 'status', requestId: requestId('status') });
    expect(status.last).toMatchObject({ type: 'status', status: { keepAliveMs: 15 * 60_000 } });
  });
});
