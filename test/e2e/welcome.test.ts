/**
 * The welcome page in Chromium: its picture comes from the extension's own files and can be described right there
 * by the on-device model (the test model, from a local hub), and the page reads well in light and dark.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { useEngineSetup } from '../support/engine-setup';
import { artifactPath, WELCOME_PATH } from '../support/harness';

const setup = useEngineSetup({ pagePath: null, settings: { backend: 'wasm' } });

async function screenshots(page: Page, name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: artifactPath(`welcome-${name}-${scheme}.png`), fullPage: true });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

describe('welcome page', () => {
  test('names the model a first question downloads, with its size, and describes its own picture offline', async () => {
    const requests: string[] = [];
    setup.ext.context.on('request', (r) => requests.push(r.url()));
    const page = await setup.ext.openExtensionPage(WELCOME_PATH);
    await page.setViewportSize({ width: 900, height: 900 });
    await expect
      .poll(() => page.locator('[data-testid=model-download]').innerText())
      .toContain('Tiny SmolVLM');
    // The size is what the one download function says for this model on this device (the test model: kB).
    expect(await page.locator('[data-testid=model-download]').innerText()).toMatch(
      /Tiny SmolVLM \(test model\): (about )?[\d.]+ kB on this device, only after you agree/,
    );
    // The picture is the extension's own file: it loads with no network.
    expect(
      await page.locator('img.try-picture').evaluate((img) => (img as HTMLImageElement).naturalWidth),
    ).toBe(320);
    await screenshots(page, 'install');

    await page.getByRole('button', { name: 'Describe this picture' }).click();
    await page.getByRole('button', { name: 'Download and describe' }).click();
    await expect
      .poll(() => page.locator('li.vl-a').last().textContent(), { timeout: 60_000 })
      .toMatch(/image about something\.$/);
    // The model's files came from the hub (the engine's worker fetches them), and nothing the page itself requested
    // went anywhere else: the picture never went over the network.
    expect(setup.hub.fileRequests().length).toBeGreaterThan(0);
    const web = requests.filter((url) => !url.startsWith(`chrome-extension://${setup.ext.extensionId}/`));
    for (const url of web) expect(url.startsWith(setup.hub.url), url).toBe(true);
    await screenshots(page, 'answered');
    await page.getByRole('button', { name: '← Back to the picture' }).click();
    expect(await page.locator('img.try-picture').count()).toBe(1);
    await page.close();
  });
});
