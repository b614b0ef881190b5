/**
 * What a person can choose about the model download, in the popup's demo against a local hub: the consent's
 * "Not now" (nothing fetched), its question (shown, editable, the one asked) and its smaller model (only that
 * model's files fetched); and, with the hub slowed down on purpose, Stop keeps what arrived and says so, asking again starts at once (no wait behind the request just
 * stopped) and resumes from the kept bytes, with one total from start to end; closing the view stops the download.
 */
import type { Page } from 'playwright-core';
import { beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { engineRequest, requestId, useTestModel } from '../support/engine-driver';
import { useEngineSetup } from '../support/engine-setup';
import { artifactPath, routePage } from '../support/harness';
import { png } from '../support/images';
import { openPopup, openSite } from '../support/popup';

const CARD_URL = 'https://huggingface.co/HuggingFaceTB/SmolVLM-Instruct';

/** Every download line and queue notice the view showed, recorded as the DOM changed. */
interface Seen {
  progress: string[];
  queued: boolean;
}

describe('choices during a download', () => {
  const setup = useEngineSetup({ settings: { backend: 'wasm' } });
  let options: Page;

  async function popupFor(url: string): Promise<Page> {
    const popup = await openPopup(setup.ext, await openSite(setup.ext, url));
    await popup.evaluate(() => {
      const seen: Seen = { progress: [], queued: false };
      (window as unknown as { seen: Seen }).seen = seen;
      new MutationObserver(() => {
        const line = document.querySelector('.vl-progress .vl-muted')?.textContent;
        if (line && seen.progress.at(-1) !== line) seen.progress.push(line);
        if (document.body.textContent?.includes('Waiting for another request')) seen.queued = true;
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    // The demo is one entry near the top of SmolVLM's card; it opens as its own view.
    await popup.locator('button.demo-entry').click({ timeout: 15_000 });
    return popup;
  }
  const seen = (popup: Page) => popup.evaluate(() => (window as unknown as { seen: Seen }).seen);
  /** Bytes shown as downloaded so far, from "… 37 kB of 263 kB". */
  const shownLoaded = async (popup: Page) => {
    const line =
      (await popup
        .locator('.vl-progress .vl-muted')
        .first()
        .textContent()
        .catch(() => null)) ?? '';
    const m = /: (\d+) kB of/.exec(line);
    return m ? Number(m[1]) : 0;
  };
  const bytesSent = () => setup.hub.requests.reduce((sum, r) => sum + r.bytesSent, 0);
  /**
   * Whether the hub stops sending (no byte for 700 ms) within `ms`: a stopped download goes quiet at once, where
   * one left running goes on for the seconds the rest of the model takes at this speed.
   */
  const goesQuiet = async (ms: number) => {
    const until = Date.now() + ms;
    let last = bytesSent();
    while (Date.now() < until) {
      await new Promise((r) => setTimeout(r, 700));
      if (bytesSent() === last) return true;
      last = bytesSent();
    }
    return false;
  };

  beforeAll(async () => {
    const inline = (bytes: Buffer) => `data:image/png;base64,${bytes.toString('base64')}`;
    const blue = inline(png(120, 90, [20, 40, 240, 255]));
    await routePage(
      setup.ext.context,
      CARD_URL,
      `<!doctype html><title>Card</title><h1>Model card</h1><img src="${blue}" width="240" height="180" alt="a blue chart">`,
    );
    options = setup.page;
  });
  beforeEach(async () => {
    await setup.hub.heal();
    await engineRequest(options, { type: 'unload', requestId: requestId('unload') });
    await options.evaluate(async () => {
      await caches.delete('transformers-cache');
      await caches.delete('verdict-lens-partial-downloads');
      await chrome.storage.local.remove('consentedModels');
    });
    setup.hub.clearLog();
  });
  /** About 15 kB a second for each file: the 263 kB model takes over ten seconds, time to press Stop. */
  const slowHub = () => {
    setup.hub.faults.bytesPerSecond = 15_000;
  };
  const pickImage = async (popup: Page) => {
    const section = popup.locator('[data-slot="page-tools"]');
    await section.getByRole('button', { name: 'Describe a blue chart' }).click();
    return section;
  };

  test('“Not now” downloads nothing, and says so', async () => {
    const popup = await popupFor(CARD_URL);
    const section = await pickImage(popup);
    await section.getByRole('button', { name: 'Not now' }).click();
    expect(await section.getByRole('status').innerText()).toContain('Nothing was downloaded.');
    await popup.waitForTimeout(1_000);
    expect(setup.hub.fileRequests()).toEqual([]);
    // The choice can be had again.
    await section.getByRole('button', { name: 'Show the download choice again' }).click();
    await section.getByRole('button', { name: 'Download and describe' }).waitFor();
  });

  test('the question that will run is shown, and the edited one is the one asked', async () => {
    const popup = await popupFor(CARD_URL);
    const section = await pickImage(popup);
    const field = section.getByRole('textbox', { name: 'Question to ask' });
    // The suggestion arrives with the settings, a moment after the consent shows.
    await expect.poll(() => field.inputValue()).toBe('Describe this image.');
    // The size itself is the one download choice's (popup-context checks it against Options and the side panel).
    expect(await section.locator('#vl-consent-title').innerText()).toMatch(
      /^Download Tiny SmolVLM \(test model\) \((about )?\d+ kB\) to answer on this device\?$/,
    );
    for (const scheme of ['light', 'dark'] as const) {
      await popup.emulateMedia({ colorScheme: scheme });
      await section.screenshot({ path: artifactPath(`ask-consent-${scheme}.png`) });
    }
    const action = section.locator('.vl-consent button[type=submit]');
    expect(await action.textContent()).toBe('Download and describe');
    await field.fill('Is there a boat?');
    // The button says it will ask the person's question, not describe the picture.
    await expect.poll(() => action.textContent()).toBe('Download and ask');
    // Back to the suggested question, it describes again.
    await field.fill('Describe this image.');
    await expect.poll(() => action.textContent()).toBe('Download and describe');
    await field.fill('Is there a boat?');
    await expect.poll(() => action.textContent()).toBe('Download and ask');
    await section.getByRole('button', { name: 'Download and ask' }).click();
    await expect.poll(() => section.locator('li.vl-q').allTextContents()).toEqual(['Is there a boat?']);
    await expect
      .poll(() => section.locator('li.vl-a').last().textContent(), { timeout: 30_000 })
      .toBe('a blue image about boat.');
  });

  test('a smaller model from the consent downloads only its own files', async () => {
    await useTestModel(setup.ext, setup.hub.url, {
      backend: 'wasm',
      modelId: 'verdict-lens/smolvlm-256m-shaped',
    });
    try {
      const popup = await popupFor(CARD_URL);
      const section = await pickImage(popup);
      expect(await section.locator('#vl-consent-title').innerText()).toMatch(
        /^Download SmolVLM 256M stand-in \(test model\) \(.+ MB\) to answer on this device\?$/,
      );
      await section.getByRole('button', { name: 'Larger: SmolVLM 500M stand-in (test model)' }).waitFor();
      await section.getByRole('button', { name: 'Smaller: Tiny SmolVLM (test model) (263 kB)' }).click();
      await expect
        .poll(() => section.locator('li.vl-a').last().textContent(), { timeout: 30_000 })
        .toBe('a blue image about something.');
      const models = new Set(setup.hub.fileRequests().map((r) => r.model));
      expect(models).toEqual(new Set(['verdict-lens/tiny-smolvlm']));
      // It is the model from now on, as Options shows.
      const stored = await setup.ext.serviceWorker.evaluate(
        async () => (await chrome.storage.sync.get('settings')).settings,
      );
      expect(stored).toMatchObject({ modelId: 'verdict-lens/tiny-smolvlm' });
    } finally {
      await useTestModel(setup.ext, setup.hub.url, { backend: 'wasm' });
    }
  });

  test('Stop keeps what arrived and says so; asking again starts at once, resumes, and keeps one total', async () => {
    slowHub();
    const popup = await popupFor(CARD_URL);
    const section = popup.locator('[data-slot="page-tools"]');
    await section.getByRole('button', { name: 'Describe a blue chart' }).click();
    await section.getByRole('button', { name: 'Download and describe' }).click();
    await expect.poll(() => shownLoaded(popup), { timeout: 20_000 }).toBeGreaterThan(30);
    await section.getByRole('button', { name: 'Stop' }).click();

    const stopped = section.getByTestId('stopped');
    expect(await stopped.textContent()).toMatch(/^Stopped — \d+ kB of 263 kB kept; it resumes next time\./);
    // The question stays on screen, not a blank view.
    expect(await section.locator('li.vl-q').allTextContents()).toEqual(['Describe this image.']);
    await popup.screenshot({ path: artifactPath('ask-stopped.png') });
    // Stopped means stopped: no bytes flow on after it.
    expect(await goesQuiet(3_000)).toBe(true);

    await stopped.getByRole('button', { name: 'Ask again' }).click();
    await expect.poll(() => shownLoaded(popup), { timeout: 15_000 }).toBeGreaterThan(0);
    setup.hub.faults.bytesPerSecond = null;
    await expect
      .poll(() => section.locator('li.vl-a').last().textContent(), { timeout: 30_000 })
      .toBe('a blue image about something.');

    const { progress, queued } = await seen(popup);
    // No wait behind the request just stopped: it stepped aside at once (a wait over half a second is shown).
    expect(queued).toBe(false);
    const totals = new Set(progress.map((line) => / of (.+)$/.exec(line)?.[1]));
    expect(totals).toEqual(new Set(['263 kB']));
    // The second attempt asked only for the rest of a file the first had begun.
    expect(setup.hub.fileRequests().some((r) => /^bytes=[1-9]\d*-$/.test(r.range ?? ''))).toBe(true);
  });

  test('closing the view mid-download stops the download', async () => {
    slowHub();
    const popup = await popupFor(CARD_URL);
    const section = popup.locator('[data-slot="page-tools"]');
    await section.getByRole('button', { name: 'Describe a blue chart' }).click();
    await section.getByRole('button', { name: 'Download and describe' }).click();
    await expect.poll(() => shownLoaded(popup), { timeout: 20_000 }).toBeGreaterThan(10);
    expect(await section.locator('.vl-progress').textContent()).toContain(
      'Closing this stops the download; what arrived is kept.',
    );
    await popup.close();
    expect(await goesQuiet(3_000)).toBe(true);
    // The engine is free for the next person (it would still be busy downloading otherwise).
    const busy = async () => {
      const status = await engineRequest(options, { type: 'status', requestId: requestId('status') });
      return status.last.type === 'status' && status.last.status.busy;
    };
    await expect.poll(busy, { timeout: 3_000 }).toBe(false);
  });
});
