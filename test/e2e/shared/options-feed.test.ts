/**
 * The options page's verdict feed in each browser (see ../driver.ts): a feed served from 127.0.0.1 is saved in
 * Options as its field is committed (Enter), fetched by the background, and its new tool reaches the popup and the
 * badge on that tool's site; a broken feed is rejected with its reason while the last good data stays.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ExtensionSession, launchSession, type TestPage } from '../../support/driver';
import { FEED_TOOL_NAME, FEED_TOOL_URL, validFeed } from '../../support/feed-fixtures';
import { type FeedServer, startFeedServer } from '../../support/feed-server';
import { artifactPath } from '../../support/harness';

let session: ExtensionSession;
let feed: FeedServer;
let options: TestPage;

beforeAll(async () => {
  feed = await startFeedServer();
  feed.setBody(JSON.stringify(validFeed()));
  session = await launchSession();
  await session.standInSite('https://lens-test-vision.example/', FEED_TOOL_NAME);
  options = await session.openExtensionPage('src/options/index.html');
});

afterAll(async () => {
  await session?.close();
  await feed?.close();
});

describe('verdict feed', () => {
  test('a feed saved in Options adds a tool that the popup and the badge show on its site', async () => {
    await expect.poll(() => options.text('[data-testid=feed-source]')).toBe('Bundled data only');
    // Options saves a field when it is committed: Enter (or leaving it), no Save button.
    expect(await options.count('section#feed button[type=submit]')).toBe(0);
    await options.fill('#feed-url', feed.url);
    await options.press('Enter');
    await expect
      .poll(() => options.text('[data-testid=feed-source]'), { timeout: 15_000 })
      .toBe('Bundled data + 2 tools from the feed');
    expect(feed.requests[0]).toEqual({ ifNoneMatch: undefined, status: 200 });

    const site = await session.openPage(FEED_TOOL_URL);
    const tabId = await session.tabIdOf(site);
    const popup = await session.openExtensionPage(`src/popup/index.html?tabId=${tabId}`);
    await expect.poll(() => popup.text('h1')).toBe(FEED_TOOL_NAME);
    await popup.close();
    await expect
      .poll(() => session.extensionApi((id) => chrome.action.getBadgeText({ tabId: id }), tabId), {
        timeout: 10_000,
      })
      .not.toBe('');
  });

  test('a broken feed is rejected with its reason; the previous data stays in use', async () => {
    feed.setBody('<!doctype html><title>Not a feed</title>');
    await options.click('section#feed button[type=button]');
    await expect
      .poll(() => options.text('[data-testid=feed-error]'), { timeout: 15_000 })
      .toContain('The feed is not valid JSON');
    expect(await options.text('[data-testid=feed-source]')).toBe('Bundled data + 2 tools from the feed');
    await options.screenshot(artifactPath(`${session.browserName}-options-feed-error.png`), 'section#feed');
  });
});
