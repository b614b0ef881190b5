/**
 * Firefox only: its context menu names the exact element right-clicked (menus.getTargetElement), so when one
 * image URL shows twice on a page the panel opens beside the copy that was clicked. Chrome's menu gives only the
 * URL, so there the first visible copy stands in.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type ExtensionSession, launchSession, type TestPage } from '../../support/driver';
import { artifactPath } from '../../support/harness';
import { png } from '../../support/images';
import { type SiteServer, startSiteServer } from '../../support/site-server';

let session: ExtensionSession;
let site: SiteServer;
let page: TestPage;

beforeAll(async () => {
  site = await startSiteServer();
  session = await launchSession();
  const blue = site.put('/blue.png', { body: png(32, 32, [20, 40, 240, 255]), type: 'image/png' });
  site.put('/twice.html', {
    type: 'text/html',
    body: `<!doctype html><html><head><title>Twice</title></head><body style="margin:0">
<img id="first" src="${blue}" width="100" height="100" alt="first" style="position:absolute;left:10px;top:10px">
<img id="second" src="${blue}" width="100" height="100" alt="second" style="position:absolute;left:400px;top:300px">
</body></html>`,
  });
  page = await session.openPage(`${site.origin}/twice.html`);
});
afterAll(async () => {
  await session?.close();
  await site?.close();
});

const rectOf = (selector: string) =>
  page.evaluate((s) => {
    const r = document.querySelector(s)?.getBoundingClientRect();
    return r ? { left: r.left, right: r.right, top: r.top } : null;
  }, selector);

test('the panel opens beside the copy of an image that was right-clicked, not the first with that URL', async () => {
  await session.askAboutImage(page, '#second');
  const panel = await rectOf('verdict-lens-panel');
  const second = await rectOf('#second');
  expect(panel && second && panel.left).toBeGreaterThanOrEqual(second?.right ?? Number.POSITIVE_INFINITY);
  await page.screenshot(artifactPath('firefox-panel-beside-second-copy.png'));
  await page.press('Escape');
  await expect.poll(() => page.count('.vl-panel')).toBe(0);

  await session.askAboutImage(page, '#first');
  const again = await rectOf('verdict-lens-panel');
  const first = await rectOf('#first');
  expect(again?.left).toBeLessThan(second?.left ?? 0);
  expect(again && first && again.left).toBeGreaterThanOrEqual(first?.right ?? Number.POSITIVE_INFINITY);
});
