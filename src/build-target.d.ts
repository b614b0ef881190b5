/**
 * The browser a bundle is built for, replaced by a literal at build time (vite.config.ts `define`), so the bundler
 * drops the other browser's code (Chrome's offscreen document path is not in the Firefox package). Undefined where
 * no bundler ran (Node unit tests).
 */
declare const __VERDICT_LENS_BROWSER__: 'chrome' | 'firefox';

/**
 * True in builds for the e2e tests (VERDICT_LENS_TEST_HOOKS=1: `npm run build`, `build:firefox`), false in store
 * packages (`npm run package`, `build:store`), so fault hooks such as lose-gpu-at-next-token are left out of them.
 */
declare const __VERDICT_LENS_TEST_HOOKS__: boolean;
