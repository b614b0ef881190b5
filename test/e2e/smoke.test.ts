import { afterAll, beforeAll, expect, test } from 'vitest';
import { type LoadedExtension, launchExtension } from '../support/harness';

let ext: LoadedExtension;
beforeAll(async () => {
  ext = await launchExtension();
});
afterAll(async () => {
  await ext?.close();
});

test('the built extension loads and its popup page renders', async () => {
  expect(ext.extensionId).toMatch(/^[a-p]{32}$/);
  const popup = await ext.openExtensionPage('src/popup/index.html');
  await expect(popup.locator('.brand').textContent()).resolves.toContain('Verdict Lens');
});
