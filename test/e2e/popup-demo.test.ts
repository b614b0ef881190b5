/**
 * The popup's live demo: on a tool's page it lists the page's visible images (skipping icons); picking one streams
 * the on-device model's caption into the popup, and a follow-up question gets its own answer. On a SmolVLM page it
 * is labelled as the live demo of that model; on pages that are no tool's it isn't offered.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ensureFixture } from '../support/fixture';
import { type HubServer, startHubServer } from '../support/hub-server';
import { png } from '../support/images';
import { useTestModel } from './engine-driver';
import { artifactPath, type LoadedExtension, launchExtension } from './harness';

async function routePage(context: BrowserContext, url: string, body: string): Promise<void> {
  await context.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html', body }));
}

describe('popup live demo', () => {
  let ext: LoadedExtension;
  let hub: HubServer;

  async function popupFor(url: string): Promise<Page> {
    const site = await ext.context.newPage();
    await site.goto(url);
    await site.waitForLoadState('load');
    const tabId = await ext.serviceWorker.evaluate(
      async (u) => (await chrome.tabs.query({ url: u }))[0]?.id ?? -1,
      url,
    );
    const popup = await ext.context.newPage();
    await popup.setViewportSize({ width: 380, height: 700 });
    await popup.goto(`chrome-extension://${ext.extensionId}/src/popup/index.html?tabId=${tabId}`);
    return popup;
  }

  beforeAll(async () => {
    ensureFixture();
    hub = await startHubServer();
    ext = await launchExtension();
    await useTestModel(ext, hub.url, { backend: 'wasm' });
    // The routed pages are https, so images from the local http server would be blocked as mixed content: inline them.
    const inline = (bytes: Buffer) => `data:image/png;base64,${bytes.toString('base64')}`;
    const blue = inline(png(120, 90, [20, 40, 240, 255]));
    const red = inline(png(120, 90, [230, 20, 30, 255]));
    const icon = inline(png(16, 16, [0, 0, 0, 255]));
    const gallery = `<!doctype html><title>Card</title><h1>Model card</h1>
<img src="${icon}" width="16" height="16" alt="logo"><img src="${blue}" width="240" height="180" alt="a blue chart">
<img src="${red}" width="240" height="180" alt="a red chart">`;
    await routePage(ext.context, 'https://huggingface.co/HuggingFaceTB/SmolVLM-Instruct', gallery);
    await routePage(ext.context, 'https://vercel.com/ai-gateway', gallery);
    await routePage(ext.context, 'https://example.org/', gallery);
  });
  afterAll(async () => {
    await ext?.close();
    await hub?.close();
  });

  test('on a SmolVLM page: the live demo of that model, captioning a picked image with a follow-up', async () => {
    const popup = await popupFor('https://huggingface.co/HuggingFaceTB/SmolVLM-Instruct');
    const section = popup.locator('[data-slot="page-tools"]');
    await expect
      .poll(() => section.locator('h2').textContent())
      .toBe('Live demo: Tiny SmolVLM (test model), on your device');
    // The test model isn't the page's SmolVLM-Instruct, and the demo says so.
    expect(await section.locator('p.muted').first().innerText()).toContain(
      'It is the model chosen in Options, not this page’s SmolVLM-Instruct.',
    );
    const choices = section.getByRole('list', { name: 'Images on this page' }).getByRole('button');
    // The 16 px logo is left out.
    expect(await choices.count()).toBe(2);
    await section.getByRole('button', { name: 'Describe a blue chart' }).click();
    await section.getByRole('button', { name: 'Download and describe' }).click();
    await expect
      .poll(() => section.locator('li.vl-a').last().textContent(), { timeout: 30_000 })
      .toBe('a blue image about something.');
    await section.getByRole('textbox', { name: 'Question about this image' }).fill('Is there a boat?');
    await section.getByRole('textbox', { name: 'Question about this image' }).press('Enter');
    await expect
      .poll(() => section.locator('li.vl-a').last().textContent(), { timeout: 30_000 })
      .toBe('a blue image about boat.');
    await popup.screenshot({ path: artifactPath('popup-demo-smolvlm.png'), fullPage: true });
    await section.getByRole('button', { name: '← Other images' }).click();
    await section.getByRole('button', { name: 'Describe a red chart' }).click();
    await expect
      .poll(() => section.locator('li.vl-a').last().textContent(), { timeout: 30_000 })
      .toBe('a red image about something.');
  });

  test('after several follow-ups the newest answer is in view, and reading back is left alone', async () => {
    const popup = await popupFor('https://huggingface.co/HuggingFaceTB/SmolVLM-Instruct');
    const section = popup.locator('[data-slot="page-tools"]');
    await section.getByRole('button', { name: 'Describe a blue chart' }).click();
    const consent = section.getByRole('button', { name: 'Download and describe' });
    const answers = section.locator('li.vl-a');
    // Agreed to already when the test above ran first.
    await consent.or(answers.first()).first().waitFor();
    if (await consent.isVisible()) await consent.click();
    await expect
      .poll(() => answers.last().textContent(), { timeout: 30_000 })
      .toBe('a blue image about something.');
    const field = section.getByRole('textbox', { name: 'Question about this image' });
    for (const [i, thing] of ['boat', 'tree', 'house', 'dog'].entries()) {
      await field.fill(`Is there a ${thing}?`);
      await field.press('Enter');
      await expect.poll(() => answers.count(), { timeout: 30_000 }).toBe(i + 2);
      await expect
        .poll(() => answers.last().textContent(), { timeout: 30_000 })
        .toBe(`a blue image about ${thing}.`);
    }
    const list = section.getByRole('list', { name: 'Conversation' });
    const inView = () =>
      answers.last().evaluate((answer) => {
        const box = answer.closest('ol')?.getBoundingClientRect();
        const rect = answer.getBoundingClientRect();
        return (
          box !== undefined &&
          rect.top >= box.top - 1 &&
          rect.bottom <= box.bottom + 1 &&
          rect.bottom <= innerHeight &&
          rect.top >= 0
        );
      });
    // The conversation is longer than its box, so this only holds because the list follows its end.
    expect(await list.evaluate((l) => l.scrollHeight > l.clientHeight)).toBe(true);
    await expect.poll(inView).toBe(true);
    await popup.screenshot({ path: artifactPath('popup-demo-follow-ups.png') });

    // Someone reading back while an answer streams keeps their place.
    await field.fill('Is there a cat?');
    await field.press('Enter');
    await list.evaluate((l) => {
      l.scrollTop = 0;
    });
    await expect
      .poll(() => answers.last().textContent(), { timeout: 30_000 })
      .toBe('a blue image about cat.');
    expect(await list.evaluate((l) => l.scrollTop)).toBe(0);
  });

  test('on another tool’s page it is offered as “Try it on this page’s images”', async () => {
    const popup = await popupFor('https://vercel.com/ai-gateway');
    await expect
      .poll(() => popup.locator('[data-slot="page-tools"] h2').textContent())
      .toBe("Try it on this page's images");
  });

  test('on a page that is no tool’s, the popup offers no demo', async () => {
    const popup = await popupFor('https://example.org/');
    await popup.locator('h1').first().waitFor();
    await popup.waitForTimeout(500);
    expect(await popup.locator('[data-slot="page-tools"]').count()).toBe(0);
  });
});
