/**
 * "Ask about this image" against the page itself, in real Chromium: a page whose scripts walk the DOM (shadow roots
 * included, closed ones opened by patching attachShadow), listen to key, input and clipboard events on document and
 * window, click every button and press keys in every field they find, and post forged messages (window.postMessage,
 * and chrome.runtime.sendMessage to the extension's id). The conversation lives in the browser's side panel, so
 * none of it sees a question or an answer, starts the model's download, stores consent or submits a question.
 *
 * Each runs twice: on a loopback page, and as plain http on a name that isn't loopback (plain.test, mapped to
 * 127.0.0.1), which is not a secure context: the conversation must work there too (crypto.randomUUID doesn't exist
 * in such a page).
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { useEngineSetup } from '../support/engine-setup';
import { artifactPath } from '../support/harness';
import { HOSTILE_PAGE_SCRIPT as ATTACK, PAGE_QUESTION } from '../support/hostile-page-script';
import { png } from '../support/images';
import { askAboutImage, tabIdOf } from '../support/side-panel';

const QUESTION = 'Where is the secret ball?';

/** A loopback page (a secure context) and a plain-http one under another name (not one). */
describe.each([
  ['a loopback page', (port: string) => `http://127.0.0.1:${port}`, true],
  ['a plain-http page', (port: string) => `http://plain.test:${port}`, false],
] as const)('%s, hostile, can’t reach the conversation about its image', (_label, originFor, secure) => {
  const setup = useEngineSetup({
    pagePath: null,
    site: true,
    settings: { backend: 'wasm' },
    extraArgs: ['--host-resolver-rules=MAP plain.test 127.0.0.1'],
  });
  let page: Page;
  let origin: string;

  const seen = () => page.evaluate(() => (window as unknown as { seen: string[] }).seen.join('\n'));
  const rounds = () => page.evaluate(() => (window as unknown as { rounds: number }).rounds);
  const consented = () =>
    setup.ext.serviceWorker.evaluate(
      async () => (await chrome.storage.local.get('consentedModels')).consentedModels,
    );

  beforeAll(async () => {
    origin = originFor(new URL(setup.site.origin).port);
    setup.site.put('/red.png', { body: png(64, 48, [230, 20, 30, 255]), type: 'image/png' });
    setup.site.put('/hostile.html', {
      type: 'text/html',
      body: `<!doctype html><html><head><title>Hostile</title><script>${ATTACK}</script></head><body>
<p>Nothing to see here.</p><img id="red" src="/red.png" width="160" height="120" alt="red"></body></html>`,
    });
    page = await setup.ext.context.newPage();
    await page.goto(`${origin}/hostile.html?ext=${setup.ext.extensionId}`);
    await page.locator('#red').evaluate((img) => (img as HTMLImageElement).decode());
  });

  test('choosing its image lets the page start no download, store no consent and submit no question', async () => {
    const hubRequests = setup.hub.requests.length;
    const tabId = await tabIdOf(setup.ext, page);
    await setup.ext.serviceWorker.evaluate(
      async (click) => {
        const hook = (self as unknown as { verdictLens: { askAboutImage(c: object): Promise<void> } })
          .verdictLens;
        await hook.askAboutImage(click);
      },
      { tabId, frameId: 0, srcUrl: `${origin}/red.png`, pageUrl: page.url(), pageTitle: 'Hostile' },
    );
    // Give the page's scripts many rounds at whatever the extension put into it.
    const from = await rounds();
    await expect.poll(async () => (await rounds()) - from, { timeout: 20_000 }).toBeGreaterThan(20);
    // A download, once started, reaches the hub within moments.
    await page.waitForTimeout(3000);
    expect(setup.hub.requests.length).toBe(hubRequests);
    expect(await consented()).toBeUndefined();
    expect(await seen()).not.toMatch(/Download|Ask about this image|Tiny SmolVLM/);

    const side = await askAboutImage(setup.ext, page, `${origin}/red.png`);
    // Still waiting for the person's consent, with no question asked.
    await side.getByRole('button', { name: 'Download and describe' }).waitFor();
    expect(await side.locator('li.vl-q').count()).toBe(0);
    await side.close();
  });

  test('the person’s question, the answers and a copied answer stay out of the page’s reach, and the conversation works', async () => {
    expect(await page.evaluate(() => isSecureContext)).toBe(secure);
    const side = await askAboutImage(setup.ext, page, `${origin}/red.png`);
    await side.getByRole('button', { name: 'Download and describe' }).click();
    const answers = side.locator('li.vl-a');
    await expect
      .poll(() => answers.last().textContent(), { timeout: 60_000 })
      .toBe('a red image about something.');
    await side.getByRole('textbox', { name: 'Question about this image' }).pressSequentially(QUESTION);
    await side.keyboard.press('Enter');
    await expect
      .poll(() => answers.last().textContent(), { timeout: 30_000 })
      .toBe('a red image about ball.');
    await side.getByRole('button', { name: 'Copy answer' }).click();
    await side.screenshot({
      path: artifactPath(`hostile-page-side-panel-${secure ? 'loopback' : 'plain'}.png`),
    });
    // Only the person's questions were asked: the default one and theirs.
    expect(await side.locator('li.vl-q').allTextContents()).toEqual([expect.any(String), QUESTION]);
    expect(await side.locator('li.vl-q').allTextContents()).not.toContain(PAGE_QUESTION);

    const from = await rounds();
    await expect.poll(async () => (await rounds()) - from, { timeout: 20_000 }).toBeGreaterThan(10);
    const text = await seen();
    expect(text).not.toContain('secret');
    expect(text).not.toMatch(/a red image about/);
    // Not one keystroke, input or copy of the person's reached the page's listeners.
    expect(text).not.toMatch(/^(keydown|keyup|keypress|beforeinput|input|copy):/m);
    // The forged messages found no listener: the page has no runtime to send through, or the extension ignored them.
    const forged = await page.evaluate(() => (window as unknown as { forged: string[] }).forged);
    for (const outcome of forged) expect(outcome).not.toMatch(/^reply:(?!undefined)/);
    await side.close();
  });
});
