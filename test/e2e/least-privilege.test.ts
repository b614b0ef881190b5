/**
 * Least privilege, on the store build (dist-store/, which starts with no site at all; the other suites' test build
 * reads the local test servers from the start): Verdict Lens reads a page only after a click on its button or its
 * menu item on that page (activeTab), and an image another site keeps to itself only with the person's permission,
 * which it asks for in plain words. The network log shows no cookie went with a request the extension couldn't read.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { useTestModel } from '../support/engine-driver';
import { validFeed } from '../support/feed-fixtures';
import { ensureFixture, FIXTURE_MODEL_ID } from '../support/fixture';
import { artifactPath, type LoadedExtension, launchExtension, ROOT } from '../support/harness';
import { type HubServer, startHubServer } from '../support/hub-server';
import { png } from '../support/images';
import { askAboutImage } from '../support/side-panel';
import { type SiteServer, startSiteServer } from '../support/site-server';

const CDN_HOST = 'cdn.test';

describe('least privilege (store build)', () => {
  let ext: LoadedExtension;
  let hub: HubServer;
  let page: Page;
  let site: SiteServer;
  let cdn: SiteServer;
  /** The CDN's address under a name of its own: another site, as a real CDN is, served by the same local server. */
  let cdnOrigin: string;
  const red = png(96, 96, [220, 30, 30, 255]);
  const blue = png(96, 96, [20, 40, 240, 255]);
  const green = png(96, 96, [10, 200, 40, 255]);

  const answerIn = (panel: Page) => panel.locator('li.vl-a').last();
  const alertIn = (panel: Page) => panel.getByRole('alert').last();

  beforeAll(async () => {
    ensureFixture();
    hub = await startHubServer();
    cdn = await startSiteServer();
    cdnOrigin = `http://${CDN_HOST}:${new URL(cdn.origin).port}`;
    cdn.put('/kept.png', { body: blue, type: 'image/png' });
    cdn.put('/shared.png', { body: green, type: 'image/png', shared: true });
    cdn.put('/feed.json', { body: JSON.stringify(validFeed()), type: 'application/json' });
    site = await startSiteServer();
    site.put('/red.png', { body: red, type: 'image/png' });
    site.put('/page.html', {
      type: 'text/html',
      body: `<!doctype html><title>Gallery</title><img src="/red.png" width="96" height="96" alt="red">
<img src="${cdnOrigin}/kept.png" width="96" height="96" alt="blue">
<img src="${cdnOrigin}/shared.png" width="96" height="96" alt="green">`,
    });
    ext = await launchExtension({
      extensionDir: join(ROOT, 'dist-store'),
      extraArgs: [`--host-resolver-rules=MAP ${CDN_HOST} 127.0.0.1`],
    });
    await useTestModel(ext, hub.url, { backend: 'wasm' });
    // Agreed to the download already: this suite is about reading pages, not the consent.
    await ext.serviceWorker.evaluate(
      (id) => chrome.storage.local.set({ consentedModels: [id] }),
      FIXTURE_MODEL_ID,
    );
    page = await ext.context.newPage();
    await page.goto(`${site.origin}/page.html`);
    await ext.context.addCookies([
      { name: 'session', value: 'secret', domain: '127.0.0.1', path: '/', sameSite: 'Lax' },
      { name: 'cdn-session', value: 'secret', domain: CDN_HOST, path: '/', sameSite: 'None', secure: false },
    ]);
  });
  afterAll(async () => {
    await ext?.close();
    await hub?.close();
    await site?.close();
    await cdn?.close();
  });

  test('installed, it may read no site: the install prompt lists none', async () => {
    const granted = await ext.serviceWorker.evaluate(() => chrome.permissions.getAll());
    expect(granted.origins).toEqual([]);
    expect(granted.permissions).toEqual(expect.arrayContaining(['activeTab', 'tabs']));
    // Without a click the page is out of reach: reading it fails.
    const read = await ext.serviceWorker.evaluate(async (u) => {
      try {
        return (await fetch(u)).status;
      } catch {
        return 'refused';
      }
    }, `${site.origin}/red.png`);
    expect(read).toBe('refused');
  });

  test('before any click, even the page’s own image needs permission', async () => {
    const panel = await askAboutImage(ext, page, `${site.origin}/red.png`, { tabAccess: false });
    await expect
      .poll(() => alertIn(panel).textContent(), { timeout: 30_000 })
      .toContain('127.0.0.1 didn’t let Verdict Lens read this image');
    await panel.close();
  });

  test('the menu click gives it the page: the same image is answered', async () => {
    const panel = await askAboutImage(ext, page, `${site.origin}/red.png`);
    await expect
      .poll(() => answerIn(panel).textContent(), { timeout: 30_000 })
      .toBe('a red image about something.');
    await panel.close();
  });

  test('an image its site shares with everyone is answered with no permission at all', async () => {
    const panel = await askAboutImage(ext, page, `${cdnOrigin}/shared.png`);
    await expect
      .poll(() => answerIn(panel).textContent(), { timeout: 30_000 })
      .toBe('a green image about something.');
    await panel.close();
  });

  test('an image another site keeps to itself asks for permission in plain words, with no cookie sent', async () => {
    cdn.requests.splice(0);
    const panel = await askAboutImage(ext, page, `${cdnOrigin}/kept.png`);
    await expect
      .poll(() => alertIn(panel).textContent(), { timeout: 30_000 })
      .toContain(
        `${CDN_HOST} didn’t let Verdict Lens read this image: a site may keep its images to itself unless you allow the extension to read it.`,
      );
    expect(await panel.getByRole('button', { name: `Allow ${CDN_HOST}` }).count()).toBe(1);
    expect(await panel.getByRole('button', { name: 'Allow on all sites' }).count()).toBe(1);
    expect(await panel.getByRole('button', { name: 'Retry' }).count()).toBe(0);
    for (const scheme of ['light', 'dark'] as const) {
      await panel.emulateMedia({ colorScheme: scheme });
      await panel.screenshot({ path: artifactPath(`panel-needs-access-${scheme}.png`) });
    }
    // The request went out as a stranger's would: no cookie of the person's.
    const asked = cdn.requests.filter((r) => r.path === '/kept.png');
    expect(asked.length).toBeGreaterThan(0);
    for (const r of asked) expect(r.headers.cookie).toBeUndefined();
    // Each button asks the browser for its own sites, straight from the click (Chromium's prompt then waits for
    // an answer automation can't give: the calls are recorded on their way to the real API).
    await panel.evaluate(() => {
      const scope = window as unknown as { asked: string[][] };
      scope.asked = [];
      const real = chrome.permissions.request.bind(chrome.permissions);
      chrome.permissions.request = ((p: chrome.permissions.Permissions) => {
        scope.asked.push(p.origins ?? []);
        return real(p);
      }) as typeof chrome.permissions.request;
    });
    await panel.getByRole('button', { name: `Allow ${CDN_HOST}` }).click();
    await panel.getByRole('button', { name: 'Allow on all sites' }).click();
    await expect
      .poll(() => panel.evaluate(() => (window as unknown as { asked: string[][] }).asked))
      .toEqual([[`http://${CDN_HOST}/*`], ['http://*/*', 'https://*/*']]);
    await panel.close();
  });

  test('a feed its server shares with no one offers to allow that site, beside its error', async () => {
    const feedUrl = `${cdnOrigin}/feed.json`;
    const options = await ext.openExtensionPage('src/options/index.html');
    await options.locator('#feed-url').fill(feedUrl);
    await options.locator('#feed-url').press('Enter');
    await expect
      .poll(() => options.getByTestId('feed-error').textContent(), { timeout: 15_000 })
      .toContain(`The feed at ${feedUrl} could not be reached.`);
    await expect
      .poll(() => options.getByTestId('feed-access').textContent())
      .toContain(`${CDN_HOST} may share the feed only with sites it knows`);
    expect(await options.getByRole('button', { name: `Allow ${CDN_HOST}` }).count()).toBe(1);
    await options.close();
  });
});
