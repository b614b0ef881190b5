/**
 * No web page can tell the extension is installed (each browser, see ../driver.ts): none of its files can be
 * fetched or loaded from a page, not the side panel's page nor the script that reads a blob: image (injected with
 * `scripting` only when needed, so it needs no web-accessible resource). The side panel still opens for that page.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type ExtensionSession, launchSession, type TestPage } from '../../support/driver';
import { png } from '../../support/images';
import { type SiteServer, startSiteServer } from '../../support/site-server';

let session: ExtensionSession;
let site: SiteServer;
let page: TestPage;

beforeAll(async () => {
  site = await startSiteServer();
  session = await launchSession();
  const red = site.put('/red.png', { body: png(40, 30, [230, 20, 30, 255]), type: 'image/png' });
  site.put('/probe.html', {
    type: 'text/html',
    body: `<!doctype html><html><head><title>Probe</title></head><body><img id="red" src="${red}" width="120" height="90" alt="red"></body></html>`,
  });
  page = await session.openPage(`${site.origin}/probe.html`);
});
afterAll(async () => {
  await session?.close();
  await site?.close();
});

const FILES = [
  'src/content/read-image.js',
  'src/sidepanel/index.html',
  'manifest.json',
  'icons/icon-16.png',
  'src/popup/index.html',
];

test('a page can neither fetch nor load any of the extension’s files, the side panel’s included', async () => {
  // The probe itself must be able to see a file that exists: it loads the page's own image the same way.
  const probe = await page.evaluate(
    async ({ base, files, control }) => {
      const outcome = async (url: string) => {
        const fetched = await fetch(url).then(
          (r) => `status ${r.status}`,
          () => 'refused',
        );
        const loaded = await new Promise<string>((done) => {
          const script = document.createElement('script');
          script.src = url;
          script.onload = () => done('loaded');
          script.onerror = () => done('refused');
          document.head.append(script);
        });
        return `${fetched}, ${loaded}`;
      };
      const results: Record<string, string> = {};
      for (const file of files) results[file] = await outcome(base + file);
      results.control = await fetch(control).then(
        (r) => `status ${r.status}`,
        () => 'refused',
      );
      return results;
    },
    { base: session.baseUrl, files: FILES, control: `${site.origin}/red.png` },
  );
  expect(probe).toEqual({
    ...Object.fromEntries(FILES.map((f) => [f, 'refused, refused'])),
    control: 'status 200',
  });
});

test('the side panel still opens for that page', async () => {
  const panel = await session.askAboutImage(page, '#red');
  await expect.poll(() => panel.text('.sp-title')).toBe('Ask about this image');
});
