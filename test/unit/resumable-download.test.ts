/**
 * Model downloads that resume: against the local hub (ranges, ETags, If-Range, cuts and stalls at a chosen byte),
 * with Node's fetch and web streams, the same APIs the extension's worker uses.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import {
  DownloadCutError,
  type FileIdentity,
  type PartialFile,
  type PartialStore,
  resumableFetch,
} from '../../src/inference/model-files/resumable-download';
import { ensureFixture, FIXTURE_DIR, FIXTURE_MODEL_ID } from '../support/fixture';
import { type HubServer, startHubServer } from '../support/hub-server';

const FILE = 'onnx/decoder_model_merged.onnx';

function memoryStore(): PartialStore & { held: Map<string, PartialFile> } {
  const held = new Map<string, PartialFile>();
  return {
    held,
    async load(url) {
      return held.get(url) ?? null;
    },
    async append(url, identity: FileIdentity, bytes) {
      const current = held.get(url);
      const same = current && current.etag === identity.etag && current.total === identity.total;
      const chunks = same ? [...current.chunks, bytes.slice()] : [bytes.slice()];
      held.set(url, { ...identity, chunks, bytes: chunks.reduce((n, c) => n + c.byteLength, 0) });
    },
    async clear(url) {
      held.delete(url);
    },
  };
}

// Real sockets and real stall timers: generous limits, since a loaded machine slows the servers, not the logic.
describe('resumable model download', { timeout: 30_000 }, () => {
  let hub: HubServer;
  let url: string;
  let file: Uint8Array;
  let cutAt: number;

  beforeAll(async () => {
    ensureFixture();
    hub = await startHubServer();
    url = `${hub.url}${FIXTURE_MODEL_ID}/resolve/main/${FILE}`;
    file = new Uint8Array(readFileSync(join(FIXTURE_DIR, FILE)));
    cutAt = Math.floor(file.length * 0.6);
  });
  afterAll(() => hub.close());
  beforeEach(async () => {
    await hub.heal();
    hub.clearLog();
  });

  const body = async (response: Response) => new Uint8Array(await response.arrayBuffer());

  test('a connection cut at a byte resumes with a range from that byte; only the rest is sent again', async () => {
    hub.faults.truncated.set(FILE, cutAt);
    const response = await resumableFetch(url, {}, { stallMs: 2_000, store: memoryStore() });
    expect(response.headers.get('content-length')).toBe(String(file.length));
    expect(await body(response)).toEqual(file);
    const requests = hub.fileRequests(FILE);
    expect(requests.map((r) => [r.status, r.range, r.bytesSent])).toEqual([
      [200, null, cutAt],
      [206, `bytes=${cutAt}-`, file.length - cutAt],
    ]);
  });

  test('a body that stalls at a byte is given up on after the limit and resumed from that byte', async () => {
    hub.faults.stalled.set(FILE, cutAt);
    const response = await resumableFetch(url, {}, { stallMs: 300, store: memoryStore() });
    expect(await body(response)).toEqual(file);
    expect(hub.fileRequests(FILE).map((r) => r.range)).toEqual([null, `bytes=${cutAt}-`]);
  });

  test('what a failed attempt received is kept, and the next attempt asks only for the rest', async () => {
    const store = memoryStore();
    hub.faults.truncated.set(FILE, cutAt);
    const first = await resumableFetch(url, {}, { stallMs: 2_000, store, maxResumes: 0, flushBytes: 1024 });
    const error = await first.arrayBuffer().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadCutError);
    expect(error).toMatchObject({ received: cutAt, total: file.length, resumable: true });
    expect(store.held.get(url)?.bytes).toBe(cutAt);

    await hub.heal();
    hub.clearLog();
    const second = await resumableFetch(url, {}, { stallMs: 2_000, store });
    expect(await body(second)).toEqual(file);
    expect(hub.fileRequests(FILE).map((r) => [r.status, r.range, r.bytesSent])).toEqual([
      [206, `bytes=${cutAt}-`, file.length - cutAt],
    ]);
    // Finished: nothing partial is left behind.
    expect(store.held.has(url)).toBe(false);
  });

  test('a file that changed on the hub since the kept part (another ETag) is fetched afresh, whole', async () => {
    const store = memoryStore();
    hub.faults.truncated.set(FILE, cutAt);
    const first = await resumableFetch(url, {}, { stallMs: 2_000, store, maxResumes: 0, flushBytes: 1024 });
    await first.arrayBuffer().catch(() => undefined);
    await hub.heal();
    hub.faults.etagSalt.set(FILE, 'v2');
    hub.clearLog();
    const second = await resumableFetch(url, {}, { stallMs: 2_000, store });
    expect(await body(second)).toEqual(file);
    // The If-Range didn't match, so the hub sent the whole file: no splice of two versions.
    expect(hub.fileRequests(FILE).map((r) => [r.status, r.bytesSent])).toEqual([[200, file.length]]);
  });

  test('a host without range support can’t be resumed: the cut is reported as one that starts over', async () => {
    const store = memoryStore();
    hub.faults.ranges = false;
    hub.faults.truncated.set(FILE, cutAt);
    const response = await resumableFetch(url, {}, { stallMs: 2_000, store });
    const error = await response.arrayBuffer().catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'DownloadCutError', resumable: false });
    expect(store.held.size).toBe(0);
    expect(hub.fileRequests(FILE)).toHaveLength(1);
  });
});
