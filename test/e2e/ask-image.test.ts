/**
 * "Ask about this image" as a person uses it, in real Chromium with the built extension and the generated test
 * model: the menu's handler opens the tab's side panel about an image on a page from one local server showing an
 * image from another; consent, streamed answer, follow-up, stop; the panel naming the page and image and outliving
 * navigation in the tab; a new right-click replacing the conversation; every kind of image; bad images; hostile
 * page CSS; and a network log showing the image goes nowhere but the model.
 */
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { downloadPlan, findModel, modelCatalog } from '../../src/inference/model-files/catalog';
import { dtypesFor } from '../../src/inference/model-files/file-choice';
import { megabytes } from '../../src/ui/format';
import { useTestModel } from '../support/engine-driver';
import { useEngineSetup } from '../support/engine-setup';
import { FIXTURE_MODEL_ID } from '../support/fixture';
import { artifactPath } from '../support/harness';
import { png, svg } from '../support/images';
import { askAboutImage, recordSidePanelCalls, sidePanelCalls, tabIdOf } from '../support/side-panel';
import { type SiteServer, startSiteServer } from '../support/site-server';
import { browserImage } from './browser-images';

const fixture = findModel(modelCatalog(), FIXTURE_MODEL_ID);
if (!fixture) throw new Error('the test model is missing from models/catalog.json');
/** What the consent names: the test model's files for WASM, the backend these tests start on. */
const WASM_DOWNLOAD = megabytes(downloadPlan(fixture, dtypesFor(fixture, 'wasm', false)).totalBytes);
const GREEN_PNG_DATA_URL = `data:image/png;base64,${png(40, 40, [10, 200, 40, 255]).toString('base64')}`;

