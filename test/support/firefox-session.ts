/** `ExtensionSession` (./driver.ts) for Firefox ESR, over puppeteer-core (WebDriver BiDi) and firefox-harness.ts. */
import type { Page } from 'puppeteer-core';
import { type ExtensionSession, type SessionOptions, standInHtml, type TestPage } from './driver';
import { gotoLoaded, launchFirefoxExtension } from './firefox-harness';

/** Puppeteer's `pierce/` handler searches the document and every open shadow root. */
const deep = (selector: string) => `pierce/${selector}`;

const ASK_ITEM_LABEL = 'Ask about this image';

/**
 * Runs `fn(arg)` in the page and brings its result back as JSON. Puppeteer's BiDi deserialiser drops an object
 * that appears twice in a result (BiDi sends the second as a reference), e.g. an event both in a list and as `last`.
 */
async function evaluateAsJson<A, R>(page: Page, fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> {
  const json = await page.evaluate(
    `(async () => JSON.stringify(await (${fn.toString()})(${JSON.stringify(arg) ?? 'undefined'})))()`,
  );
  return (typeof json === 'string' ? JSON.parse(json) : undefined) as R;
}

function firefoxPage(page: Page): TestPage {
  return {
    url: () => page.url(),
    goto: (url) => gotoLoaded(page, url),
    evaluate: (fn, arg) => evaluateAsJson(page, fn, arg),
    async text(selector) {
      const element = await page.$(deep(selector));
      return element ? element.evaluate((e) => e.textContent) : null;
    },
    async texts(selector) {
      const elements = await page.$$(deep(selector));
      return Promise.all(elements.map((e) => e.evaluate((n) => n.textContent ?? '')));
    },
    count: async (selector) => (await page.$$(deep(selector))).length,
    async click(selector) {
      const element = await page.waitForSelector(deep(selector));
      await element?.click();
    },
    async fill(selector, value) {
      const element = await page.waitForSelector(deep(selector));
      if (!element) throw new Error(`fill: no ${selector}`);
      await element.evaluate((input) => {
        (input as HTMLInputElement).value = '';
      });
      await element.type(value);
    },
    press: (key) => page.keyboard.press(key as Parameters<Page['keyboard']['press']>[0]),
    setViewport: (width, height) => page.setViewport({ width, height }),
    async screenshot(path, selector) {
      if (selector) {
        const element = await page.waitForSelector(deep(selector));
        await element?.screenshot({ path });
      } else {
        await page.screenshot({ path, fullPage: true });
      }
    },
    close: () => page.close(),
  };
}

export async function firefoxSession(options: SessionOptions): Promise<ExtensionSession> {
  const ff = await launchFirefoxExtension({
    webgpu: options.webgpu,
    keepWelcomePage: options.keepWelcomePage,
    ...options.firefox,
  });
  const pages = new Map<TestPage, Page>();
  const wrap = (page: Page): TestPage => {
    const wrapped = firefoxPage(page);
    pages.set(wrapped, page);
    return wrapped;
  };
  // Extension APIs from a tab of our own (the background page isn't a BiDi target).
  let apiPage: Promise<Page> | null = null;
  const apiTab = () => {
    apiPage ??= ff.openPage(`${ff.baseUrl}src/popup/index.html`);
    return apiPage;
  };

  const session: ExtensionSession = {
    browserName: 'firefox',
    baseUrl: ff.baseUrl,
    openPage: async (url) => wrap(await ff.openPage(url)),
    openExtensionPage: async (path) => wrap(await ff.openPage(`${ff.baseUrl}${path}`)),
    extensionApi: async (fn, arg) => evaluateAsJson(await apiTab(), fn, arg),
    async standInSite(urlPrefix, title) {
      ff.standIn(urlPrefix, (url) => standInHtml(title, url));
    },
    // Compared whole: Firefox's match patterns (tabs.query's `url`) can't name a port.
    tabIdOf: (page) =>
      session.extensionApi(
        async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id ?? -1,
        page.url(),
      ),
    async askAboutImage(page, selector) {
      const raw = pages.get(page);
      if (!raw) throw new Error('askAboutImage: not a page of this session');
      await raw.bringToFront();
      const image = await raw.waitForSelector(deep(selector));
      if (!image) throw new Error(`askAboutImage: no ${selector}`);
      await image.scrollIntoView();
      const box = await image.boundingBox();
      if (!box) throw new Error(`askAboutImage: ${selector} is not visible`);
      await ff.chromeScope(`document.getElementById('contentAreaContextMenu').hidePopup()`);
      // A real right-click: Firefox opens its native context menu with our item, for this exact element.
      await raw.mouse.click(box.x + box.width / 2, box.y + box.height / 2, { button: 'right' });
      const picked = await pollChrome(
        ff.chromeScope,
        `(() => {
          const menu = document.getElementById('contentAreaContextMenu');
          if (menu.state !== 'open') return false;
          const item = [...menu.querySelectorAll('menuitem')].find((i) => i.label === ${JSON.stringify(ASK_ITEM_LABEL)} && !i.hidden);
          if (!item) return false;
          menu.activateItem(item);
          return true;
        })()`,
      );
      if (!picked) throw new Error(`askAboutImage: Firefox's context menu showed no "${ASK_ITEM_LABEL}"`);
      const tabId = await session.tabIdOf(page);
      // The menu click really opened Firefox's sidebar on the panel page (which follows the window's active tab).
      const shown = await pollChrome(
        ff.chromeScope,
        `(() => {
          const sidebar = window.SidebarController ?? window.SidebarUI;
          const inner = sidebar?.browser?.contentDocument?.getElementById('webext-panels-browser');
          return Boolean(sidebar?.isOpen && inner?.currentURI?.spec === ${JSON.stringify(`${ff.baseUrl}src/sidepanel/index.html`)});
        })()`,
      );
      if (!shown) {
        const state = await ff.chromeScope<string>(
          `(() => {
            const sidebar = window.SidebarController ?? window.SidebarUI;
            const inner = sidebar?.browser?.contentDocument?.getElementById('webext-panels-browser');
            return JSON.stringify({ open: sidebar?.isOpen, id: sidebar?.currentID, panel: inner?.currentURI?.spec ?? null });
          })()`,
        );
        throw new Error(`askAboutImage: the sidebar did not open on the tab’s panel page: ${state}`);
      }
      // BiDi can't reach into the sidebar: it is closed again, and the same page is driven in a tab instead.
      await ff.chromeScope('(window.SidebarController ?? window.SidebarUI).hide()');
      const storedId = () =>
        session.extensionApi(async (key) => {
          const stored = (await chrome.storage.session.get(key))[key] as { id?: string } | undefined;
          return stored?.id ?? '';
        }, `askTarget:${tabId}`);
      let id = '';
      for (const deadline = Date.now() + 5000; !id && Date.now() < deadline; ) {
        id = await storedId();
        if (!id) await new Promise((done) => setTimeout(done, 100));
      }
      if (!id) {
        const all = await session.extensionApi(
          async () => JSON.stringify(await chrome.storage.session.get(null)),
          null,
        );
        throw new Error(
          `askAboutImage: the background kept no chosen image for tab ${tabId}: ${all.slice(0, 300)}`,
        );
      }
      const url = `${ff.baseUrl}src/sidepanel/index.html?tab=${tabId}`;
      const open = [...pages].find(([, p]) => !p.isClosed() && p.url() === url)?.[0];
      const panel = open ?? (await session.openExtensionPage(`src/sidepanel/index.html?tab=${tabId}`));
      const raw2 = pages.get(panel);
      await raw2?.waitForSelector(deep(`[data-ask-id="${id}"]`));
      return panel;
    },
    close: () => ff.close(),
  };
  return session;
}

async function pollChrome(
  chromeScope: <T>(expression: string) => Promise<T>,
  expression: string,
  timeoutMs = 10_000,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await chromeScope<boolean>(expression)) return true;
    await new Promise((done) => setTimeout(done, 100));
  }
  return false;
}
