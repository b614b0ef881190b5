/**
 * The pure parts of `npm run dev` (scripts/dev.ts): which browser, headless or not, for how long, where the build
 * goes, and the page to try the extension on. Kept apart so they are tested in Node without starting anything.
 */
import { resolve } from 'node:path';

export interface DevOptions {
  browser: 'chromium' | 'firefox';
  /** No window: for CI and for checking the loop itself (`--headless`, or VERDICT_LENS_DEV_HEADLESS=1). */
  headless: boolean;
  /** Stop by itself after this long (`--exit-after=SECONDS`); null runs until Ctrl-C. */
  exitAfterMs: number | null;
}

export class DevUsageError extends Error {}

export const DEV_USAGE =
  'Usage: npm run dev [-- --firefox] [--headless] [--exit-after=SECONDS]\n' +
  '  Builds, opens the browser with the extension loaded on a page to try it on, and rebuilds on every change.';

export function parseDevArgs(
  argv: readonly string[],
  env: Record<string, string | undefined> = {},
): DevOptions {
  const options: DevOptions = {
    browser: 'chromium',
    headless: env.VERDICT_LENS_DEV_HEADLESS === '1' || env.CI === 'true',
    exitAfterMs: null,
  };
  for (const arg of argv) {
    if (arg === '--firefox') options.browser = 'firefox';
    else if (arg === '--chromium' || arg === '--chrome') options.browser = 'chromium';
    else if (arg === '--headless') options.headless = true;
    else if (arg.startsWith('--exit-after=')) {
      const seconds = Number(arg.slice('--exit-after='.length));
      if (!Number.isFinite(seconds) || seconds <= 0)
        throw new DevUsageError(`${arg}: give a number of seconds.`);
      options.exitAfterMs = Math.round(seconds * 1000);
    } else throw new DevUsageError(`Unknown option ${arg}.\n${DEV_USAGE}`);
  }
  return options;
}

/** Where each browser's build goes, as `npm run build` and `npm run build:firefox` write it. */
export function devOutDir(root: string, browser: DevOptions['browser']): string {
  return resolve(root, browser === 'firefox' ? 'dist-firefox' : 'dist');
}

/** The watch build: the same `vite build` as a release, rebuilt on every change. */
export function devBuildCommand(browser: DevOptions['browser']): {
  args: string[];
  env: Record<string, string>;
} {
  return {
    args: [
      'build',
      '--watch',
      '--mode',
      'development',
      ...(browser === 'firefox' ? ['--outDir', 'dist-firefox'] : []),
    ],
    env: browser === 'firefox' ? { VERDICT_LENS_BROWSER: 'firefox' } : {},
  };
}

/** A vendor page the extension knows (its badge and popup show a verdict there); the dev browser serves a stand-in. */
export const DEV_VENDOR_URL = 'https://huggingface.co/HuggingFaceTB/SmolVLM-256M-Instruct';

/** The page to try it on: pictures to right-click, and a link to a vendor page for the verdict side. */
export function devPageHtml(): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Verdict Lens: try it here</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:760px;margin:40px auto;padding:0 20px}
img{border-radius:8px;margin:8px 8px 0 0}</style></head>
<body>
<h1>Try Verdict Lens here</h1>
<p>Right-click a picture and choose <strong>Ask about this image</strong>.</p>
<p><img src="/house.png" width="320" height="240" alt="A drawn house with a red roof">
<img src="/house.png" width="160" height="120" alt="The same house, smaller"></p>
<p>For a verdict, open a tool's page and click the toolbar icon:
<a href="${DEV_VENDOR_URL}">SmolVLM-256M-Instruct on Hugging Face</a>
(served by the dev browser from this machine, as the real site can't be reached here).</p>
</body>
</html>`;
}

/**
 * The stand-in for the vendor page: the extension matches its URL; its picture (inline, since an https page can't
 * show an http one) works for the popup's demo too.
 */
export function devVendorHtml(url: string, pictureDataUrl: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>SmolVLM-256M-Instruct · Hugging Face (stand-in)</title></head>
<body><h1>HuggingFaceTB/SmolVLM-256M-Instruct</h1><p>Stand-in page for ${url}: click the Verdict Lens icon.</p>
<img src="${pictureDataUrl}" width="320" height="240" alt="A drawn house"></body></html>`;
}
