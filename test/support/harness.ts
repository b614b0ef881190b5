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
