/**
 * Time limits on progress, not size: a quiet server is given up on, a slow but moving one never is. Real HTTP on
 * 127.0.0.1 with Node's fetch and web streams, the same APIs the extension uses.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fetchImageForModel } from '../../src/intake/fetch-image';
import {
  DeadlineError,
  fetchCapped,
  guardBody,
  readChunks,
  TooLargeError,
} from '../../src/network/capped-read';
import { fetchWithStallLimit, StallError } from '../../src/network/progress-watchdog';
import { fetchFeed } from '../../src/platform/feed-fetch';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
const handlers = new Map<string, Handler>();
let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const handler = handlers.get(req.url ?? '');
    if (handler) handler(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

/** Sends `sent` bytes of a longer body, then goes quiet with the connection open. */
handlers.set('/stall', (_req, res) => {
  res.writeHead(200, { 'Content-Length': '1000' });
  res.write(new Uint8Array(300));
});
/** Headers never come. */
handlers.set('/silent', () => undefined);
/** 10 chunks of 10 bytes, 60 ms apart: 600 ms in all, never 400 ms without a byte. */
handlers.set('/trickle', (_req, res) => {
  res.writeHead(200, { 'Content-Length': '100' });
  let sent = 0;
  const timer = setInterval(() => {
    res.write(new Uint8Array(10).fill(7));
    sent += 1;
    if (sent === 10) {
      clearInterval(timer);
      res.end();
    }
  }, 60);
});
/** A feed far over the limit, without Content-Length (chunked). */
handlers.set('/big-feed', (_req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  const chunk = new Uint8Array(64 * 1024).fill(32);
  for (let i = 0; i < 40; i++) res.write(chunk);
  res.end();
});

/** A feed that declares its size up front, 2.5 MiB: its headers are enough to refuse it. */
handlers.set('/declared-big-feed', (_req, res) => {
  const body = new Uint8Array(2.5 * 1024 * 1024).fill(32);
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(body.byteLength) });
  res.end(body);
});

async function drain(body: ReadableStream<Uint8Array>, url: string, stallMs: number): Promise<number> {
  let bytes = 0;
  for await (const chunk of readChunks(body, url, { stallMs })) bytes += chunk.byteLength;
  return bytes;
}

describe('progress watchdog', () => {
  test('a body that stops mid-way fails with the bytes that came, after the stall limit', async () => {
    const url = `${origin}/stall`;
    const response = await fetchWithStallLimit(url, {}, 200);
    const error = await drain(response.body as ReadableStream<Uint8Array>, url, 200).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StallError);
    expect(error).toMatchObject({ phase: 'body', receivedBytes: 300, stallMs: 200, url });
  });

  test('a server that never answers fails in the headers phase', async () => {
    const url = `${origin}/silent`;
    const error = await fetchWithStallLimit(url, {}, 150).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StallError);
    expect(error).toMatchObject({ phase: 'headers', receivedBytes: 0 });
  });

  test('a slow trickle that keeps moving is never cut, however long it takes in all', async () => {
    const url = `${origin}/trickle`;
    // Chunks 60 ms apart, the limit 400 ms: slack for a busy machine, while the whole takes longer than one limit.
    const response = await fetchWithStallLimit(url, {}, 400);
    expect(await drain(response.body as ReadableStream<Uint8Array>, url, 400)).toBe(100);
  });

  test('the caller can still stop a download the watchdog guards', async () => {
    const controller = new AbortController();
    const url = `${origin}/stall`;
    const response = await fetchWithStallLimit(url, { signal: controller.signal }, 10_000);
    const reading = drain(response.body as ReadableStream<Uint8Array>, url, 10_000).catch((e: unknown) => e);
    controller.abort(new Error('stop'));
    const error = await reading;
    expect(error).not.toBeInstanceOf(StallError);
  });

  test('guardBody gives code that reads the body itself the same limit', async () => {
    const url = `${origin}/stall`;
    const guarded = guardBody(await fetch(url), url, 150);
    expect(guarded.headers.get('content-length')).toBe('1000');
    const error = await guarded.arrayBuffer().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StallError);
  });
});

