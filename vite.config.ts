import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig, type Plugin } from 'vite';
import manifest from './manifest.json' with { type: 'json' };
import { forTestBuild, manifestFor, type TargetBrowser } from './scripts/manifest-for-browser.ts';

const browser: TargetBrowser = process.env.VERDICT_LENS_BROWSER === 'firefox' ? 'firefox' : 'chrome';
const testBuild = process.env.VERDICT_LENS_TEST_HOOKS === '1';
// The bench's build reads the local test servers too (VERDICT_LENS_LOCAL_SITES=1), without the test hooks.
const localSites = testBuild || process.env.VERDICT_LENS_LOCAL_SITES === '1';
const browserManifest = manifestFor(manifest, browser);

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * Offline builds: VERDICT_LENS_BUNDLE_MODELS names a folder of hub-style repos (`<org>/<name>/config.json`, `onnx/…`)
 * to ship inside the extension under models/, listed in models/bundled.json for the engine.
 */
function bundleModels(dir: string | undefined): Plugin {
  return {
    name: 'verdict-lens:bundle-models',
    apply: 'build',
    generateBundle() {
      if (!dir) return;
      const root = resolve(dir);
      if (!existsSync(root)) throw new Error(`VERDICT_LENS_BUNDLE_MODELS: no folder at ${root}`);
      const ids: string[] = [];
      for (const file of filesUnder(root)) {
        const path = relative(root, file).split('\\').join('/');
        if (/^[^/]+\/[^/]+\/config\.json$/.test(path)) ids.push(path.replace(/\/config\.json$/, ''));
        this.emitFile({ type: 'asset', fileName: `models/${path}`, source: readFileSync(file) });
      }
      this.emitFile({ type: 'asset', fileName: 'models/bundled.json', source: JSON.stringify(ids.sort()) });
    },
  };
}

/**
 * PRIVACY.md ships inside the extension as PRIVACY.txt (browsers show .txt as text, .md as a download), so the
 * welcome page and Options link to the statement itself, offline, rather than to a copy that could drift.
 */
function shipPrivacyStatement(): Plugin {
  return {
    name: 'verdict-lens:privacy-statement',
    apply: 'build',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'PRIVACY.txt', source: readFileSync('PRIVACY.md', 'utf8') });
    },
  };
}

/**
 * The panel's script is injected with `scripting.executeScript`, which needs no web-accessible resource, but crxjs
 * lists every `?script` import as one for all http(s) pages; then any page could fetch it and learn the extension
 * is installed. Nothing else is web-accessible, so the key goes.
 */
function noWebAccessibleResources(): Plugin & { renderCrxManifest(m: Record<string, unknown>): object } {
  return {
    name: 'verdict-lens:no-web-accessible-resources',
    // After crxjs's own "post" plugin that adds them (plugins with the same enforce run in the order listed).
    enforce: 'post',
    renderCrxManifest(m) {
      const { web_accessible_resources: _dropped, ...rest } = m;
      return rest;
    },
  };
}

export default defineConfig({
  plugins: [
    preact(),
    crx({
      manifest: (localSites ? forTestBuild(browserManifest) : browserManifest) as typeof manifest,
      browser,
    }),
    noWebAccessibleResources(),
    bundleModels(process.env.VERDICT_LENS_BUNDLE_MODELS),
    shipPrivacyStatement(),
  ],
  define: {
    __VERDICT_LENS_BROWSER__: JSON.stringify(browser),
    __VERDICT_LENS_TEST_HOOKS__: JSON.stringify(testBuild),
  },
  build: {
    // Every target browser (Chrome 116+, Firefox 140+) supports <link rel="modulepreload">: the polyfill would only be
    // one more module the popup fetches and runs before its first paint.
    modulePreload: { polyfill: false },
    target: 'chrome116',
    sourcemap: false,
    emptyOutDir: true,
    // Pages the manifest doesn't name: the welcome page (opened by the background on install) and the offscreen
    // document (Chrome's background opens it on first use). Firefox has no offscreen documents (its background page
    // hosts the engine), so its package leaves that page out; crxjs builds the pages Chrome's manifest names, and
    // Firefox's sidebar_action (the side panel's page) it doesn't know, so it is named here.
    rollupOptions: {
      input:
        browser === 'chrome'
          ? { offscreen: 'src/offscreen/index.html', welcome: 'src/welcome/index.html' }
          : { sidepanel: 'src/sidepanel/index.html', welcome: 'src/welcome/index.html' },
      output: {
        // The background entry's hash would cover crxjs's id for the panel script, an absolute path, so a build in
        // another folder (AMO's reviewers rebuild from the source archive) named it differently. Its name is fixed
        // instead; the chunks it imports keep content hashes, so the name still changes when they do.
        chunkFileNames: (chunk) =>
          chunk.facadeModuleId?.endsWith('/src/background/index.ts')
            ? 'assets/background.js'
            : 'assets/[name]-[hash].js',
        // The side panel's entry imports the blob reader's script the same way (crxjs's absolute id), so it is named
        // the same way for the same reason.
        entryFileNames: (chunk) =>
          chunk.name === 'sidepanel' ? 'assets/sidepanel.js' : 'assets/[name]-[hash].js',
      },
    },
  },
  worker: { format: 'es' },
  server: { cors: { origin: [/chrome-extension:\/\//] } },
});
