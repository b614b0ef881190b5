/**
 * "Ask about this image" in each browser (see ../driver.ts), with the generated test model on a local hub: the
 * context-menu path opens the tab's side panel (Chrome's side panel, Firefox's sidebar) with nothing added to the
 * page, consent, Stop during the model's download, the streamed answer after asking again, and a follow-up whose
 * answer depends on the question.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { downloadPlan, findModel, modelCatalog } from '../../../src/inference/model-files/catalog';
import { dtypesFor } from '../../../src/inference/model-files/file-choice';
import { megabytes } from '../../../src/ui/format';
import type { TestPage } from '../../support/driver';
import { useSessionSetup } from '../../support/engine-setup';
import { FIXTURE_MODEL_ID } from '../../support/fixture';
import { artifactPath } from '../../support/harness';
import { png } from '../../support/images';

const ANSWERS = 'li.vl-a';
const fixture = findModel(modelCatalog(), FIXTURE_MODEL_ID);
if (!fixture) throw new Error('the test model is missing from models/catalog.json');
/** What the consent names: the test model's files for WASM, the backend these tests choose. */
const DOWNLOAD = megabytes(downloadPlan(fixture, dtypesFor(fixture, 'wasm', false)).totalBytes);
const QUESTION = 'input[aria-label="Question about this image"]';

describe('Ask about this image', () => {
  const setup = useSessionSetup({ site: true, pagePath: null, settings: { backend: 'wasm' } });
  let page: TestPage;
  /** The conversation's side panel page. */
  let panel: TestPage;

  const lastAnswer = async () => (await panel.texts(ANSWERS)).at(-1) ?? null;

  beforeAll(async () => {
    const red = setup.site.put('/red.png', { body: png(64, 48, [230, 20, 30, 255]), type: 'image/png' });
    setup.site.put('/gallery.html', {
      type: 'text/html',
      body: `<!doctype html><html><head><title>Gallery</title></head><body>
<p>An image from this page's server.</p><img id="red" src="${red}" width="160" height="120" alt="red"></body></html>`,
    });
    page = await setup.ext.openPage(`${setup.site.origin}/gallery.html`);
  });

  test('the context menu opens the tab’s side panel, asking consent with the model and its size; the page gets nothing', async () => {
    panel = await setup.ext.askAboutImage(page, '#red');
    await expect.poll(() => panel.text('#app')).toContain(`Download Tiny SmolVLM (test model) (${DOWNLOAD})`);
    expect(await panel.text('[data-testid=ask-source]')).toBe(
      `From Gallery (${new URL(setup.site.origin).host}): red.png`,
    );
    const pageHtml = await page.evaluate(() => document.documentElement.outerHTML, null);
    expect(pageHtml).not.toMatch(/Download|vl-|verdict-lens/);
    await panel.screenshot(artifactPath(`${setup.ext.browserName}-panel-consent.png`));
  });

  test('Stop during the download ends the request: no answer, the panel ready for a question', async () => {
    // A slow hub, so the download is still running when Stop is pressed.
    setup.hub.faults.bytesPerSecond = 20_000;
    await panel.click('.vl-consent .vl-primary');
    await expect.poll(() => panel.count('progress'), { timeout: 30_000 }).toBe(1);
    await panel.click('.vl-stop');
    await expect.poll(() => panel.count('progress')).toBe(0);
    expect(await panel.count('.vl-stop')).toBe(0);
    expect(await panel.texts(ANSWERS)).toEqual([]);
    expect(await panel.count('[role=alert]')).toBe(0);
  });

  test('asking again downloads the model and streams an answer that names the colour and the question', async () => {
    setup.hub.faults.bytesPerSecond = null;
    // After Stop the view says what was kept and offers "Ask again" (no follow-up field until there is an answer).
    await panel.click('[data-testid=stopped] button');
    await expect.poll(lastAnswer, { timeout: 60_000 }).toBe('a red image about something.');
    await panel.fill(QUESTION, 'Where is the ball?');
    await panel.press('Enter');
    await expect.poll(lastAnswer, { timeout: 60_000 }).toBe('a red image about ball.');
    await expect.poll(() => panel.text('[data-testid=engine-line]')).toMatch(/^WASM · /);
    await panel.screenshot(artifactPath(`${setup.ext.browserName}-panel-answer.png`));
  });

  test('a follow-up about the same image gets an answer that depends on the question', async () => {
    await panel.fill(QUESTION, 'What is the cat doing?');
    await panel.press('Enter');
    await expect.poll(lastAnswer, { timeout: 30_000 }).toBe('a red image about cat.');
    expect(await panel.texts(ANSWERS)).toEqual([
      'a red image about something.',
      'a red image about ball.',
      'a red image about cat.',
    ]);
  });

  test('a new right-click on the image starts a new conversation in the same panel', async () => {
    const again = await setup.ext.askAboutImage(page, '#red');
    expect(again.url()).toBe(panel.url());
    await expect.poll(lastAnswer, { timeout: 30_000 }).toBe('a red image about something.');
    expect(await panel.texts(ANSWERS)).toEqual(['a red image about something.']);
  });
});
