/**
 * Time limits on progress, not size: a quiet server is given up on, a slow but moving one never is. Real HTTP on
 * 127.0.0.1 with Node's fetch and web streams, the same APIs the extension uses.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  fetchWithStallLimit,
  guardBody,
  readWithStallLimit,
  StallError,
} from '../../src/network/progress-watchdog';
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
  for await (const chunk of readWithStallLimit(body, url, stallMs)) bytes += chunk.byteLength;
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
    const outcome = await fetchFeed(`${origin}/stall`, {}, 1024 * 1024, 200);
    expect(outcome).toMatchObject({ kind: 'failed', error: { code: 'download-stalled' } });
    const message = outcome.kind === 'failed' ? outcome.error.message : '';
    expect(message).toContain(new URL(origin).host);
    expect(message).toContain('stopped sending the feed');
  });

  test('a feed over the limit without Content-Length says it exceeded the limit, not what was read', async () => {
    const outcome = await fetchFeed(`${origin}/big-feed`, {}, 1024 * 1024, 5_000);
    expect(outcome).toMatchObject({ kind: 'failed', error: { code: 'feed-too-large' } });
    const message = outcome.kind === 'failed' ? outcome.error.message : '';
    expect(message).toBe(
      'The feed is larger than the 1.0 MB limit (the download was stopped there), so it was not used.',
    );
  });

  test('a feed that declares a size over the limit is refused with that size', async () => {
    const outcome = await fetchFeed(`${origin}/declared-big-feed`, {}, 1024 * 1024, 5_000);
    const message = outcome.kind === 'failed' ? outcome.error.message : '';
    expect(message).toBe('The feed is 2.5 MB, more than the 1.0 MB limit, so it was not used.');
  });
});
