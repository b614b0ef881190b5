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
  const ff = await launchFirefoxExtension({ webgpu: options.webgpu });
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
    tabIdOf: (page) =>
      session.extensionApi(async (u) => (await chrome.tabs.query({ url: u }))[0]?.id ?? -1, page.url()),
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
      await raw.waitForSelector(deep('.vl-panel'));
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
