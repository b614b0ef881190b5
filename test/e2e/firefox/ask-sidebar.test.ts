/**
 * Firefox only: a real right-click and the native menu's "Ask about this image" open Firefox's sidebar on the tab's
 * own panel page (sidebarAction.open runs from the menu's handler, the user action it needs); the driver checks the
 * sidebar in the browser's chrome (see ../firefox-session.ts). A right-click on another image in the tab moves the
 * same panel on to it; nothing is added to the page.
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
  const red = site.put('/red.png', { body: png(32, 32, [230, 20, 30, 255]), type: 'image/png' });
  site.put('/two.html', {
    type: 'text/html',
    body: `<!doctype html><html><head><title>Two</title></head><body style="margin:0">
<img id="first" src="${blue}" width="100" height="100" alt="first" style="position:absolute;left:10px;top:10px">
<img id="second" src="${red}" width="100" height="100" alt="second" style="position:absolute;left:400px;top:300px">
</body></html>`,
  });
  page = await session.openPage(`${site.origin}/two.html`);
});
afterAll(async () => {
  await session?.close();
  await site?.close();
});

test('the menu opens the sidebar on the tab’s panel, which follows the next right-click; the page gets nothing', async () => {
  const panel = await session.askAboutImage(page, '#second');
  expect(await panel.text('[data-testid=ask-source]')).toMatch(/: red\.png$/);
  await panel.screenshot(artifactPath('firefox-sidebar-panel.png'));

  const again = await session.askAboutImage(page, '#first');
  expect(again.url()).toBe(panel.url());
  expect(await again.text('[data-testid=ask-source]')).toMatch(/: blue\.png$/);
  const pageHtml = await page.evaluate(() => document.body.innerHTML, null);
  expect(pageHtml).not.toMatch(/Ask about|vl-|verdict-lens/);
});
