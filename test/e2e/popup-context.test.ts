/**
 * Every view describes what is on screen: the SmolVLM family member a page shows, "All tools" opened from a tool's
 * page, the page's demo (an entry on SmolVLM's card only), the header that stays put and Back that returns to where
 * you were, a vendor's other pages, and the download size quoted by the popup's consent, the side panel and
 * Options for the same model on the same device.
 * Not on useEngineSetup: it quotes the real catalog's models and sizes, so the browser isn't pointed at the test model.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { artifactPath, type LoadedExtension, launchExtension, routePage } from '../support/harness';
import { png } from '../support/images';
import { openPopup, openSite } from '../support/popup';
import { askAboutImage } from '../support/side-panel';

const HF = 'https://huggingface.co/HuggingFaceTB';

describe('popup views belong to the tool on screen', () => {
  let ext: LoadedExtension;
  const inline = (bytes: Buffer) => `data:image/png;base64,${bytes.toString('base64')}`;
  const blue = inline(png(120, 90, [20, 40, 240, 255]));
  const gallery = `<!doctype html><html lang="en"><title>Card</title><h1>Model card</h1>
<img src="${blue}" width="240" height="180" alt="a blue chart">`;

  async function popupFor(url: string): Promise<Page> {
    const popup = await openPopup(ext, await openSite(ext, url));
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

  test('on the SmolVLM-256M page one line tells the reviewed model, the page’s and the demo’s apart', async () => {
    const popup = await popupFor(`${HF}/SmolVLM-256M-Instruct`);
    expect(await popup.locator('h1').innerText()).toBe('SmolVLM-3B');
    const note = popup.getByTestId('page-model');
    await expect
      .poll(() => note.innerText(), { timeout: 15_000 })
      .toBe(
        'SmolVLM-3B is the panel’s name for the 2.2B SmolVLM-Instruct; this page shows its 256M sibling, which ' +
          'the demo runs.',
      );
    await popup.emulateMedia({ colorScheme: 'dark' });
    await popup.screenshot({ path: artifactPath('popup-smolvlm-256m-dark.png') });
    await popup.emulateMedia({ colorScheme: 'light' });
    await popup.screenshot({ path: artifactPath('popup-smolvlm-256m-light.png') });
    // Another tool's card says nothing about the page's model.
    await popup.getByRole('button', { name: 'Moondream' }).click();
    await expect.poll(() => popup.locator('h1').innerText()).toBe('Moondream');
    expect(await popup.getByTestId('page-model').count()).toBe(0);
    await popup.close();
  });

  test('on a SmolVLM2 page the card says it is the successor', async () => {
    const popup = await popupFor(`${HF}/SmolVLM2-2.2B-Instruct`);
    expect(await popup.getByTestId('page-model').innerText()).toContain(
      'this page shows SmolVLM2-2.2B-Instruct, its successor',
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
    const entry = popup.locator('button.demo-entry');
    await expect.poll(() => entry.isVisible(), { timeout: 15_000 }).toBe(true);
    // It runs the model chosen in Options (256M by default), not the page's 500M: the card's one line says so.
    expect(await entry.locator('.demo-entry-title').textContent()).toBe(
      'Live demo: SmolVLM 256M, on your device',
    );
    expect(await popup.getByTestId('page-model').innerText()).toBe(
      'SmolVLM-3B is the panel’s name for the 2.2B SmolVLM-Instruct; this page shows its 500M sibling; the demo ' +
        'runs the 256M one.',
    );
    await popup.getByRole('button', { name: 'Phi-3.5-Vision' }).click();
    await expect.poll(() => popup.locator('h1').innerText()).toBe('Phi-3.5-Vision');
    expect(await entry.count()).toBe(0);
    await popup.getByRole('button', { name: 'All tools' }).click();
    expect(await entry.count()).toBe(0);
    await popup.getByRole('button', { name: '← Back' }).click();
    await popup.getByRole('button', { name: '← Back' }).click();
    await expect.poll(() => popup.locator('h1').innerText()).toBe('SmolVLM-3B');
    // The entry opens the demo as a view of its own; Back returns to the card.
    await entry.click();
    const demo = popup.locator('[data-slot="page-tools"]');
    await expect
      .poll(() => popup.locator('h1:visible').innerText())
      .toBe('Live demo: SmolVLM 256M, on your device');
    expect(await demo.getByRole('list', { name: 'Images on this page' }).count()).toBe(1);
    await popup.screenshot({ path: artifactPath('popup-demo-view-light.png') });
    await popup.getByRole('button', { name: '← Back' }).click();
    await expect.poll(() => popup.locator('h1:visible').innerText()).toBe('SmolVLM-3B');
    expect(await demo.isVisible()).toBe(false);
    await popup.close();
  });

  test('the header stays put while a long card scrolls, and Back returns to where you were', async () => {
    const popup = await popupFor(`${HF}/SmolVLM-256M-Instruct`);
    await popup.setViewportSize({ width: 380, height: 600 });
    const topbar = popup.getByRole('navigation', { name: 'Verdict Lens' });
    // Down to the head-to-head, far below the first screen of the card.
    const phi = popup.getByRole('button', { name: 'Phi-3.5-Vision' });
    await phi.scrollIntoViewIfNeeded();
    const scrolled = await popup.evaluate(() => window.scrollY);
    expect(scrolled).toBeGreaterThan(300);
    expect((await topbar.boundingBox())?.y).toBe(0);
    expect(await topbar.getByRole('button', { name: 'Settings' }).isVisible()).toBe(true);
    await popup.screenshot({ path: artifactPath('popup-scrolled-sticky-light.png') });
    await phi.click();
    await expect.poll(() => popup.locator('h1').innerText()).toBe('Phi-3.5-Vision');
    // A new view starts at its top (scrolled there once it has rendered).
    await expect.poll(() => popup.evaluate(() => window.scrollY)).toBe(0);
    await popup.getByRole('button', { name: '← Back' }).click();
    await expect.poll(() => popup.locator('h1').innerText()).toBe('SmolVLM-3B');
    await expect.poll(() => popup.evaluate(() => window.scrollY)).toBe(scrolled);
    await popup.close();
  });

  test('the popup says how to ask about an image, and its Settings button opens Options', async () => {
    const popup = await popupFor('https://vercel.com/pricing');
    expect(await popup.locator('footer').innerText()).toBe(
      'Ask about any image: right-click it and choose Ask about this image.',
    );
    const optionsOpened = ext.context.waitForEvent('page', {
      predicate: (p) => p.url().endsWith('/src/options/index.html'),
    });
    await popup.getByRole('button', { name: 'Settings' }).click();
    const options = await optionsOpened;
    await options.locator('h1').waitFor();
    await options.close();
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

  test('the popup’s consent, the side panel and Options quote the same download for the same model', async () => {
    const popup = await popupFor(`${HF}/SmolVLM-256M-Instruct`);
    await popup.locator('button.demo-entry').click({ timeout: 15_000 });
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
    const panel = (await askAboutImage(ext, site, blue)).locator('#app');
    await expect.poll(() => panel.innerText()).toContain(`Download SmolVLM 256M (${popupSize}) to answer`);
    await options.close();
    await popup.close();
  });
});
