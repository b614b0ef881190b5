/**
 * The browser a bundle is built for, replaced by a literal at build time (vite.config.ts `define`), so the bundler
 * drops the other browser's code (Chrome's offscreen document path is not in the Firefox package). Undefined where
 * no bundler ran (Node unit tests).
 */
declare const __VERDICT_LENS_BROWSER__: 'chrome' | 'firefox';
