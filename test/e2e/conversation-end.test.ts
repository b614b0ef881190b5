/**
 * A conversation's cache lives as long as its conversation: when the side panel or popup that asked goes away, the
 * engine frees the keys and values it kept for follow-ups, so the next question on that image reads it in full
 * again (and answers the same). The end travels as a one-shot runtime message, as the UI sends it.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import type { RequestRecord } from '../../src/monitoring/request-log';
import type { ChatTurn, EndConversationNotice, ImageDetail, ImageInput } from '../../src/protocol/messages';
import { DEFAULT_PROMPT } from '../../src/settings/schema';
import { engineRequest, generateRequest, solidImage } from '../support/engine-driver';
import { useEngineSetup } from '../support/engine-setup';
import { png } from '../support/images';
import { askAboutImage } from '../support/side-panel';

const OFFSCREEN = 'src/offscreen/index.html';

describe('the end of a conversation', () => {
  const setup = useEngineSetup({ site: true, settings: { backend: 'wasm' } });

  /** Sends the end as the UI does, waiting for the relay's answer (the engine host has it by then). */
  async function endConversation(conversationId: string): Promise<void> {
    const notice: EndConversationNotice = {
      target: 'engine-relay',
      type: 'end-conversation',
      conversationId,
    };
    await setup.page.evaluate((n) => chrome.runtime.sendMessage(n), notice);
  }

  async function ask(
    image: ImageInput | string,
    conversation: ChatTurn[],
    id: string,
    detail: ImageDetail = 'split',
  ) {
    const request = generateRequest(image, '', 'wasm', { conversation, detail, conversationId: id });
    const last = (await engineRequest(setup.page, request)).last;
    if (last.type !== 'done') throw new Error(`expected an answer, got ${JSON.stringify(last)}`);
    return last;
  }

  const offscreenDocuments = () =>
    setup.ext.serviceWorker.evaluate(
      async (path) =>
        (await chrome.runtime.getContexts({ documentUrls: [chrome.runtime.getURL(path)] })).length,
      OFFSCREEN,
    );

  test('ending it frees the cache: the follow-up reads the image again and answers the same', async () => {
    const green = await solidImage(setup.page, [10, 200, 40], 700, 500);
    const first: ChatTurn[] = [{ role: 'user', text: 'What is the cat doing?' }];
    const one = await ask(green, first, 'panel-1');
    expect(one.text).toBe('a green image about cat.');
    const followUp: ChatTurn[] = [
      ...first,
      { role: 'assistant', text: one.text },
      { role: 'user', text: 'A dog?' },
    ];

    // Another view ending its own conversation leaves this one's cache in place.
    await endConversation('popup-1');
    const kept = await ask(green, followUp, 'panel-1');
    expect(kept.metrics.sessions?.views).toBe(0);
    expect(kept.metrics.sessions?.reusedTokens).toBeGreaterThan(0);

    await endConversation('panel-1');
    const fresh = await ask(green, followUp, 'panel-1');
    expect(fresh.metrics.sessions?.views).toBeGreaterThan(1);
    expect(fresh.metrics.sessions?.reusedTokens).toBe(0);
    expect(fresh.text).toBe(kept.text);
  });

  test('ending a conversation starts no engine where none runs', async () => {
    await setup.ext.serviceWorker.evaluate(async (path) => {
      const open = await chrome.runtime.getContexts({ documentUrls: [chrome.runtime.getURL(path)] });
      if (open.length > 0) await chrome.offscreen.closeDocument();
    }, OFFSCREEN);
    expect(await offscreenDocuments()).toBe(0);
    await endConversation('gone');
    expect(await offscreenDocuments()).toBe(0);
  });

  test('closing the side panel ends its conversation', async () => {
    const red = setup.site.put('/red.png', { body: png(64, 48, [230, 20, 30, 255]), type: 'image/png' });
    setup.site.put('/page.html', {
      type: 'text/html',
      body: `<!doctype html><title>Picture</title><img src="${red}" width="160" height="120" alt="red">`,
    });
    const tab = await setup.ext.context.newPage();
    await tab.goto(`${setup.site.origin}/page.html`);
    let panel: Page | undefined;
    /** Right-click → "Ask about this image" (the menu's handler), then the default question's answer. */
    const answerInPanel = async (): Promise<ImageDetail> => {
      const side = await askAboutImage(setup.ext, tab, red);
      panel = side;
      const consent = side.getByRole('button', { name: 'Download and describe' });
      if (await consent.isVisible().catch(() => false)) await consent.click();
      await expect
        .poll(() => side.locator('li.vl-a').last().textContent(), { timeout: 30_000 })
        .toBe('a red image about something.');
      const log = (await setup.ext.serviceWorker.evaluate(
        async () => (await chrome.storage.local.get('requestLog')).requestLog,
      )) as RequestRecord[];
      const detail = log.at(-1)?.detail;
      if (!detail) throw new Error('the panel’s answer was not logged with its detail');
      return detail;
    };
    // The engine's own probe: the panel's first question again, on the same image at the same detail.
    const probe = (id: string, detail: ImageDetail) =>
      ask(red, [{ role: 'user', text: DEFAULT_PROMPT }], id, detail);

    // While the panel is open its conversation is kept: the probe reads most of its prompt from that cache.
    const whileOpen = await probe('probe-open', await answerInPanel());
    expect(whileOpen.metrics.sessions?.reusedTokens).toBeGreaterThan(0);
    await panel?.close({ runBeforeUnload: true });
    await endConversation('probe-open');

    // Closed: the panel ends its conversation, so the same probe finds nothing kept.
    const closedDetail = await answerInPanel();
    await panel?.close({ runBeforeUnload: true });
    // The panel's notice and this probe travel separately: give the notice a moment to land.
    await tab.waitForTimeout(300);
    const afterClose = await probe('probe-closed', closedDetail);
    expect(afterClose.metrics.sessions?.reusedTokens).toBe(0);
    expect(afterClose.metrics.sessions?.views).toBeGreaterThan(0);
    expect(afterClose.text).toBe('a red image about something.');
  });
});
