/**
 * Pages no extension may read: the browser's own pages (chrome://settings, about:addons), other extensions' pages,
 * view-source:, and the add-on stores, which each browser keeps out of every extension's reach. On such a page the
 * context menu can still name an image, but the extension can't look at it; saying so beats an answer that never
 * comes. Decided from the page's URL alone (pure, so each case is checked in Node), for the browser the build is for.
 */
import { type UserError, userError } from '../protocol/errors';

export type PageBrowser = 'chrome' | 'firefox';

/** Whose rules apply to this bundle: the browser it is built for (Chrome's when the build doesn't say). */
export const BUILD_BROWSER: PageBrowser =
  typeof __VERDICT_LENS_BROWSER__ !== 'undefined' && __VERDICT_LENS_BROWSER__ === 'firefox'
    ? 'firefox'
    : 'chrome';

export interface UnreadablePage {
  /** Who keeps extensions out: "Chrome", "Firefox", "Edge". */
  browserName: string;
  /** What can't be read, as the sentence says it: "pages like chrome://settings", "the Chrome Web Store". */
  what: string;
}

/** Schemes of Chromium's own pages, by the browser that draws them. */
const CHROMIUM_SCHEMES: Record<string, string | null> = {
  'chrome:': null,
  'chrome-untrusted:': null,
  'chrome-search:': null,
  'chrome-native:': null,
  'devtools:': null,
  'edge:': 'Edge',
  'brave:': 'Brave',
  'opera:': 'Opera',
  'vivaldi:': 'Vivaldi',
};

/** Firefox's own pages (chrome:// exists there too, for its interface). */
const FIREFOX_SCHEMES = new Set(['chrome:', 'resource:', 'jar:']);

/** Hosts Firefox keeps every extension out of (its extensions.webextensions.restrictedDomains). */
const FIREFOX_RESTRICTED_HOSTS = new Set([
  'accounts-static.cdn.mozilla.net',
  'accounts.firefox.com',
  'addons.cdn.mozilla.net',
  'addons.mozilla.org',
  'api.accounts.firefox.com',
  'content.cdn.mozilla.net',
  'discovery.addons.mozilla.org',
  'install.mozilla.org',
  'oauth.accounts.firefox.com',
  'profile.accounts.firefox.com',
  'support.mozilla.org',
  'sync.services.mozilla.com',
]);

const BROWSER_NAMES: Record<PageBrowser, string> = { chrome: 'Chrome', firefox: 'Firefox' };

/** The store pages Chromium browsers keep extensions out of, or null. */
function chromiumStore(url: URL): UnreadablePage | null {
  const host = url.hostname.toLowerCase();
  if (host === 'chromewebstore.google.com') return { browserName: 'Chrome', what: 'the Chrome Web Store' };
  if (host === 'chrome.google.com' && /^\/webstore(\/|$)/i.test(url.pathname))
    return { browserName: 'Chrome', what: 'the Chrome Web Store' };
  if (host === 'microsoftedge.microsoft.com' && /^\/addons(\/|$)/i.test(url.pathname))
    return { browserName: 'Edge', what: 'the Edge Add-ons store' };
  return null;
}

/**
 * Why extensions can't read the page at `pageUrl` in `browser`, or null when they can (or the address says nothing:
 * an empty or unparsable one is left to the image's own checks). `ownOrigin` is this extension's origin
 * ("chrome-extension://<id>"): its own pages are readable, another extension's are not.
 */
export function unreadablePage(pageUrl: string, browser: PageBrowser, ownOrigin = ''): UnreadablePage | null {
  let url: URL;
  try {
    url = new URL(pageUrl.trim());
  } catch {
    return null;
  }
  const browserName = BROWSER_NAMES[browser];
  const scheme = url.protocol.toLowerCase();
  if (scheme === 'view-source:') return { browserName, what: 'view-source: pages' };
  if (scheme === 'about:') {
    // A blank page or a frame's inline document holds the page's own content, which the image's checks cover.
    const page = url.pathname.toLowerCase();
    if (page === 'blank' || page === 'srcdoc') return null;
    return { browserName, what: `pages like about:${page}` };
  }
  if (scheme === 'chrome-extension:' || scheme === 'moz-extension:') {
    // Built by hand: URL's origin is "null" for these schemes outside the browser.
    const origin = `${scheme}//${url.host.toLowerCase()}`;
    const own = ownOrigin !== '' && origin === ownOrigin.toLowerCase().replace(/\/$/, '');
    return own ? null : { browserName, what: 'another extension’s pages' };
  }
  if (browser === 'chrome' && scheme in CHROMIUM_SCHEMES) {
    return {
      browserName: CHROMIUM_SCHEMES[scheme] ?? browserName,
      what: `pages like ${scheme}//${url.host}`,
    };
  }
  if (browser === 'firefox' && FIREFOX_SCHEMES.has(scheme)) {
    return { browserName, what: `pages like ${scheme}//${url.host}` };
  }
  if (scheme !== 'http:' && scheme !== 'https:') return null;
  if (browser === 'chrome') return chromiumStore(url);
  const host = url.hostname.toLowerCase();
  return FIREFOX_RESTRICTED_HOSTS.has(host) ? { browserName, what: host } : null;
}

/** Whether the image itself can be opened in a tab of its own, where the extension may look at it. */
function canOpenAlone(srcUrl: string): boolean {
  return /^https?:\/\//i.test(srcUrl.trim());
}

/** The sentence itself, about the chosen image (the side panel) or all of the page's images (the popup). */
export function unreadablePageSentence(page: UnreadablePage, about: 'image' | 'page' = 'image'): string {
  const what = about === 'image' ? 'this image' : 'the images on this page';
  return `${page.browserName} doesn’t let extensions read ${page.what}, so Verdict Lens can’t look at ${what}.`;
}

/**
 * What the side panel says about an image on such a page: who keeps extensions out, and, when the image is on the
 * web, the way round it (the image alone, in its own tab, is an ordinary page).
 */
export function unreadablePageError(page: UnreadablePage, srcUrl = ''): UserError {
  return userError(
    'page-unreadable',
    unreadablePageSentence(page),
    canOpenAlone(srcUrl)
      ? 'Open the image in a tab of its own (right-click it, then “Open image in new tab”) and ask about it there.'
      : undefined,
  );
}
