/**
 * The popup's live demo: on SmolVLM's pages (the tool it demonstrates) one entry near the top of the card opens it;
 * it lists the page's visible images (skipping icons); picking one streams the on-device model's caption into the
 * popup, and a follow-up question gets its own answer. Other tools' pages, and pages that are no tool's, get none.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { useEngineSetup } from '../support/engine-setup';
import { artifactPath, routePage } from '../support/harness';
import { png } from '../support/images';
import { openPopup, openSite } from '../support/popup';

describe('popup live demo', () => {
  const setup = useEngineSetup({ pagePath: null, settings: { backend: 'wasm' } });

  async function popupFor(url: string): Promise<Page> {
    return openPopup(setup.ext, await openSite(setup.ext, url));
  }

  beforeAll(async () => {
    // The routed pages are https, so images from the local http server would be blocked as mixed content: inline them.
    const inline = (bytes: Buffer) => `data:image/png;base64,${bytes.toString('base64')}`;
    const blue = inline(png(120, 90, [20, 40, 240, 255]));
    const red = inline(png(120, 90, [230, 20, 30, 255]));
    const icon = inline(png(16, 16, [0, 0, 0, 255]));
    const gallery = `<!doctype html><title>Card</title><h1>Model card</h1>
<img src="${icon}" width="16" height="16" alt="logo"><img src="${blue}" width="240" height="180" alt="a blue chart">
<img src="${red}" width="240" height="180" alt="a red chart">`;
    await routePage(setup.ext.context, 'https://huggingface.co/HuggingFaceTB/SmolVLM-Instruct', gallery);
    await routePage(setup.ext.context, 'https://vercel.com/ai-gateway', gallery);
    await routePage(setup.ext.context, 'https://example.org/', gallery);
  });

  test('on a SmolVLM page: one entry near the top opens the live demo, captioning a picked image with a follow-up', async () => {
    const popup = await popupFor('https://huggingface.co/HuggingFaceTB/SmolVLM-Instruct');
    const entry = popup.locator('button.demo-entry');
    await expect
      .poll(() => entry.locator('.demo-entry-title').textContent(), { timeout: 15_000 })
      .toBe('Live demo: Tiny SmolVLM (test model), on your device');
    // Near the top: within the popup's first screen (Chrome caps a popup at 600 px), not after the reviewers' takes.
    const box = await entry.boundingBox();
    expect(box && box.y + box.height).toBeLessThan(600);
    expect(await popup.locator('button.demo-entry').count()).toBe(1);
    // The test model isn't the page's SmolVLM-Instruct, and the card's one line says so.
    expect(await popup.getByTestId('page-model').innerText()).toBe(
      'SmolVLM-3B is the panel’s name for the 2.2B SmolVLM-Instruct; this page shows it; the demo runs Tiny ' +
        'SmolVLM (test model).',
    );
    for (const scheme of ['light', 'dark'] as const) {
      await popup.emulateMedia({ colorScheme: scheme });
      await popup.screenshot({ path: artifactPath(`popup-demo-entry-${scheme}.png`) });
    }
    await popup.emulateMedia({ colorScheme: 'light' });
    await entry.click();
    const section = popup.locator('[data-slot="page-tools"]');
    await expect
      .poll(() => popup.locator('main h1').textContent())
      .toBe('Live demo: Tiny SmolVLM (test model), on your device');
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
    await popup.locator('button.demo-entry').click({ timeout: 15_000 });
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

    // Someone reading back while an answer streams keeps their place. They scroll once the question is in the list
    // (it follows them down, as they were at the end); the view may render again before the browser tells it.
    const questions = section.locator('li.vl-q');
    const asked = await questions.count();
    await field.fill('Is there a cat?');
    await field.press('Enter');
    await expect.poll(() => questions.count()).toBe(asked + 1);
    await list.evaluate((l) => {
      l.scrollTop = 0;
    });
    await expect
      .poll(() => answers.last().textContent(), { timeout: 30_000 })
      .toBe('a blue image about cat.');
    expect(await list.evaluate((l) => l.scrollTop)).toBe(0);
  });

  test('on another tool’s page (Vercel AI Gateway) there is no demo: it would demonstrate nothing there', async () => {
    const popup = await popupFor('https://vercel.com/ai-gateway');
    await expect.poll(() => popup.locator('h1').first().textContent()).toBe('Vercel AI Gateway');
    // Long enough for the demo to have been added, had it been offered.
    await popup.waitForTimeout(1500);
    expect(await popup.locator('button.demo-entry').count()).toBe(0);
    expect(await popup.locator('[data-slot="page-tools"]').count()).toBe(0);
    for (const scheme of ['light', 'dark'] as const) {
      await popup.emulateMedia({ colorScheme: scheme });
      await popup.screenshot({ path: artifactPath(`popup-vercel-no-demo-${scheme}.png`) });
    }
  });

  test('on a page that is no tool’s, the popup offers no demo', async () => {
    const popup = await popupFor('https://example.org/');
    await popup.locator('h1').first().waitFor();
    await popup.waitForTimeout(500);
    expect(await popup.locator('[data-slot="page-tools"]').count()).toBe(0);
  });
});
