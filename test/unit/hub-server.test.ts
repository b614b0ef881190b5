/** The local hub stand-in: paths, headers, Range, CORS, request log and each injected fault. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureFixture, FIXTURE_DIR, FIXTURE_MODEL_ID } from '../support/fixture.ts';
import { type HubServer, startHubServer } from '../support/hub-server.ts';

let hub: HubServer;
const url = (file: string, revision = 'main') => `${hub.url}${FIXTURE_MODEL_ID}/resolve/${revision}/${file}`;
const onDisk = (file: string) => readFileSync(join(FIXTURE_DIR, file));

beforeAll(async () => {
  ensureFixture();
  hub = await startHubServer();
});
afterEach(async () => {
  await hub.heal();
  hub.clearLog();
});
afterAll(() => hub.close());

describe('hub server', () => {
  it('listens on 127.0.0.1 with an ephemeral port', () => {
    expect(hub.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(hub.port).toBeGreaterThan(0);
  });

  it('serves repo files at any revision with length, type, ETag and CORS headers', async () => {
    const main = await fetch(url('onnx/vision_encoder.onnx'));
    const pinned = await fetch(url('onnx/vision_encoder.onnx', '0123abc'));
    const body = new Uint8Array(await main.arrayBuffer());
    expect(main.status).toBe(200);
    expect(Buffer.from(body).equals(onDisk('onnx/vision_encoder.onnx'))).toBe(true);
    expect(Buffer.from(await pinned.arrayBuffer()).equals(Buffer.from(body))).toBe(true);
    expect(main.headers.get('content-length')).toBe(String(body.length));
    expect(main.headers.get('content-type')).toBe('application/octet-stream');
    expect(main.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
    expect(pinned.headers.get('etag')).toBe(main.headers.get('etag'));
    expect(main.headers.get('access-control-allow-origin')).toBe('*');
    expect(main.headers.get('access-control-expose-headers')).toContain('Content-Length');

    const json = await fetch(url('config.json'));
    expect(json.headers.get('content-type')).toContain('application/json');
    expect((await json.json()).model_type).toBe('idefics3');
  });

  it('answers HEAD, Range and CORS preflight requests', async () => {
    const size = onDisk('tokenizer.json').length;
    const head = await fetch(url('tokenizer.json'), { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(size));
    expect((await head.arrayBuffer()).byteLength).toBe(0);

    const probe = await fetch(url('tokenizer.json'), { headers: { Range: 'bytes=0-0' } });
    expect(probe.status).toBe(206);
    expect(probe.headers.get('content-range')).toBe(`bytes 0-0/${size}`);
    expect((await probe.arrayBuffer()).byteLength).toBe(1);

    const preflight = await fetch(url('tokenizer.json'), {
      method: 'OPTIONS',
      headers: { Origin: 'http://127.0.0.1:1', 'Access-Control-Request-Headers': 'range' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('Range');
  });

  it('logs every request with model, revision, file and status', async () => {
    await (await fetch(url('config.json', 'abc'))).arrayBuffer();
    await (await fetch(url('nope.json'))).arrayBuffer();
    expect(hub.requests).toEqual([
      expect.objectContaining({
        method: 'GET',
        model: FIXTURE_MODEL_ID,
        revision: 'abc',
        file: 'config.json',
        status: 200,
      }),
      expect.objectContaining({ file: 'nope.json', status: 404 }),
    ]);
    expect(hub.fileRequests('config.json')).toHaveLength(1);
    hub.clearLog();
    expect(hub.requests).toEqual([]);
  });

  it('never serves files outside the fixtures folder', async () => {
    const escaped = await fetch(`${hub.url}${FIXTURE_MODEL_ID}/resolve/main/..%2F..%2F..%2Fpackage.json`);
    expect(escaped.status).toBe(404);
    expect((await fetch(`${hub.url}not/a/resolve/url`)).status).toBe(404);
  });

  it('answers 404 for a file marked missing', async () => {
    hub.faults.missing.add('onnx/embed_tokens_q4.onnx');
    expect((await fetch(url('onnx/embed_tokens_q4.onnx'))).status).toBe(404);
    expect((await fetch(url('onnx/embed_tokens.onnx'))).status).toBe(200);
  });

  it('cuts a truncated file mid-body after announcing its full length', async () => {
    const file = 'onnx/decoder_model_merged.onnx';
    hub.faults.truncated.set(file, 1000);
    const response = await fetch(url(file));
    expect(response.status).toBe(200);
    expect(Number(response.headers.get('content-length'))).toBe(onDisk(file).length);
    await expect(response.arrayBuffer()).rejects.toThrow();
    expect(hub.requests.at(-1)).toMatchObject({ file, fault: 'truncated' });
  });

  it('goes offline by resetting connections or refusing them, and comes back', async () => {
    await hub.setOffline('reset');
    await expect(fetch(url('config.json'))).rejects.toThrow();
    expect(hub.requests.at(-1)).toMatchObject({ file: 'config.json', fault: 'reset' });

    await hub.setOffline('refuse');
    const refused = await fetch(url('config.json')).catch((e: Error) => e);
    expect(refused).toBeInstanceOf(Error);
    expect(String((refused as Error & { cause?: unknown }).cause)).toContain('ECONNREFUSED');

    await hub.setOffline(false);
    expect((await fetch(url('config.json'))).status).toBe(200);
  });

  it('throttles bodies to the given rate, delivering them in several chunks', async () => {
    const file = 'onnx/decoder_model_merged.onnx';
    const size = onDisk(file).length;
    hub.faults.bytesPerSecond = size * 2; // half a second
    const started = performance.now();
    const response = await fetch(url(file));
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let chunks = 0;
    let received = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks++;
      received += value.length;
    }
    expect(received).toBe(size);
    expect(chunks).toBeGreaterThan(3);
    // A lower bound only: throttling can make the transfer slower, never faster.
    expect(performance.now() - started).toBeGreaterThan(300);
  });
});
