/** `ExtensionSession` (./driver.ts) for Chromium, over Playwright and the harness every Chromium test uses. */
import type { Page } from 'playwright-core';
import type { ExtensionSession, SessionOptions, TestPage } from './driver';
import { launchExtension, routeStandInSite } from './harness';
import { askAboutImage } from './side-panel';

function chromiumPage(page: Page): TestPage {
  return {
    url: () => page.url(),
    async goto(url) {
      await page.goto(url);
    },
    evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> {
      // Playwright's own typing unboxes handles; plain serialisable arguments pass through unchanged.
      return page.evaluate(fn as (arg: unknown) => R | Promise<R>, arg as unknown);
    },
    text: async (selector) =>
      (await page.locator(selector).count()) > 0 ? page.locator(selector).first().textContent() : null,
    texts: (selector) => page.locator(selector).allTextContents(),
    count: (selector) => page.locator(selector).count(),
    click: (selector) => page.locator(selector).first().click(),
    fill: (selector, value) => page.locator(selector).first().fill(value),
    press: (key) => page.keyboard.press(key),
    setViewport: (width, height) => page.setViewportSize({ width, height }),
    async screenshot(path, selector) {
      if (selector) await page.locator(selector).first().screenshot({ path });
      else await page.screenshot({ path, fullPage: true });
    },
    close: () => page.close(),
  };
}

export async function chromiumSession(options: SessionOptions): Promise<ExtensionSession> {
  const ext = await launchExtension({ webgpu: options.webgpu, keepWelcomePage: options.keepWelcomePage });
  const pages = new Map<TestPage, Page>();
  const wrap = (page: Page): TestPage => {
    const wrapped = chromiumPage(page);
    pages.set(wrapped, page);
    return wrapped;
  };
  const session: ExtensionSession = {
    browserName: 'chromium',
    baseUrl: `chrome-extension://${ext.extensionId}/`,
    async openPage(url) {
      const page = await ext.context.newPage();
      await page.goto(url);
      return wrap(page);
    },
    async openExtensionPage(path) {
      return wrap(await ext.openExtensionPage(path));
    },
    extensionApi<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> {
      return ext.serviceWorker.evaluate(fn as (arg: unknown) => R | Promise<R>, arg as unknown);
    },
    standInSite: (urlPrefix, title) => routeStandInSite(ext.context, urlPrefix, title),
    async tabIdOf(page) {
      const url = page.url();
      return ext.serviceWorker.evaluate(async (u) => (await chrome.tabs.query({ url: u }))[0]?.id ?? -1, url);
    },
    async askAboutImage(page, selector) {
      // Chromium's context menus can't be clicked from automation; the menu's own handler runs instead, with what
      // the menu would give it (the clicked image's URL, the top frame). See ./side-panel.ts.
      const raw = pages.get(page);
      if (!raw) throw new Error('askAboutImage: not a page of this session');
      const srcUrl = await raw
        .locator(selector)
        .first()
        .evaluate((img) => (img as HTMLImageElement).currentSrc);
      const panel = await askAboutImage(ext, raw, srcUrl);
      return [...pages].find(([, p]) => p === panel)?.[0] ?? wrap(panel);
    },
    close: () => ext.close(),
  };
  return session;
}
