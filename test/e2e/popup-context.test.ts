/**
 * Every view describes what is on screen: the SmolVLM family member a page shows, "All tools" opened from a tool's
 * page, the page's demo under another tool's card, a vendor's other pages, and the download size quoted by the
 * popup's consent, the in-page panel and Options for the same model on the same device.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { artifactPath, type LoadedExtension, launchExtension } from '../support/harness';
import { png } from '../support/images';

const HF = 'https://huggingface.co/HuggingFaceTB';

async function routePage(context: BrowserContext, url: string, body: string): Promise<void> {
  await context.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html', body }));
}

describe('popup views belong to the tool on screen', () => {
  let ext: LoadedExtension;
  const inline = (bytes: Buffer) => `data:image/png;base64,${bytes.toString('base64')}`;
  const blue = inline(png(120, 90, [20, 40, 240, 255]));
  const gallery = `<!doctype html><html lang="en"><title>Card</title><h1>Model card</h1>
<img src="${blue}" width="240" height="180" alt="a blue chart">`;

  async function tabFor(url: string): Promise<number> {
    const site = await ext.context.newPage();
    await site.goto(url);
    await site.waitForLoadState('load');
    return ext.serviceWorker.evaluate(async (u) => (await chrome.tabs.query({ url: u }))[0]?.id ?? -1, url);
  }

  async function popupFor(url: string): Promise<Page> {
    const tabId = await tabFor(url);
    const popup = await ext.context.newPage();
    await popup.setViewportSize({ width: 380, height: 700 });
    await popup.goto(`chrome-extension://${ext.extensionId}/src/popup/index.html?tabId=${tabId}`);
    await popup.locator('h1').first().waitFor();
    return popup;
  }

  beforeAll(async () => {
    ext = await launchExtension();
    for (const repo of ['SmolVLM-256M-Instruct', 'SmolVLM-500M-Instruct', 'SmolVLM2-2.2B-Instruct']) {
      await routePage(ext.context, `${HF}/${repo}`, gallery);
    }
    await routePage(ext.context, 'https://vercel.com/pricing', gallery);
  });
  afterAll(async () => {
    await ext?.close();
  });

  test('on the SmolVLM-256M page the card names that model and how it relates to the reviewed SmolVLM-3B', async () => {
    const popup = await popupFor(`${HF}/SmolVLM-256M-Instruct`);
    expect(await popup.locator('h1').innerText()).toBe('SmolVLM-3B');
    const note = popup.getByTestId('page-model');
    expect(await note.innerText()).toBe(
      'This page is SmolVLM-256M-Instruct (256M parameters), a smaller member of the SmolVLM family. The verdict ' +
        'below is the panel’s on the family’s flagship, reviewed as “SmolVLM-3B” (published as SmolVLM-Instruct, ' +
        '2.2B parameters).',
    );
    await popup.screenshot({ path: artifactPath('popup-smolvlm-256m-light.png') });
    // Another tool's card says nothing about the page's model.
    await popup.getByRole('button', { name: 'Moondream' }).click();
    await expect.poll(() => popup.locator('h1').innerText()).toBe('Moondream');
    expect(await popup.getByTestId('page-model').count()).toBe(0);
    await popup.close();
  });

  test('on a SmolVLM2 page the card says it is the successor that also reads video', async () => {
    const popup = await popupFor(`${HF}/SmolVLM2-2.2B-Instruct`);
    expect(await popup.getByTestId('page-model').innerText()).toContain(
      'This page is SmolVLM2-2.2B-Instruct (2.2B parameters), from SmolVLM2, the family’s successor',
    );
    await popup.close();
  });

  test('“All tools” on a tool’s page doesn’t say the site has no verdict; it links back to the page’s one', async () => {
    const popup = await popupFor(`${HF}/SmolVLM-256M-Instruct`);
    await popup.getByRole('button', { name: 'All tools' }).click();
    const notice = popup.locator('.notice');
    await expect.poll(() => notice.innerText()).toContain('This page is on SmolVLM-3B’s site.');
    expect(await notice.innerText()).not.toContain('No verdict');
    await popup.screenshot({ path: artifactPath('popup-all-tools-on-tool-page-light.png') });
    await notice.getByRole('button', { name: 'SmolVLM-3B' }).click();
    await expect.poll(() => popup.locator('h1').innerText()).toBe('SmolVLM-3B');
    await popup.close();
  });

  test('the page’s demo shows under the page’s tool only: not under a competitor’s card, back after Back', async () => {
    const popup = await popupFor(`${HF}/SmolVLM-500M-Instruct`);
    const demo = popup.locator('[data-slot="page-tools"]');
    await expect.poll(() => demo.isVisible(), { timeout: 15_000 }).toBe(true);
    // It runs the model chosen in Options (256M by default), not the page's 500M, and says so.
    expect(await demo.locator('h2').textContent()).toBe('Live demo: SmolVLM 256M, on your device');
    expect(await demo.innerText()).toContain('not this page’s SmolVLM-500M-Instruct');
    await popup.getByRole('button', { name: 'Phi-3.5-Vision' }).click();
    await expect.poll(() => popup.locator('h1').innerText()).toBe('Phi-3.5-Vision');
    expect(await demo.isVisible()).toBe(false);
    await popup.getByRole('button', { name: 'All tools' }).click();
    expect(await demo.isVisible()).toBe(false);
    await popup.getByRole('button', { name: '← Back' }).click();
    await popup.getByRole('button', { name: '← Back' }).click();
    await expect.poll(() => popup.locator('h1').innerText()).toBe('SmolVLM-3B');
    expect(await demo.isVisible()).toBe(true);
    await popup.close();
  });

  test('on a vendor’s other page (vercel.com/pricing) the vendor’s tool is offered first', async () => {
    const popup = await popupFor('https://vercel.com/pricing');
    expect(await popup.locator('.notice').innerText()).toBe(
      'No verdict for this page of vercel.com yet. Vercel’s tools come first below.',
    );
    const names = await popup.locator('[role=option] .result-name').allInnerTexts();
    expect(names[0]).toBe('Vercel AI Gateway');
    // Then the reviewed tools before those only named as competitors.
    expect(names[1]).toBe('SmolVLM-3B');
    await popup.screenshot({ path: artifactPath('popup-vendor-other-page-light.png') });
    await popup.close();
  });

  test('the popup’s consent, the in-page panel and Options quote the same download for the same model', async () => {
    const popup = await popupFor(`${HF}/SmolVLM-256M-Instruct`);
    const demo = popup.locator('[data-slot="page-tools"]');
    await demo.getByRole('button', { name: 'Describe a blue chart' }).click({ timeout: 15_000 });
    const consent = demo.locator('#vl-consent-title');
    const popupSize = /\(([^()]+)\) to answer/.exec(await consent.innerText())?.[1];
    expect(popupSize).toMatch(/^(about )?\d+ MB$/);
    const optionsSize = `${popupSize?.charAt(0).toUpperCase()}${popupSize?.slice(1)} download`;

    const options = await ext.openExtensionPage('src/options/index.html');
    const choice = options.locator('label.choice[data-model="HuggingFaceTB/SmolVLM-256M-Instruct"]');
    await expect.poll(() => choice.innerText()).toContain(optionsSize);

    const site = popup
      .context()
      .pages()
      .find((p) => p.url() === `${HF}/SmolVLM-256M-Instruct`);
    if (!site) throw new Error('the SmolVLM-256M tab is gone');
    const tabId = await ext.serviceWorker.evaluate(
      async (u) => (await chrome.tabs.query({ url: u }))[0]?.id ?? -1,
      site.url(),
    );
    await ext.serviceWorker.evaluate(
      async ({ tabId, srcUrl }) => {
        const hook = (self as unknown as { verdictLens: { askAboutImage(c: object): Promise<void> } })
          .verdictLens;
        await hook.askAboutImage({ tabId, frameId: 0, srcUrl });
      },
      { tabId, srcUrl: blue },
    );
    const panel = site.locator('verdict-lens-panel .vl-panel');
    await expect.poll(() => panel.innerText()).toContain(`Download SmolVLM 256M (${popupSize}) to answer`);
    await options.close();
    await popup.close();
  });
});