describe('feed download', () => {
  test('a feed that stalls names the server and keeps the last good data', async () => {
    const outcome = await fetchFeed(`${origin}/stall`, {}, { maxBytes: 1024 * 1024, stallMs: 200 });
    expect(outcome).toMatchObject({ kind: 'failed', error: { code: 'download-stalled' } });
    const message = outcome.kind === 'failed' ? outcome.error.message : '';
    expect(message).toContain(new URL(origin).host);
    expect(message).toContain('stopped sending the feed');
  });

  test('a feed over the limit without Content-Length says it exceeded the limit, not what was read', async () => {
    const outcome = await fetchFeed(`${origin}/big-feed`, {}, { maxBytes: 1024 * 1024, stallMs: 5_000 });
    expect(outcome).toMatchObject({ kind: 'failed', error: { code: 'feed-too-large' } });
    const message = outcome.kind === 'failed' ? outcome.error.message : '';
    expect(message).toBe(
      'The feed is larger than the 1.0 MB limit (the download was stopped there), so it was not used.',
    );
  });

  test('a feed that declares a size over the limit is refused with that size', async () => {
    const outcome = await fetchFeed(
      `${origin}/declared-big-feed`,
      {},
      { maxBytes: 1024 * 1024, stallMs: 5_000 },
    );
    const message = outcome.kind === 'failed' ? outcome.error.message : '';
    expect(message).toBe('The feed is 2.5 MB, more than the 1.0 MB limit, so it was not used.');
  });
});

describe('capped read: size cap and overall deadline', () => {
  test('a body past the cap ends with TooLargeError, found by counting when no length was declared', async () => {
    const url = `${origin}/big-feed`;
    const download = await fetchCapped(url, {}, { stallMs: 5_000, maxBytes: 100_000 });
    const error = await download.bytes().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TooLargeError);
    expect(error).toMatchObject({ declared: null, maxBytes: 100_000 });
  });

  test('a declared length past the cap is refused from the headers', async () => {
    const url = `${origin}/declared-big-feed`;
    const download = await fetchCapped(url, {}, { stallMs: 5_000, maxBytes: 1024 });
    const error = await download.bytes().catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'TooLargeError', declared: 2.5 * 1024 * 1024 });
  });

  test('a trickle that never stalls still ends at the overall deadline', async () => {
    // 600 ms of chunks 60 ms apart: the stall limit (5 s) never fires, the deadline (250 ms) does.
    const url = `${origin}/trickle`;
    const download = await fetchCapped(url, {}, { stallMs: 5_000, deadlineMs: 250 });
    const error = await download.bytes().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeadlineError);
    expect(error).toMatchObject({ url, deadlineMs: 250 });
  });

  test('a server that never answers ends at the deadline when it is shorter than the stall limit', async () => {
    const error = await fetchCapped(`${origin}/silent`, {}, { stallMs: 5_000, deadlineMs: 150 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DeadlineError);
  });

  test('the caller stopping is not mistaken for the deadline', async () => {
    const controller = new AbortController();
    const download = await fetchCapped(
      `${origin}/trickle`,
      { signal: controller.signal },
      { stallMs: 5_000, deadlineMs: 10_000 },
    );
    const reading = download.bytes().catch((e: unknown) => e);
    controller.abort(new Error('stop'));
    expect(await reading).toMatchObject({ message: 'stop' });
  });

  test('a finished download within its limits gives all its bytes', async () => {
    const download = await fetchCapped(`${origin}/trickle`, {}, { stallMs: 2_000, deadlineMs: 20_000 });
    expect((await download.bytes()).byteLength).toBe(100);
  });

  test('a feed trickled past its deadline names the server and the time', async () => {
    const outcome = await fetchFeed(`${origin}/trickle`, {}, { stallMs: 5_000, deadlineMs: 300 });
    expect(outcome).toMatchObject({
      kind: 'failed',
      error: {
        code: 'download-too-slow',
        message: `The feed server ${new URL(origin).host} took longer than 0.3 seconds to send the feed, so it was given up on.`,
      },
    });
  });

  test('an image trickled past its deadline names the host and the time', async () => {
    const error = await fetchImageForModel(`${origin}/trickle`, undefined, {
      pageUrl: `${origin}/page.html`,
      stallMs: 5_000,
      deadlineMs: 300,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      userError: {
        code: 'download-too-slow',
        message: `The image host ${new URL(origin).host} took longer than 0.3 seconds to send the image, so it was given up on.`,
      },
    });
  });
});
