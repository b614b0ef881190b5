/**
 * One small driver interface over both browsers, so a behaviour is written once and runs in Chromium (Playwright)
 * and in Firefox ESR (puppeteer-core over WebDriver BiDi).
 *
 * How to use it:
 * - Write the test in test/e2e/shared/<name>.test.ts against `ExtensionSession` and `TestPage`, starting with
 *   `const session = await launchSession({ ... })`. The `e2e` project runs it in Chromium, the `e2e-firefox`
 *   project in Firefox (VERDICT_LENS_E2E_BROWSER picks; `session.browserName` says which, for the few lines that
 *   differ, such as the backend's name in the UI).
 * - Selectors are plain CSS and reach into open shadow roots, but each selector must match within one root.
 * - Browser-only checks stay in their own files: test/e2e/*.test.ts (Chromium, Playwright's full API through
 *   harness.ts) and test/e2e/firefox/*.test.ts (Firefox, through firefox-harness.ts).
 * - Callbacks given to `evaluate`/`extensionApi` run in the browser: no closures over test variables, and no named
 *   inner functions (the test transpiler wraps them in a helper the page doesn't have).
 */

export type BrowserName = 'chromium' | 'firefox';

export const E2E_BROWSER: BrowserName =
  process.env.VERDICT_LENS_E2E_BROWSER === 'firefox' ? 'firefox' : 'chromium';

export interface Evaluator {
  evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
}

/** A tab: a web page or an extension page. */
export interface TestPage extends Evaluator {
  url(): string;
  goto(url: string): Promise<void>;
  /** textContent of the first element matching `selector`, or null when none does. */
  text(selector: string): Promise<string | null>;
  /** textContent of every element matching `selector`, in document order. */
  texts(selector: string): Promise<string[]>;
  count(selector: string): Promise<number>;
  /** A real click (trusted input events) on the first match, waiting for it to appear. */
  click(selector: string): Promise<void>;
  /** Replaces the value of the input matching `selector` by typing `value` into it. */
  fill(selector: string, value: string): Promise<void>;
  /** A key press on whatever has focus, e.g. 'Enter', 'Escape'. */
  press(key: string): Promise<void>;
  setViewport(width: number, height: number): Promise<void>;
  /** Of the whole page, or of the first element matching `selector`. */
  screenshot(path: string, selector?: string): Promise<void>;
  close(): Promise<void>;
}

export interface ExtensionSession {
  browserName: BrowserName;
  /** 'chrome-extension://<id>/' or 'moz-extension://<uuid>/' */
  baseUrl: string;
  /** Opens a web page in a new tab and waits for it to load. */
  openPage(url: string): Promise<TestPage>;
  /** Opens an extension page (e.g. 'src/popup/index.html?tabId=3') in a new tab. */
  openExtensionPage(path: string): Promise<TestPage>;
  /**
   * Runs `fn` where the extension's APIs are (`chrome.*`): Chromium's service worker, or an extension tab in
   * Firefox. For tabs, storage, the badge; not for state that lives only in the background's memory.
   */
  extensionApi<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  /** Serves a stand-in page titled `title` for every URL under `urlPrefix`, in tabs opened from now on. */
  standInSite(urlPrefix: string, title: string): Promise<void>;
  /** The browser's tab id for a page opened by this session. */
  tabIdOf(page: TestPage): Promise<number>;
  /**
   * "Ask about this image" on the image matching `selector`, as close to a person's right-click as the browser's
   * automation allows (Chromium: the menu's own handler; Firefox: a right-click and the native menu's item, which
   * really opens the sidebar). Resolves to the conversation's side panel page, opened in a tab of its own
   * (`src/sidepanel/index.html?tab=N`), since automation can't reach into the browser's side panel; it shows the
   * new conversation.
   */
  askAboutImage(page: TestPage, selector: string): Promise<TestPage>;
  close(): Promise<void>;
}

export interface SessionOptions {
  /** WebGPU on the CPU: SwiftShader in Chromium, Mesa's lavapipe in Firefox. */
  webgpu?: boolean;
  /** Leave the welcome tab the install opens (closed by default). */
  keepWelcomePage?: boolean;
  /** Firefox only: another build of the extension (e.g. dist-firefox-store/) and more preferences. */
  firefox?: { extensionDir?: string; prefs?: Record<string, string | number | boolean> };
}

export function standInHtml(title: string, url: string): string {
  return `<!doctype html><html><head><title>${title}</title></head><body><h1>${title}</h1><p>Stand-in page for ${url}</p></body></html>`;
}

/** Starts the browser VERDICT_LENS_E2E_BROWSER names with the matching build installed. */
export async function launchSession(options: SessionOptions = {}): Promise<ExtensionSession> {
  if (E2E_BROWSER === 'firefox') {
    const { firefoxSession } = await import('./firefox-session');
    return firefoxSession(options);
  }
  const { chromiumSession } = await import('./chromium-session');
  return chromiumSession(options);
}
