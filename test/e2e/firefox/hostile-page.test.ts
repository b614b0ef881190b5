/**
 * Firefox: "Ask about this image" against the page itself, with a real right-click and Firefox's native menu (see
 * ../../support/firefox-session.ts). The page runs the same attack as Chromium's hostile-page.test.ts (a DOM walk
 * into every shadow root, key, input and clipboard listeners on document and window, synthetic clicks and key
 * presses in everything it finds, forged messages): the conversation lives in Firefox's sidebar, so the page sees
 * no question or answer, starts no download, stores no consent and asks nothing.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import type { TestPage } from '../../support/driver';
import { useSessionSetup } from '../../support/engine-setup';
import { artifactPath } from '../../support/harness';
import { HOSTILE_PAGE_SCRIPT, PAGE_QUESTION } from '../../support/hostile-page-script';
import { png } from '../../support/images';

const QUESTION = 'Where is the secret ball?';
const FIELD = 'input[aria-label="Question about this image"]';

describe('a hostile page can’t reach the conversation about its image (Firefox)', () => {
  const setup = useSessionSetup({ site: true, pagePath: null, settings: { backend: 'wasm' } });
  let page: TestPage;

  const seen = () => page.evaluate(() => (window as unknown as { seen: string[] }).seen.join('\n'), null);
  const rounds = () => page.evaluate(() => (window as unknown as { rounds: number }).rounds, null);
  const consented = () =>
    setup.ext.extensionApi(
      async () => (await chrome.storage.local.get('consentedModels')).consentedModels,
      null,
    );
  // Firefox runs a background tab's timers once a second (the panel's tab is in front): rounds come slowly.
  const manyRounds = async (count: number) => {
    const from = await rounds();
    await expect.poll(async () => (await rounds()) - from, { timeout: 30_000 }).toBeGreaterThan(count);
  };

  beforeAll(async () => {
    setup.site.put('/red.png', { body: png(64, 48, [230, 20, 30, 255]), type: 'image/png' });
    setup.site.put('/hostile.html', {
      type: 'text/html',
      body: `<!doctype html><html><head><title>Hostile</title><script>${HOSTILE_PAGE_SCRIPT}</script></head><body>
<p>Nothing to see here.</p><img id="red" src="/red.png" width="160" height="120" alt="red"></body></html>`,
    });
    page = await setup.ext.openPage(`${setup.site.origin}/hostile.html`);
  });

  test('choosing its image lets the page start no download, store no consent and submit no question', async () => {
    const hubRequests = setup.hub.requests.length;
    const panel = await setup.ext.askAboutImage(page, '#red');
    await expect.poll(() => panel.count('.vl-consent .vl-primary')).toBe(1);
    // Give the page's scripts many rounds at whatever the extension put into it.
    await manyRounds(8);
    expect(setup.hub.requests.length).toBe(hubRequests);
    expect(await consented()).toBeUndefined();
    expect(await seen()).not.toMatch(/Download|Ask about this image|Tiny SmolVLM/);
    // Still waiting for the person's consent, with no question asked.
    expect(await panel.count('li.vl-q')).toBe(0);
    await panel.close();
  });

  test('the person’s question and the answers stay out of the page’s reach, and the conversation works', async () => {
    const panel = await setup.ext.askAboutImage(page, '#red');
    await panel.click('.vl-consent .vl-primary');
    const lastAnswer = async () => (await panel.texts('li.vl-a')).at(-1) ?? null;
    await expect.poll(lastAnswer, { timeout: 60_000 }).toBe('a red image about something.');
    await panel.fill(FIELD, QUESTION);
    await panel.press('Enter');
    await expect.poll(lastAnswer, { timeout: 30_000 }).toBe('a red image about ball.');
    await panel.screenshot(artifactPath('firefox-hostile-page-panel.png'));
    expect(await panel.texts('li.vl-q')).toEqual([expect.any(String), QUESTION]);
    expect(await panel.texts('li.vl-q')).not.toContain(PAGE_QUESTION);

    await manyRounds(5);
    const text = await seen();
    expect(text).not.toContain('secret');
    expect(text).not.toMatch(/a red image about/);
    // Not one keystroke, input or copy of the person's reached the page's listeners.
    expect(text).not.toMatch(/^(keydown|keyup|keypress|beforeinput|input|copy):/m);
    // The forged messages found no listener: a Firefox page has no extension runtime to send through.
    const forged = await page.evaluate(() => (window as unknown as { forged: string[] }).forged, null);
    for (const outcome of forged) expect(outcome).not.toMatch(/^reply:(?!undefined)/);
    await panel.close();
  });
});
