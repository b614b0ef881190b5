/**
 * Options that steer the on-device engine, in real Chromium (WebGPU on SwiftShader, so Auto picks WebGPU) with the
 * generated test model on a local hub: the Model section's catalog, recommendation and download with progress; the
 * backend policy applying to the next request of the side panel without a reload; the Performance view filling
 * in; and deleting the stored model making the next request download it again.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { downloadPlan, findModel, modelCatalog } from '../../src/inference/model-files/catalog';
import { dtypesFor } from '../../src/inference/model-files/file-choice';
import { type DeviceReport, recommendModel } from '../../src/inference/model-files/recommend';
import type { RequestRecord } from '../../src/monitoring/request-log';
import { formatSize } from '../../src/options/format';
import { useEngineSetup } from '../support/engine-setup';
import { FIXTURE_MODEL_ID } from '../support/fixture';
import { artifactPath } from '../support/harness';
import { png } from '../support/images';
import { askAboutImage } from '../support/side-panel';

const catalog = modelCatalog();
const fixture = findModel(catalog, FIXTURE_MODEL_ID);
if (!fixture) throw new Error('the test model is missing from models/catalog.json');
const WEBGPU_FILES = downloadPlan(fixture, dtypesFor(fixture, 'webgpu', false));
const WASM_FILES = downloadPlan(fixture, dtypesFor(fixture, 'wasm', false));
const ANSWER = 'a red image about something.';

describe('engine settings from the options page', () => {
  const setup = useEngineSetup({ webgpu: true, site: true, settings: { backend: 'auto' } });
  let options: Page;
  /** The Model section's "downloaded and ready" line, or '' while there is none. */
  const downloadDoneText = () =>
    options
      .getByTestId('download-done')
      .innerText()
      .catch(() => '');
  let gallery: Page;
  let redUrl = '';

  const modelChoice = () => options.locator(`label.choice[data-model="${FIXTURE_MODEL_ID}"]`);
  /** The gallery tab's side panel, once asked. */
  let side: Page;
  const panel = () => side.locator('#app');
  const lastAnswer = () => panel().locator('li.vl-a').last();

  /** What the context menu does when "Ask about this image" is clicked on the red image. */
  async function askAboutRed(): Promise<void> {
    side = await askAboutImage(setup.ext, gallery, redUrl);
  }

  async function requestLog(): Promise<RequestRecord[]> {
    return setup.ext.serviceWorker.evaluate(
      async () => ((await chrome.storage.local.get('requestLog')).requestLog ?? []) as RequestRecord[],
    );
  }

  beforeAll(async () => {
    redUrl = setup.site.put('/red.png', { body: png(64, 48, [230, 20, 30, 255]), type: 'image/png' });
    setup.site.put('/gallery.html', {
      type: 'text/html',
      body: `<!doctype html><html><head><title>Gallery</title></head><body>
<img id="red" src="${redUrl}" width="160" height="120" alt="A red square"></body></html>`,
    });
    options = setup.page;
    gallery = await setup.ext.context.newPage();
    await gallery.goto(`${setup.site.origin}/gallery.html`);
  });

  test('the Model section offers the catalog and the configured test model, with sizes and a recommendation for this device', async () => {
    // The same facts the page reads, so the reason shown can be checked word for word.
    const device = await options.evaluate(async (): Promise<DeviceReport> => {
      const adapter = await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' });
      return {
        webgpu: adapter
          ? {
              features: [...adapter.features],
              maxBufferSize: adapter.limits.maxBufferSize,
              maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
              isFallbackAdapter: adapter.info?.isFallbackAdapter ?? false,
            }
          : null,
        deviceMemoryGb: (navigator as Navigator & { deviceMemory?: number }).deviceMemory ?? null,
        hardwareConcurrency: navigator.hardwareConcurrency,
      };
    });
    expect(device.webgpu?.isFallbackAdapter, 'SwiftShader offers a software adapter').toBe(true);
    const expected = recommendModel(catalog, device);
    // The backend Automatic runs, decided once for the engine, the sizes and the advice: the software adapter counts.
    expect(expected.backend).toBe('webgpu');
    // Auto would take the software adapter, so the page says how to follow the advice.
    await expect
      .poll(() => options.getByTestId('model-recommendation').innerText())
      .toMatch(/Choose “WebAssembly only” below: WebGPU here runs on the processor and is slower\.$/);
    expect(await options.getByTestId('model-recommendation-details').textContent()).toBe(expected.reason);
    const recommended = options.locator(`label.choice[data-model="${expected.modelId}"]`);
    expect(await recommended.innerText()).toContain('Recommended for this device');

    // Settings name the test model: it is offered and selected, with its exact size for WebGPU without f16.
    expect(await modelChoice().locator('input').isChecked()).toBe(true);
    expect(await modelChoice().innerText()).toContain(`${formatSize(WEBGPU_FILES.totalBytes)} download`);
    // Every user model is listed with what it costs on this device (estimated sizes say "about").
    for (const model of catalog.models.filter((m) => !m.testOnly)) {
      const plan = downloadPlan(model, dtypesFor(model, 'webgpu', false));
      const choice = options.locator(`label.choice[data-model="${model.id}"]`);
      expect(await choice.innerText()).toContain(model.label);
      expect(await choice.innerText()).toContain(
        `${plan.exact ? '' : 'About '}${formatSize(plan.totalBytes)} download`,
      );
    }
    await options.locator('section#model').screenshot({ path: artifactPath('options-model-catalog.png') });
  });

  test('"Download now" fetches the model ahead of time with progress in bytes, then it is ready and listed as stored', async () => {
    setup.hub.clearLog();
    // Slow enough that the progress bar is on screen for a while.
    setup.hub.faults.bytesPerSecond = 60_000;
    await options.getByRole('button', { name: 'Download now' }).click();
    const progress = options.getByTestId('download-progress');
    await expect.poll(() => progress.innerText(), { timeout: 20_000 }).toMatch(/^\d+ kB of \d+ kB \(\d+%\)$/);
    const bar = progress.getByRole('progressbar', { name: `Downloading ${FIXTURE_MODEL_ID}` });
    expect(Number(await bar.getAttribute('max'))).toBeGreaterThanOrEqual(WEBGPU_FILES.totalBytes);
    expect(await options.getByRole('button', { name: 'Stop download' }).isVisible()).toBe(true);

    await expect
      .poll(downloadDoneText, { timeout: 60_000 })
      .toBe(`${FIXTURE_MODEL_ID} is downloaded and ready on WebGPU.`);
    setup.hub.faults.bytesPerSecond = null;
    for (const file of WEBGPU_FILES.files)
      expect(setup.hub.fileRequests(file.path).length).toBeGreaterThan(0);
    const stored = options.locator(`[data-testid="cache-list"] li[data-model="${FIXTURE_MODEL_ID}"]`);
    await expect.poll(() => stored.innerText().catch(() => '')).toMatch(/^\d+ files, \d+ kB$/m);
    expect(await modelChoice().innerText()).toContain('Downloaded');
    await options.locator('section#model').screenshot({ path: artifactPath('options-model-ready.png') });
  });

  test('Auto answers on WebGPU; choosing "WebAssembly only" makes the next request run on WASM, with no reload', async () => {
    // "Download now" was the consent: the panel answers at once instead of asking.
    await askAboutRed();
    await expect.poll(() => lastAnswer().textContent(), { timeout: 60_000 }).toBe(ANSWER);
    await expect.poll(() => panel().getByTestId('engine-line').textContent()).toMatch(/^WebGPU · \d+ tok\/s/);

    await options.getByRole('radio', { name: /WebAssembly only/ }).check();
    await expect
      .poll(() => options.getByTestId('save-status').innerText())
      .toBe('Backend set to WebAssembly only. It applies to the next request.');

    await askAboutRed();
    await expect.poll(() => lastAnswer().textContent(), { timeout: 60_000 }).toBe(ANSWER);
    await expect.poll(() => panel().getByTestId('engine-line').textContent()).toMatch(/^WASM · \d+ tok\/s/);

    // The background records a request just after its last event; wait for it.
    await expect
      .poll(async () => (await requestLog()).slice(-2).map((r) => [r.outcome, r.backend]))
      .toEqual([
        ['done', 'webgpu'],
        ['done', 'wasm'],
      ]);
  });

  test('the Performance view lists each request with its backend, time to first token and speed', async () => {
    const log = await requestLog();
    const rows = options.locator('[data-testid="request-log"] tbody tr');
    await expect.poll(() => rows.count()).toBe(log.length);
    // Newest first: the WASM request, then the WebGPU one.
    const cells = async (i: number) => rows.nth(i).locator('td').allInnerTexts();
    const [wasm, webgpu] = [await cells(0), await cells(1)];
    expect(wasm.slice(1, 3)).toEqual([FIXTURE_MODEL_ID, 'WASM']);
    expect(webgpu.slice(1, 3)).toEqual([FIXTURE_MODEL_ID, 'WebGPU']);
    for (const row of [wasm, webgpu]) {
      expect(row[4], 'time to first token').toMatch(/^\d+ ms$|^\d+\.\d\d s$/);
      expect(row[5], 'speed').toMatch(/^\d+\.\d tok\/s$/);
      expect(row[6], 'tokens').toBe('7');
      expect(row[7]).toBe('Done');
    }
    const totals = await options.getByTestId('performance-totals').innerText();
    expect(totals).toMatch(/WebGPU \/ WASM\s+1 \/ 1/);
    await options
      .locator('section#performance')
      .screenshot({ path: artifactPath('options-performance-runs.png') });
  });

  test('the default prompt and maximum new tokens saved in Options apply to the next request; bad values are refused', async () => {
    const status = options.getByTestId('save-status');
    const maxTokens = options.getByLabel('Maximum new tokens');
    const prompt = options.getByLabel('Default prompt');
    // Each field saves when committed (Enter, or leaving it); there is no Save button.
    await maxTokens.fill('0');
    await maxTokens.press('Enter');
    expect(await options.locator('#max-new-tokens-error').innerText()).toBe(
      'Enter a whole number from 1 to 1024.',
    );
    expect(await maxTokens.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => status.innerText()).toBe('Enter a whole number from 1 to 1024.');

    // Put back to the stored value: nothing to save, and the status line's complaint is over.
    await maxTokens.fill('24');
    await maxTokens.press('Enter');
    await expect.poll(() => status.innerText()).toBe('Maximum new tokens stays 24.');
    expect(await maxTokens.getAttribute('aria-invalid')).toBeNull();
    expect(await options.locator('#max-new-tokens-error').count()).toBe(0);
    // The test model echoes a word of the question, so the answer shows which prompt reached it.
    await prompt.fill('What is the bird doing?');
    await prompt.press('Tab');
    await expect.poll(() => status.innerText()).toBe('Default prompt saved. It applies to the next request.');
    await askAboutRed();
    await expect.poll(() => lastAnswer().textContent(), { timeout: 60_000 }).toBe('a red image about bird.');

    await maxTokens.fill('3');
    await maxTokens.press('Tab');
    await expect
      .poll(() => status.innerText())
      .toBe('Maximum new tokens set to 3. It applies to the next request.');
    await expect.poll(async () => (await requestLog()).length).toBe(3);
    await askAboutRed();
    await expect.poll(async () => (await requestLog()).at(-1)?.tokens ?? 0, { timeout: 60_000 }).toBe(3);
    const short = (await lastAnswer().textContent()) ?? '';
    expect(short.length).toBeGreaterThan(0);
    expect('a red image about bird.'.startsWith(short.trim())).toBe(true);
    expect(short.trim()).not.toBe('a red image about bird.');

    // Back to what the following tests expect.
    await maxTokens.fill('24');
    await maxTokens.press('Enter');
    await prompt.fill('Describe this image.');
    await prompt.press('Enter');
    await expect
      .poll(() =>
        setup.ext.serviceWorker.evaluate(async () => {
          const stored = (await chrome.storage.sync.get('settings')).settings as
            | { maxNewTokens?: number; defaultPrompt?: string }
            | undefined;
          return [stored?.maxNewTokens, stored?.defaultPrompt];
        }),
      )
      .toEqual([24, 'Describe this image.']);
  });

  test('deleting the stored model in Options makes the next request download it again, with progress', async () => {
    const deleteButton = options.getByRole('button', { name: `Delete ${FIXTURE_MODEL_ID} from this device` });
    await deleteButton.click();
    await expect
      .poll(() =>
        options
          .getByTestId('cache-empty')
          .isVisible()
          .catch(() => false),
      )
      .toBe(true);
    const left = await options.evaluate(async (id) => {
      const cache = await caches.open('transformers-cache');
      return (await cache.keys()).filter((r) => r.url.includes(id)).length;
    }, FIXTURE_MODEL_ID);
    expect(left).toBe(0);

    // The engine still held the model in memory from the last answer: unless Delete unloads it too, the next
    // request fetches nothing and this test fails.
    setup.hub.clearLog();
    setup.hub.faults.bytesPerSecond = 60_000;
    await askAboutRed();
    // Delete means delete: the agreement to download went with the files, so the panel asks again first.
    await panel().getByRole('button', { name: 'Download and describe' }).click({ timeout: 20_000 });
    const progress = panel().locator('.vl-progress');
    await expect
      .poll(() => progress.textContent().catch(() => ''), { timeout: 20_000 })
      .toMatch(/^Downloading Tiny SmolVLM \(test model\): .+ of .+/);
    await expect.poll(() => lastAnswer().textContent(), { timeout: 60_000 }).toBe(ANSWER);
    setup.hub.faults.bytesPerSecond = null;
    // Backend is still "WebAssembly only": the WASM files came from the hub again.
    for (const file of WASM_FILES.files) expect(setup.hub.fileRequests(file.path).length).toBeGreaterThan(0);
    await expect.poll(() => panel().getByTestId('engine-line').textContent()).toMatch(/^WASM · /);
    // The options page, still open, lists the model as stored again once the request is logged.
    const stored = options.locator(`[data-testid="cache-list"] li[data-model="${FIXTURE_MODEL_ID}"]`);
    await expect.poll(() => stored.innerText().catch(() => ''), { timeout: 15_000 }).toMatch(/\d+ files/);
  });

  test('"Stop download" stops a download ahead of time; "Download now" then finishes it', async () => {
    await options.getByRole('button', { name: `Delete ${FIXTURE_MODEL_ID} from this device` }).click();
    await expect
      .poll(() =>
        options
          .getByTestId('cache-empty')
          .isVisible()
          .catch(() => false),
      )
      .toBe(true);
    setup.hub.clearLog();
    setup.hub.faults.bytesPerSecond = 5_000;
    await options.getByRole('button', { name: 'Download now' }).click();
    await expect
      .poll(
        () =>
          options
            .getByTestId('download-progress')
            .innerText()
            .catch(() => ''),
        { timeout: 20_000 },
      )
      .toMatch(/^\d+ kB of \d+ kB/);
    await options
      .locator('section#model')
      .screenshot({ path: artifactPath('options-model-downloading.png') });
    await options.getByRole('button', { name: 'Stop download' }).click();
    await expect
      .poll(
        () =>
          options
            .getByTestId('download-stopped')
            .isVisible()
            .catch(() => false),
        { timeout: 15_000 },
      )
      .toBe(true);
    expect(await options.getByRole('button', { name: 'Download now' }).isEnabled()).toBe(true);

    setup.hub.faults.bytesPerSecond = null;
    await options.getByRole('button', { name: 'Download now' }).click();
    await expect
      .poll(downloadDoneText, { timeout: 60_000 })
      .toBe(`${FIXTURE_MODEL_ID} is downloaded and ready on WASM (CPU). WASM was chosen in settings.`);
  });
});
