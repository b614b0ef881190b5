/**
 * `npm run dev`: builds the extension, opens a browser with it loaded on a page to try it on, and rebuilds on every
 * change (vite build --watch), reloading the extension after each rebuild.
 * - Chromium (default): playwright-core's persistent context with --load-extension (CHROMIUM_PATH, else
 *   /usr/bin/chromium); after each rebuild the service worker calls chrome.runtime.reload().
 * - Firefox (`npm run dev -- --firefox`): web-ext run on dist-firefox/, which reloads the add-on on changes itself
 *   (FIREFOX_PATH, else /usr/bin/firefox-esr).
 * The page is served from 127.0.0.1; a vendor URL is answered by the browser with a stand-in, so the badge and the
 * popup show a verdict without the network. `--headless` (or VERDICT_LENS_DEV_HEADLESS=1) and `--exit-after=N`
 * let CI, or you, check the loop itself.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  DEV_VENDOR_URL,
  type DevOptions,
  DevUsageError,
  devBuildCommand,
  devOutDir,
  devPageHtml,
  devVendorHtml,
  parseDevArgs,
} from './dev-options';

const ROOT = resolve(import.meta.dirname, '..');
const PICTURE = readFileSync(join(ROOT, 'public/welcome/try-me.png'));

function log(message: string): void {
  console.log(`[dev] ${message}`);
}

async function servePage(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    if (req.url === '/house.png') {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(PICTURE);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(devPageHtml());
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

/** Starts the watch build; `onBuilt` runs after every build, the first included. */
function startWatchBuild(options: DevOptions, onBuilt: (first: boolean) => void): ChildProcess {
  const { args, env } = devBuildCommand(options.browser);
  const child = spawn(join(ROOT, 'node_modules/.bin/vite'), args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let builds = 0;
  child.stdout?.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    process.stdout.write(text);
    if (/built in \d/.test(text)) onBuilt(builds++ === 0);
  });
  return child;
}

async function runChromium(options: DevOptions, pageUrl: string, outDir: string) {
  const { chromium } = await import('playwright-core');
  const userDataDir = mkdtempSync(join(tmpdir(), 'verdict-lens-dev-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: options.headless,
    viewport: null,
    args: [`--disable-extensions-except=${outDir}`, `--load-extension=${outDir}`, '--no-first-run'],
  });
  const picture = `data:image/png;base64,${PICTURE.toString('base64')}`;
  await context.route(`${DEV_VENDOR_URL}**`, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html',
      body: devVendorHtml(route.request().url(), picture),
    }),
  );
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  log(`extension loaded: ${new URL(worker.url()).host}`);
  const page = await context.newPage();
  await page.goto(pageUrl);
  log(`try it on ${pageUrl} (and ${DEV_VENDOR_URL} for a verdict)`);
  return {
    async reload() {
      const current = context.serviceWorkers()[0];
      // The worker goes away with the reload; its evaluate never answers, so it isn't awaited.
      void current?.evaluate(() => chrome.runtime.reload()).catch(() => undefined);
      const next = await context.waitForEvent('serviceworker', { timeout: 15_000 }).catch(() => null);
      log(
        next ? 'extension reloaded' : 'the extension did not come back within 15 s: see the browser’s errors',
      );
    },
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

function runFirefox(options: DevOptions, pageUrl: string, outDir: string) {
  const args = [
    'run',
    '--source-dir',
    outDir,
    '--firefox',
    process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
    '--start-url',
    pageUrl,
    '--no-input',
    ...(options.headless ? ['--arg=--headless'] : []),
  ];
  const child = spawn(join(ROOT, 'node_modules/.bin/web-ext'), args, { cwd: ROOT, stdio: 'inherit' });
  log(`web-ext run: try it on ${pageUrl}; web-ext reloads the add-on when dist-firefox/ changes`);
  return {
    async reload() {},
    async close() {
      child.kill('SIGINT');
    },
  };
}

async function main(): Promise<void> {
  let options: DevOptions;
  try {
    options = parseDevArgs(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof DevUsageError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const outDir = devOutDir(ROOT, options.browser);
  const { server, url } = await servePage();
  let browser: { reload(): Promise<void>; close(): Promise<void> } | null = null;
  const firstBuild = new Promise<void>((done) => {
    const build = startWatchBuild(options, (first) => {
      if (first) done();
      else void browser?.reload();
    });
    const stop = async (code: number) => {
      await browser?.close().catch(() => undefined);
      build.kill();
      server.close();
      process.exit(code);
    };
    process.on('SIGINT', () => void stop(0));
    if (options.exitAfterMs !== null) setTimeout(() => void stop(0), options.exitAfterMs);
  });
  await firstBuild;
  if (!existsSync(join(outDir, 'manifest.json')))
    throw new Error(`The build wrote no ${outDir}/manifest.json`);
  browser =
    options.browser === 'firefox'
      ? runFirefox(options, url, outDir)
      : await runChromium(options, url, outDir);
}

void main();
