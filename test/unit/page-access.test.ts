/** Which pages no extension may read, decided from the page's address, and how the panel and the popup say so. */
import { describe, expect, test } from 'vitest';
import { unreadablePage, unreadablePageError, unreadablePageSentence } from '../../src/network/page-access';
import { pageLabel } from '../../src/sidepanel/labels';

const OWN = 'chrome-extension://ownextensionid';

describe('pages Chrome keeps extensions out of', () => {
  test.each([
    ['chrome://settings/privacy', 'Chrome', 'pages like chrome://settings'],
    ['chrome://newtab/', 'Chrome', 'pages like chrome://newtab'],
    ['chrome-untrusted://media-app/', 'Chrome', 'pages like chrome-untrusted://media-app'],
    ['devtools://devtools/bundled/inspector.html', 'Chrome', 'pages like devtools://devtools'],
    ['edge://settings', 'Edge', 'pages like edge://settings'],
    ['about:version', 'Chrome', 'pages like about:version'],
    ['view-source:https://example.org/', 'Chrome', 'view-source: pages'],
    ['chrome-extension://anotherextension/page.html', 'Chrome', 'another extension’s pages'],
    ['https://chromewebstore.google.com/detail/some-extension/abcdef', 'Chrome', 'the Chrome Web Store'],
    ['https://chromewebstore.google.com/', 'Chrome', 'the Chrome Web Store'],
    ['https://chrome.google.com/webstore/detail/abcdef', 'Chrome', 'the Chrome Web Store'],
    ['https://microsoftedge.microsoft.com/addons/detail/x', 'Edge', 'the Edge Add-ons store'],
  ])('%s', (url, browserName, what) => {
    expect(unreadablePage(url, 'chrome', OWN)).toEqual({ browserName, what });
  });

  test('ordinary pages, this extension’s own pages and blank documents are readable', () => {
    for (const url of [
      'https://example.org/gallery.html',
      'http://127.0.0.1:8080/page.html',
      'https://chrome.google.com/search',
      'https://google.com/webstore',
      'https://addons.mozilla.org/en-US/firefox/',
      `${OWN}/src/welcome/index.html`,
      'about:blank',
      'about:srcdoc',
      'file:///home/me/picture.html',
      '',
      'not a url',
    ])
      expect(unreadablePage(url, 'chrome', OWN), url).toBeNull();
  });

  test('without its own origin known, every extension page counts as another’s', () => {
    expect(unreadablePage(`${OWN}/page.html`, 'chrome')).toEqual({
      browserName: 'Chrome',
      what: 'another extension’s pages',
    });
  });
});

describe('pages Firefox keeps extensions out of', () => {
  const OWN_FIREFOX = 'moz-extension://0d3e7e0c-1111-4a4a-9b9b-123456789abc';
  test.each([
    ['about:addons', 'pages like about:addons'],
    ['about:preferences#privacy', 'pages like about:preferences'],
    ['view-source:https://example.org/', 'view-source: pages'],
    ['moz-extension://another-uuid/page.html', 'another extension’s pages'],
    ['https://addons.mozilla.org/en-US/firefox/addon/x/', 'addons.mozilla.org'],
    ['https://support.mozilla.org/kb/', 'support.mozilla.org'],
    ['resource://gre/res/', 'pages like resource://gre'],
  ])('%s', (url, what) => {
    expect(unreadablePage(url, 'firefox', OWN_FIREFOX)).toEqual({ browserName: 'Firefox', what });
  });

  test('the Chrome Web Store is an ordinary site in Firefox', () => {
    expect(unreadablePage('https://chromewebstore.google.com/', 'firefox', OWN_FIREFOX)).toBeNull();
    expect(unreadablePage(`${OWN_FIREFOX}/src/welcome/index.html`, 'firefox', OWN_FIREFOX)).toBeNull();
  });
});

describe('what the panel and the popup say', () => {
  test('the panel names who keeps extensions out and what can’t be looked at', () => {
    const page = unreadablePage('chrome://settings/', 'chrome', OWN);
    if (!page) throw new Error('chrome://settings should be unreadable');
    const error = unreadablePageError(page, 'chrome://theme/IDR_LOGO');
    expect(error).toEqual({
      code: 'page-unreadable',
      message:
        'Chrome doesn’t let extensions read pages like chrome://settings, so Verdict Lens can’t look at this image.',
    });
    expect(unreadablePageSentence(page, 'page')).toBe(
      'Chrome doesn’t let extensions read pages like chrome://settings, so Verdict Lens can’t look at the images on this page.',
    );
  });

  test('an image on the web can still be asked about in a tab of its own', () => {
    const store = unreadablePage('https://chromewebstore.google.com/detail/x', 'chrome', OWN);
    if (!store) throw new Error('the Web Store should be unreadable');
    const error = unreadablePageError(store, 'https://lh3.googleusercontent.com/abc=s128');
    expect(error.message).toBe(
      'Chrome doesn’t let extensions read the Chrome Web Store, so Verdict Lens can’t look at this image.',
    );
    expect(error.action).toMatch(/^Open the image in a tab of its own/);
  });

  test('the panel names a browser page by its address', () => {
    expect(pageLabel({ pageUrl: 'chrome://settings/', pageTitle: 'Settings' })).toBe(
      'Settings (chrome://settings)',
    );
    expect(pageLabel({ pageUrl: 'about:addons', pageTitle: 'Add-ons' })).toBe('Add-ons (about:addons)');
    expect(pageLabel({ pageUrl: 'file:///home/me/page.html', pageTitle: '' })).toBe('file:');
  });
});
