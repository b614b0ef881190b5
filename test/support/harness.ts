/**
 * Launches Debian's Chromium with the built extension (dist/) loaded, headless, the way every e2e test needs it.
 * Vendor sites are unreachable here, so tests route their real URLs to local stand-in pages.
 * A behaviour that applies in Firefox too belongs in test/e2e/shared/, written against ./driver.ts instead.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page, type Worker } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');
/** Helpers working in parallel build into their own folder and point tests at it with VERDICT_LENS_DIST. */
export const DIST = process.env.VERDICT_LENS_DIST
  ? resolve(process.env.VERDICT_LENS_DIST)
  : join(ROOT, 'dist');
export const ARTIFACTS = join(ROOT, 'test-results');

export interface LoadedExtension {
  context: BrowserContext;
  extensionId: string;
  serviceWorker: Worker;
  /** Opens an extension page (e.g. 'src/popup/index.html?tabId=3') in a new tab. */
  openExtensionPage(path: string): Promise<Page>;
  /**
   * What a click on the extension's toolbar button or its "Ask about this image" menu item gives it: access to the
   * tab's page (activeTab), until the tab navigates elsewhere. Chromium's own toolbar click, over the DevTools
   * protocol (headless, it opens no popup page).
   */
  grantTabAccess(page: Page): Promise<void>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** WebGPU through SwiftShader on the CPU; off by default since most tests don't need it. */
  webgpu?: boolean;
  extensionDir?: string;
  /** More command-line switches, e.g. a V8 flag that caps WebAssembly memory so a large model can't fit. */
  extraArgs?: string[];
  /**
   * Leave the welcome tab the install opens. Closed by default: tests drive tabs of their own, and a tab opening
   * (and becoming the active one) while they run would make them depend on its timing.
   */
  keepWelcomePage?: boolean;
}

export const WELCOME_PATH = 'src/welcome/index.html';

/** Waits for the welcome tab a fresh install opens (a test failure if it never does), then closes it. */
async function closeWelcomePage(context: BrowserContext, extensionId: string): Promise<void> {
  const url = `chrome-extension://${extensionId}/${WELCOME_PATH}`;
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const page = context.pages().find((p) => p.url() === url);
    if (page) return page.close();
    await new Promise((done) => setTimeout(done, 50));
  }
  throw new Error(`The install did not open ${url}`);
}

export async function launchExtension(options: LaunchOptions = {}): Promise<LoadedExtension> {
  const extensionDir = options.extensionDir ?? DIST;
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`No built extension at ${extensionDir}: run \`npm run build\` first.`);
  }
  const userDataDir = mkdtempSync(join(tmpdir(), 'verdict-lens-e2e-'));
  const args = [
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    '--no-sandbox',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-dev-shm-usage',
    // Lets the DevTools protocol click the toolbar button (Extensions.triggerAction), the gesture behind activeTab.
    '--enable-unsafe-extension-debugging',
  ];
  if (options.webgpu) {
    args.push('--enable-unsafe-webgpu', '--enable-unsafe-swiftshader', '--use-webgpu-adapter=swiftshader');
  }
  if (options.extraArgs) args.push(...options.extraArgs);
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args,
    viewport: { width: 1200, height: 800 },
  });
  const serviceWorker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(serviceWorker.url()).host;
  if (!options.keepWelcomePage) await closeWelcomePage(context, extensionId);
  return {
    context,
    extensionId,
    serviceWorker,
    async openExtensionPage(path: string) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${path}`);
      return page;
    },
    async grantTabAccess(page: Page) {
      const browser = context.browser();
      if (!browser) throw new Error('grantTabAccess: no browser to talk to');
      const cdp = await browser.newBrowserCDPSession();
      // Tab targets name no page: mark this one's address for a moment (a same-document change, which keeps any
      // access) so its tab can be told from others showing the same page.
      const url = page.url();
      const marked = `${url.replace(/#.*$/, '')}#verdict-lens-test-${Math.random().toString(36).slice(2)}`;
      const setUrl = (to: string) => page.evaluate((u) => history.replaceState(history.state, '', u), to);
      try {
        await setUrl(marked);
        let tab: { targetId: string } | undefined;
        for (let i = 0; i < 100 && !tab; i++) {
          const { targetInfos } = await cdp.send('Target.getTargets', { filter: [{ type: 'tab' }] });
          tab = targetInfos.find((t) => t.url === marked);
          if (!tab) await new Promise((done) => setTimeout(done, 20));
        }
        if (!tab) throw new Error(`grantTabAccess: no tab shows ${url}`);
        // Headless, the click opens no popup page of its own: only the access it gives stays.
        await cdp.send(
          'Extensions.triggerAction' as never,
          { id: extensionId, targetId: tab.targetId } as never,
        );
        await setUrl(url);
      } finally {
        await cdp.detach();
      }
    },
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Serves `body` (HTML) at `url`, so a real site's page loads offline with what a test puts on it. */
export async function routePage(context: BrowserContext, url: string, body: string): Promise<void> {
  await context.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html', body }));
}

/** Serves `html` at every URL under `urlPrefix` (e.g. 'https://vercel.com/'), so real vendor URLs load offline. */
export async function routeStandInSite(
  context: BrowserContext,
  urlPrefix: string,
  title: string,
): Promise<void> {
  await context.route(`${urlPrefix}**`, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><html><head><title>${title}</title></head><body><h1>${title}</h1><p>Stand-in page for ${route.request().url()}</p></body></html>`,
    }),
  );
}

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}
