/**
 * Firefox, on its store build (dist-firefox-store/, which starts with no site; the test build reads the local test
 * servers from the start): a real right-click on an image another site keeps to itself shows the sentence and the
 * "Allow" buttons, and pressing one asks Firefox for exactly that site and, once given, answers. Unlike Chrome,
 * Firefox's activeTab (from the same click) doesn't let the extension's own requests read the page's site, so the
 * page's own image asks the same way. Firefox's prompt is
 * answered yes by its test preference (extensions.webextOptionalPermissionPrompts), the part Chromium's automation
 * can't reach; the request itself comes from the person's click, as Firefox requires.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { TestPage } from '../../support/driver';
import { useSessionSetup } from '../../support/engine-setup';
import { FIXTURE_MODEL_ID } from '../../support/fixture';
import { artifactPath, ROOT } from '../../support/harness';
import { png } from '../../support/images';
import { startSiteServer } from '../../support/site-server';

const CDN_HOST = 'cdn.test';

describe('least privilege in Firefox (store build)', () => {
  const setup = useSessionSetup({
    site: true,
    pagePath: null,
    settings: { backend: 'wasm' },
    firefox: {
      extensionDir: join(ROOT, 'dist-firefox-store'),
      prefs: {
        'extensions.webextOptionalPermissionPrompts': false,
        // cdn.test is this machine: another site's name for the same local server.
        'network.dns.localDomains': CDN_HOST,
      },
    },
  });
  let page: TestPage;
  let cdnOrigin: string;

  beforeAll(async () => {
    const cdn = await startSiteServer();
    cdnOrigin = `http://${CDN_HOST}:${new URL(cdn.origin).port}`;
    cdn.put('/kept.png', { body: png(64, 48, [20, 40, 240, 255]), type: 'image/png' });
    setup.site.put('/red.png', { body: png(64, 48, [230, 20, 30, 255]), type: 'image/png' });
    setup.site.put('/gallery.html', {
      type: 'text/html',
      body: `<!doctype html><html><head><title>Gallery</title></head><body>
<img id="own" src="/red.png" width="160" height="120" alt="red">
<img id="kept" src="${cdnOrigin}/kept.png" width="160" height="120" alt="blue"></body></html>`,
    });
    await setup.ext.extensionApi(
      (id) => chrome.storage.local.set({ consentedModels: [id] }),
      FIXTURE_MODEL_ID,
    );
    page = await setup.ext.openPage(`${setup.site.origin}/gallery.html`);
    return () => cdn.close();
  });

  test('installed, it may read no site', async () => {
    const granted = await setup.ext.extensionApi(() => chrome.permissions.getAll(), null);
    expect(granted.origins ?? []).toEqual([]);
  });

  test('an image another site keeps to itself: "Allow cdn.test" asks Firefox for that site, then answers', async () => {
    const panel = await setup.ext.askAboutImage(page, '#kept');
    await expect
      .poll(() => panel.text('[role=alert]'), { timeout: 30_000 })
      .toContain(`${CDN_HOST} didn’t let Verdict Lens read this image`);
    await panel.screenshot(artifactPath('firefox-panel-needs-access.png'));
    await panel.click('[role=alert] .vl-primary');
    await expect
      .poll(async () => (await panel.texts('li.vl-a')).at(-1), { timeout: 60_000 })
      .toBe('a blue image about something.');
    const granted = await setup.ext.extensionApi(() => chrome.permissions.getAll(), null);
    expect(granted.origins).toEqual([`http://${CDN_HOST}/*`]);
    await panel.close();
  });

  test('the page’s own image asks too: Firefox’s activeTab doesn’t reach the extension’s own requests', async () => {
    const panel = await setup.ext.askAboutImage(page, '#own');
    const host = new URL(setup.site.origin).hostname;
    await expect
      .poll(() => panel.text('[role=alert]'), { timeout: 30_000 })
      .toContain(`${host} didn’t let Verdict Lens read this image`);
    await panel.click('[role=alert] .vl-primary');
    await expect
      .poll(async () => (await panel.texts('li.vl-a')).at(-1), { timeout: 60_000 })
      .toBe('a red image about something.');
    const granted = await setup.ext.extensionApi(() => chrome.permissions.getAll(), null);
    expect(granted.origins).toEqual(expect.arrayContaining([`http://${host}/*`, `http://${CDN_HOST}/*`]));
    await panel.close();
  });
});