describe('Ask about this image', () => {
  const network: Request[] = [];
  const setup = useEngineSetup({
    webgpu: true,
    site: true,
    pagePath: null,
    settings: { backend: 'wasm' },
    onLaunch: async (ext) => {
      ext.context.on('request', (r) => network.push(r));
      await recordSidePanelCalls(ext);
    },
  });
  let images: SiteServer;
  let page: Page;
  const urls: Record<string, string> = {};

  /** The side panel of the tab last asked about. */
  let side: Page;

  /** What the context menu does when clicked on the image at `srcUrl`. */
  async function askAbout(target: Page, srcUrl: string): Promise<void> {
    side = await askAboutImage(setup.ext, target, srcUrl);
  }

  const panel = (_target?: Page) => side.locator('#app');
  const answers = (target?: Page) => panel(target).locator('li.vl-a');

  beforeAll(async () => {
    images = await startSiteServer();
    const helper = await setup.ext.openExtensionPage('src/options/index.html');
    urls.red = images.put('/red.png', { body: png(64, 48, [230, 20, 30, 255]), type: 'image/png' });
    urls.svg = images.put('/blue.svg', { body: svg(48, 48, 'rgb(20,40,240)'), type: 'image/svg+xml' });
    urls.huge = images.put('/huge.jpg', {
      body: await browserImage(helper, 'image/jpeg', 6000, 4000, 'rgb(10,200,40)'),
      type: 'image/jpeg',
    });
    urls.missing = `${images.origin}/missing.png`;
    urls.corrupt = images.put('/corrupt.png', {
      body: png(32, 32, [1, 2, 3, 255]).subarray(0, 60),
      type: 'image/png',
    });
    urls.pixel = images.put('/pixel.png', { body: png(1, 1, [0, 0, 0, 255]), type: 'image/png' });
    await helper.close();
    const imgs = ['red', 'svg', 'huge', 'missing', 'corrupt', 'pixel']
      .map((k) => `<img id="${k}" src="${urls[k]}" width="120" height="90" alt="${k}">`)
      .join('\n');
    setup.site.put('/gallery.html', {
      type: 'text/html',
      body: `<!doctype html><html><head><title>Gallery</title></head><body>
<button id="before">Focus me</button>
${imgs}
<img id="data" src="${GREEN_PNG_DATA_URL}" width="60" height="60" alt="data">
<img id="blob" width="60" height="60" alt="blob">
<script>
  const c = document.createElement('canvas'); c.width = 50; c.height = 40;
  const g = c.getContext('2d'); g.fillStyle = 'rgb(20,40,240)'; g.fillRect(0, 0, 50, 40);
  c.toBlob((b) => { document.getElementById('blob').src = URL.createObjectURL(b); });
</script></body></html>`,
    });
    setup.site.put('/hostile.html', {
      type: 'text/html',
      body: `<!doctype html><html><head><title>Hostile</title><style>
* { all: unset !important; }
#overlay { position: fixed !important; inset: 0 !important; z-index: 2147483647 !important; background: rgba(0,0,0,.4) !important; display: block !important; }
</style></head><body><img id="red" src="${urls.red}" width="200" height="150" alt="red"><div id="overlay"></div></body></html>`,
    });
    page = await setup.ext.context.newPage();
    await page.goto(`${setup.site.origin}/gallery.html`);
    await page.waitForFunction(
      () =>
        (document.getElementById('blob') as HTMLImageElement).complete &&
        (document.getElementById('blob') as HTMLImageElement).src.startsWith('blob:'),
    );
  });
  afterAll(async () => {
    await images?.close();
  });

  test('the menu opens the tab’s own side panel: its options point at the tab, and the open call is made', async () => {
    await askAbout(page, urls.red ?? '');
    const tabId = await tabIdOf(setup.ext, page);
    const options = await setup.ext.serviceWorker.evaluate(
      (tabId) => chrome.sidePanel.getOptions({ tabId }),
      tabId,
    );
    expect(options).toMatchObject({ path: `src/sidepanel/index.html?tab=${tabId}`, enabled: true });
    const calls = await sidePanelCalls(setup.ext);
    expect(calls.at(-1)?.options).toEqual({ tabId });
    // From automation there is no user gesture, which Chromium requires: the call was really made, and refused.
    expect(calls.at(-1)?.outcome).toMatch(/user gesture/);
  });

  test('first use asks for consent with the model and its size, then streams the answer in the side panel', async () => {
    await askAbout(page, urls.red ?? '');
    await expect
      .poll(() => panel(page).textContent())
      .toContain(`Download Tiny SmolVLM (test model) (${WASM_DOWNLOAD})`);
    // Focus starts on the one thing to do.
    expect(await side.evaluate(() => document.activeElement?.textContent)).toBe('Download and describe');
    await panel(page).screenshot({ path: artifactPath('panel-consent-light.png') });
    // A slow hub, so the download's progress bar can be seen.
    setup.hub.faults.bytesPerSecond = 60_000;
    await panel(page).getByRole('button', { name: 'Download and describe' }).click();
    await panel(page)
      .getByRole('progressbar', { name: /Downloading Tiny SmolVLM/ })
      .waitFor({ timeout: 30_000 });
    await expect
      .poll(() => panel(page).textContent())
      .toMatch(/Downloading Tiny SmolVLM \(test model\): \d+ kB of 2\d\d kB/);
    await panel(page).screenshot({ path: artifactPath('panel-downloading-light.png') });
    setup.hub.faults.bytesPerSecond = null;
    await expect
      .poll(() => answers(page).last().textContent(), { timeout: 30_000 })
      .toBe('a red image about something.');
    // Nothing of the conversation is in the page.
    expect(await page.evaluate(() => document.documentElement.outerHTML)).not.toContain('a red image');
    await expect
      .poll(() => panel(page).getByTestId('engine-line').textContent())
      .toMatch(/^WASM · \d+ tok\/s/);
    await panel(page).screenshot({ path: artifactPath('panel-answer-light.png') });
  });

  test('a follow-up question about the same image gets an answer that depends on the question', async () => {
    await panel(page)
      .getByRole('textbox', { name: 'Question about this image' })
      .fill('What is the cat doing?');
    await panel(page).getByRole('textbox', { name: 'Question about this image' }).press('Enter');
    await expect
      .poll(() => answers(page).last().textContent(), { timeout: 30_000 })
      .toBe('a red image about cat.');
    expect(await answers(page).count()).toBe(2);
    await side.emulateMedia({ colorScheme: 'dark' });
    await panel(page).screenshot({ path: artifactPath('panel-answer-dark.png') });
    await side.emulateMedia({ colorScheme: 'light' });
  });

  test('the panel names the page and the image, and keeps the conversation while the tab scrolls and navigates', async () => {
    expect(await panel(page).getByTestId('ask-source').textContent()).toBe(
      `From Gallery (${new URL(setup.site.origin).host}): red.png`,
    );
    const before = await answers(page).allTextContents();
    await page.mouse.wheel(0, 400);
    await page.evaluate(() => history.pushState(null, '', '#elsewhere'));
    await page.goto(`${setup.site.origin}/hostile.html`);
    await page.goBack();
    // The gallery made its blob: image again; later tests ask about it.
    await page.waitForFunction(() =>
      (document.getElementById('blob') as HTMLImageElement).src.startsWith('blob:'),
    );
    expect(await answers(page).allTextContents()).toEqual(before);
    expect(await panel(page).getByTestId('ask-source').textContent()).toContain('red.png');
  });

  test('a new right-click on another image replaces the conversation, with focus on the question', async () => {
    const before = await panel(page).getAttribute('data-ask-id');
    await askAbout(page, urls.svg ?? '');
    expect(await side.locator('[data-ask-id]').getAttribute('data-ask-id')).not.toBe(before);
    expect(await panel(page).getByTestId('ask-source').textContent()).toContain('blue.svg');
    await expect
      .poll(() => answers(page).allTextContents(), { timeout: 30_000 })
      .toEqual(['a blue image about something.']);
    await expect
      .poll(() => side.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe('Question about this image');
  });

  test.each([
    ['a data: URL', 'data', 'green'],
    ['a blob: URL', 'blob', 'blue'],
    ['an SVG', 'svg', 'blue'],
    ['a 6000×4000 JPEG', 'huge', 'green'],
  ] as const)('%s gets the right colour', async (_label, id, colour) => {
    const src = await page.locator(`#${id}`).evaluate((img) => (img as HTMLImageElement).currentSrc);
    await askAbout(page, src);
    await expect
      .poll(() => answers(page).last().textContent(), { timeout: 30_000 })
      .toBe(`a ${colour} image about something.`);
  });

  test.each([
    ['a 404', 'missing', /isn't there any more \(404\)/],
    ['corrupt bytes', 'corrupt', /damaged/],
    ['a 1×1 pixel', 'pixel', /only 1×1 pixels/],
  ] as const)('%s shows a clear message, and the next image works', async (_label, id, message) => {
    await askAbout(page, urls[id] ?? '');
    await expect
      .poll(() => panel(page).getByRole('alert').textContent(), { timeout: 30_000 })
      .toMatch(message);
    // The picture is the problem: trying again can't help, and there is no answer to follow up on or copy.
    expect(await panel(page).getByRole('button', { name: 'Retry' }).count()).toBe(0);
    expect(await panel(page).getByRole('textbox', { name: 'Question about this image' }).count()).toBe(0);
    expect(await panel(page).getByRole('button', { name: 'Copy answer' }).count()).toBe(0);
    // The question asked stays on screen with its error.
    expect(await panel(page).locator('li.vl-q').allTextContents()).toEqual(['Describe this image.']);
    await panel(page).screenshot({ path: artifactPath(`panel-error-${id}.png`) });
    await askAbout(page, urls.red ?? '');
    await expect
      .poll(() => answers(page).last().textContent(), { timeout: 30_000 })
      .toBe('a red image about something.');
  });

  test('Stop halts a streaming answer', async () => {
    await useTestModel(setup.ext, setup.hub.url, { backend: 'webgpu' });
    await askAbout(page, urls.red ?? '');
    await expect
      .poll(() => answers(page).last().textContent(), { timeout: 30_000 })
      .toBe('a red image about something.');
    await panel(page)
      .getByRole('textbox', { name: 'Question about this image' })
      .fill('Is the dog next to the car?');
    await panel(page).getByRole('textbox', { name: 'Question about this image' }).press('Enter');
    await expect
      .poll(async () => (await answers(page).last().textContent())?.startsWith('a '), { timeout: 30_000 })
      .toBe(true);
    await panel(page).getByRole('button', { name: 'Stop' }).click();
    const stopped = await answers(page).last().textContent();
    await page.waitForTimeout(1500);
    expect(await answers(page).last().textContent()).toBe(stopped);
    expect(stopped).not.toBe('a red image about car.');
    expect(await panel(page).getByRole('button', { name: 'Ask', exact: true }).count()).toBe(1);
    await useTestModel(setup.ext, setup.hub.url, { backend: 'wasm' });
  });

  test('a page with hostile CSS and a full-screen overlay can’t reach the side panel', async () => {
    const hostile = await setup.ext.context.newPage();
    await hostile.goto(`${setup.site.origin}/hostile.html`);
    await askAbout(hostile, urls.red ?? '');
    await expect
      .poll(() => answers(hostile).last().textContent(), { timeout: 30_000 })
      .toBe('a red image about something.');
    const input = panel(hostile).getByRole('textbox', { name: 'Question about this image' });
    await input.fill('Where is the Flower?');
    await panel(hostile).getByRole('button', { name: 'Ask' }).click();
    await expect
      .poll(() => answers(hostile).last().textContent(), { timeout: 30_000 })
      .toBe('a red image about flower.');
    await side.screenshot({ path: artifactPath('side-panel-beside-hostile-page.png') });
    await hostile.screenshot({ path: artifactPath('panel-hostile-page.png') });
    await hostile.close();
  });

  test('the image goes nowhere but the model: every request stays on the local test servers', () => {
    const imageUrls = new Set(Object.values(urls));
    for (const request of network) {
      const url = new URL(request.url());
      // data: and blob: images are read in place; everything else must be one of the local servers or the extension.
      if (url.protocol === 'data:' || url.protocol === 'blob:') continue;
      expect(['127.0.0.1', setup.ext.extensionId]).toContain(url.hostname);
      expect(request.postData()).toBeNull();
      if (url.origin === images.origin) expect(imageUrls).toContain(request.url());
    }
    // The image server only ever served the images themselves, with GET.
    for (const r of images.requests) {
      expect(r.method).toBe('GET');
      expect(imageUrls).toContain(`${images.origin}${r.path}`);
    }
    // The model host got model files only.
    for (const r of setup.hub.requests) expect(r.model).toBe('verdict-lens/tiny-smolvlm');
  });
});
