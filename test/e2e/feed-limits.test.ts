/**
 * The verdict feed from servers that misbehave on purpose, in the built extension's options page: one that stalls
 * mid-body (given up on after the stall limit, naming the server) and one far over the size cap without a
 * Content-Length (said to be over the limit, not the bytes read). After each, a good feed from the same address
 * is taken on "Refresh now". The stall limit is shortened through the setting a person would change.
 */
import type { ServerResponse } from 'node:http';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/settings/schema';
import { validFeed } from '../support/feed-fixtures';
import { artifactPath, type LoadedExtension, launchExtension } from '../support/harness';
import { type ImageServer, startImageServer } from '../support/image-server';

describe('verdict feed limits', () => {
  let ext: LoadedExtension;
  let server: ImageServer;
  let options: Page;
  let url: string;
  const hanging: ServerResponse[] = [];
  let mode: 'stall' | 'huge' | 'good' = 'stall';

  const error = () => options.getByTestId('feed-error');
  const refresh = () => options.getByRole('button', { name: 'Refresh now' }).click();

  beforeAll(async () => {
    server = await startImageServer();
    url = server.route('/feed.json', (_req, res) => {
      if (mode === 'stall') {
        hanging.push(res);
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '5000' });
        res.write('{"version": 1, "tools": [');
      } else if (mode === 'huge') {
        // Chunked: no Content-Length, so the size is only found out by reading.
        res.writeHead(200, { 'Content-Type': 'application/json' });
        const chunk = ' '.repeat(64 * 1024);
        for (let i = 0; i < 40; i++) res.write(chunk);
        res.end();
      } else {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(validFeed()));
      }
    });
    ext = await launchExtension();
    await ext.serviceWorker.evaluate(
      async (s) => {
        await chrome.storage.sync.set({ settings: s });
      },
      { ...DEFAULT_SETTINGS, feedUrl: url, stallSeconds: 1 },
    );
    options = await ext.openExtensionPage('src/options/index.html');
  });
  afterAll(async () => {
    for (const res of hanging) res.destroy();
    await ext?.close();
    await server?.close();
  });

  test('a feed server that stalls mid-body is given up on, naming the server; the next good feed is taken', async () => {
    mode = 'stall';
    await refresh();
    await expect
      .poll(() => error().innerText(), { timeout: 15_000 })
      .toContain(
        `The feed server ${new URL(server.origin).host} stopped sending the feed (nothing arrived for 1 second).`,
      );
    await options.screenshot({ path: artifactPath('options-feed-stalled.png'), fullPage: true });
    mode = 'good';
    await refresh();
    await expect
      .poll(() => options.getByTestId('feed-source').innerText(), { timeout: 15_000 })
      .toBe('Bundled data + 2 tools from the feed');
  });

  test('a feed over the limit without Content-Length says it is larger than the limit', async () => {
    mode = 'huge';
    await refresh();
    await expect
      .poll(() => error().innerText(), { timeout: 15_000 })
      .toContain(
        'The feed is larger than the 1.0 MB limit (the download was stopped there), so it was not used.',
      );
    mode = 'good';
    await refresh();
    await expect.poll(() => error().count(), { timeout: 15_000 }).toBe(0);
  });
});
