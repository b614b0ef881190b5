/**
 * The engine client over a fake port: events routed by request id, terminal events end a call, cancel, re-attach
 * after the port drops (the service worker stopped) without duplicates, giving up after repeated failures, close.
 */
import { describe, expect, test } from 'vitest';
import { createEngineClientCore, type EnginePortLike } from '../../src/protocol/engine-client-core';
import type { EngineEvent, EngineRequest, GenerationMetrics } from '../../src/protocol/messages';

class FakePort implements EnginePortLike {
  readonly posted: EngineRequest[] = [];
  disconnected = false;
  private readonly messageListeners: ((message: unknown) => void)[] = [];
  private readonly disconnectListeners: (() => void)[] = [];
  onMessage = { addListener: (l: (message: unknown) => void) => void this.messageListeners.push(l) };
  onDisconnect = { addListener: (l: () => void) => void this.disconnectListeners.push(l) };
  postMessage(message: EngineRequest): void {
    if (this.disconnected) throw new Error('Attempting to use a disconnected port object');
    this.posted.push(message);
  }
  disconnect(): void {
    this.disconnected = true;
  }
  /** The other end sends an event envelope. */
  emit(seq: number, event: EngineEvent): void {
    for (const l of this.messageListeners) l({ seq, event });
  }
  raw(message: unknown): void {
    for (const l of this.messageListeners) l(message);
  }
  /** The other end went away (the background stopped). */
  drop(): void {
    this.disconnected = true;
    for (const l of this.disconnectListeners) l();
  }
}

function setup(options: { maxReconnects?: number; failConnectAfter?: number } = {}) {
  const ports: FakePort[] = [];
  let ids = 0;
  const client = createEngineClientCore({
    connect: () => {
      if (options.failConnectAfter !== undefined && ports.length >= options.failConnectAfter) {
        throw new Error('Could not establish connection. Receiving end does not exist.');
      }
      const port = new FakePort();
      ports.push(port);
      return port;
    },
    maxReconnects: options.maxReconnects,
    reconnectDelayMs: 1,
    newId: () => {
      ids += 1;
      return `r${ids}`;
    },
  });
  const last = (): FakePort => {
    const port = ports.at(-1);
    if (!port) throw new Error('no port opened');
    return port;
  };
  return { client, ports, last };
}

const tick = (ms = 10) => new Promise((resolve) => setTimeout(resolve, ms));
const metrics: GenerationMetrics = {
  modelId: 'verdict-lens/tiny-smolvlm',
  backend: 'wasm',
  loadMs: 3,
  timeToFirstTokenMs: 5,
  tokensPerSecond: 10,
  tokens: 2,
  promptTokens: 80,
  imageEncodeMs: 1,
  totalMs: 20,
  imageWidth: 64,
  imageHeight: 64,
};

const generateInput = {
  modelId: 'verdict-lens/tiny-smolvlm',
  image: { kind: 'url' as const, url: 'https://example.com/a.png' },
  conversation: [{ role: 'user' as const, text: 'What is this?' }],
  options: { maxNewTokens: 8, backend: 'auto' as const },
};

describe('engine client core', () => {
  test('sends a generate request on one port and routes events by request id', async () => {
    const { client, ports, last } = setup();
    const a: EngineEvent[] = [];
    const b: EngineEvent[] = [];
    const callA = client.generate(generateInput, (e) => a.push(e));
    const callB = client.generate(generateInput, (e) => b.push(e));
    expect(ports).toHaveLength(1);
    expect(last().posted).toEqual([
      { type: 'generate', requestId: 'r1', ...generateInput },
      { type: 'generate', requestId: 'r2', ...generateInput },
    ]);
    last().emit(1, { type: 'queued', requestId: 'r2', position: 1 });
    last().emit(1, { type: 'token', requestId: 'r1', text: 'a ' });
    last().emit(2, { type: 'token', requestId: 'r1', text: 'red' });
    // Events for nobody, or messages that aren't envelopes, are ignored.
    last().emit(1, { type: 'token', requestId: 'stranger', text: 'x' });
    last().raw({ hello: 'world' });
    last().raw(null);
    expect(a.map((e) => e.type)).toEqual(['token', 'token']);
    expect(b).toEqual([{ type: 'queued', requestId: 'r2', position: 1 }]);
    expect(callA.requestId).toBe('r1');
    expect(callB.requestId).toBe('r2');
  });

  test('a generate call ends at done or error, not at ready; later events for it are ignored', async () => {
    const { client, last } = setup();
    const seen: EngineEvent[] = [];
    const call = client.generate(generateInput, (e) => seen.push(e));
    let settled = false;
    void call.finished.then(() => {
      settled = true;
    });
    last().emit(1, {
      type: 'ready',
      requestId: 'r1',
      modelId: 'm',
      backend: 'wasm',
      loadMs: 3,
      fallbackReason: null,
      crossOriginIsolated: false,
      wasmThreads: 1,
      keptCache: false,
      runtime: 'wasm',
    });
    await tick(1);
    expect(settled).toBe(false);
    const done: EngineEvent = { type: 'done', requestId: 'r1', text: 'a red image', metrics };
    last().emit(2, done);
    await expect(call.finished).resolves.toEqual(done);
    last().emit(3, { type: 'token', requestId: 'r1', text: 'late' });
    expect(seen.map((e) => e.type)).toEqual(['ready', 'done']);

    const failing = client.generate(generateInput);
    const error: EngineEvent = {
      type: 'error',
      requestId: 'r2',
      error: { code: 'model-load-failed', message: 'x' },
    } as EngineEvent;
    last().emit(1, error);
    await expect(failing.finished).resolves.toEqual(error);
  });

  test('load ends at ready; status and unload resolve with the status', async () => {
    const { client, last } = setup();
    const load = client.load('m', 'wasm');
    expect(last().posted.at(-1)).toEqual({ type: 'load', requestId: 'r1', modelId: 'm', backend: 'wasm' });
    last().emit(1, {
      type: 'progress',
      requestId: 'r1',
      progress: { modelId: 'm', files: [], loaded: 1, total: 2 },
    });
    last().emit(2, {
      type: 'ready',
      requestId: 'r1',
      modelId: 'm',
      backend: 'wasm',
      loadMs: 9,
      fallbackReason: null,
      crossOriginIsolated: false,
      wasmThreads: 1,
      keptCache: false,
      runtime: 'wasm',
    });
    await expect(load.finished).resolves.toMatchObject({ type: 'ready', loadMs: 9 });

    const status = {
      modelId: 'm',
      backend: 'wasm' as const,
      fallbackReason: null,
      busy: false,
      queued: 0,
      keepAliveMs: 300_000,
    };
    const statusPromise = client.status();
    expect(last().posted.at(-1)).toEqual({ type: 'status', requestId: 'r2' });
    last().emit(1, { type: 'status', requestId: 'r2', status });
    await expect(statusPromise).resolves.toEqual(status);

    const unload = client.unload();
    expect(last().posted.at(-1)).toEqual({ type: 'unload', requestId: 'r3' });
    last().emit(1, {
      type: 'error',
      requestId: 'r3',
      error: { code: 'worker-died', message: 'gone' },
    } as EngineEvent);
    await expect(unload).rejects.toThrow('gone');
  });

  test('ending a conversation goes out as a one-shot notice, not on the port, also once the client is closed', () => {
    const ended: string[] = [];
    const client = createEngineClientCore({
      connect: () => {
        throw new Error('no port should be opened for this');
      },
      endConversation: (id) => ended.push(id),
    });
    client.endConversation('panel-1');
    expect(ended).toEqual(['panel-1']);
    // A view closes its client as it goes away, and its conversation ends with it.
    client.close();
    client.endConversation('panel-2');
    expect(ended).toEqual(['panel-1', 'panel-2']);
  });

  test('cancel posts a cancel for that request; cancelling a finished call posts nothing', async () => {
    const { client, last } = setup();
    const call = client.generate(generateInput);
    call.cancel();
    expect(last().posted.at(-1)).toEqual({ type: 'cancel', requestId: 'r1' });
    last().emit(1, {
      type: 'error',
      requestId: 'r1',
      error: { code: 'cancelled', message: 'Stopped.' },
    } as EngineEvent);
    await call.finished;
    const count = last().posted.length;
    call.cancel();
    expect(last().posted).toHaveLength(count);
  });

  test('when the port drops, it reconnects and re-attaches each pending call after its last event, without duplicates', async () => {
    const { client, ports } = setup();
    const a: EngineEvent[] = [];
    const b: EngineEvent[] = [];
    const callA = client.generate(generateInput, (e) => a.push(e));
    client.generate(generateInput, (e) => b.push(e));
    const first = ports[0] as FakePort;
    first.emit(1, { type: 'token', requestId: 'r1', text: 'a ' });
    first.emit(2, { type: 'token', requestId: 'r1', text: 'red ' });
    first.drop();
    await tick();
    expect(ports).toHaveLength(2);
    const second = ports[1] as FakePort;
    expect(second.posted).toEqual([
      { type: 'attach', requestId: 'r1', afterSeq: 2 },
      { type: 'attach', requestId: 'r2', afterSeq: 0 },
    ]);
    // The host replays from its log; an event the client already had (seq 2) must not be delivered twice.
    second.emit(2, { type: 'token', requestId: 'r1', text: 'red ' });
    second.emit(3, { type: 'token', requestId: 'r1', text: 'image' });
    second.emit(4, { type: 'done', requestId: 'r1', text: 'a red image', metrics });
    await expect(callA.finished).resolves.toMatchObject({ type: 'done', text: 'a red image' });
    expect(a.map((e) => (e.type === 'token' ? e.text : e.type))).toEqual(['a ', 'red ', 'image', 'done']);
    expect(b).toEqual([]);
  });

  test('a drop with nothing pending does not reconnect; the next request opens a new port', async () => {
    const { client, ports } = setup();
    const call = client.load('m', 'auto');
    (ports[0] as FakePort).emit(1, {
      type: 'ready',
      requestId: 'r1',
      modelId: 'm',
      backend: 'wasm',
      loadMs: 1,
      fallbackReason: null,
      crossOriginIsolated: false,
      wasmThreads: 1,
      keptCache: false,
      runtime: 'wasm',
    });
    await call.finished;
    (ports[0] as FakePort).drop();
    await tick();
    expect(ports).toHaveLength(1);
    client.status();
    expect(ports).toHaveLength(2);
    expect((ports[1] as FakePort).posted).toEqual([{ type: 'status', requestId: 'r2' }]);
  });

  test('after too many failed reconnects in a row, pending calls end with worker-died (never hang)', async () => {
    const { client, ports } = setup({ maxReconnects: 2 });
    const seen: EngineEvent[] = [];
    const call = client.generate(generateInput, (e) => seen.push(e));
    for (let i = 0; i < 3; i++) {
      (ports.at(-1) as FakePort).drop();
      await tick();
    }
    const last = await call.finished;
    expect(last).toMatchObject({ type: 'error', requestId: 'r1', error: { code: 'worker-died' } });
    expect(seen).toEqual([last]);
    // Two reconnects were tried (the initial port plus two), no more.
    expect(ports).toHaveLength(3);
  });

  test('after giving up, a new request gets its full share of reconnects again', async () => {
    const { client, ports } = setup({ maxReconnects: 1 });
    const dead = client.generate(generateInput);
    for (let i = 0; i < 2; i++) {
      (ports.at(-1) as FakePort).drop();
      await tick();
    }
    await expect(dead.finished).resolves.toMatchObject({ error: { code: 'worker-died' } });
    const next = client.generate(generateInput);
    const opened = ports.length;
    (ports.at(-1) as FakePort).drop();
    await tick();
    // One drop is within the limit: it re-attaches instead of failing at once.
    expect(ports).toHaveLength(opened + 1);
    expect((ports.at(-1) as FakePort).posted).toEqual([{ type: 'attach', requestId: 'r2', afterSeq: 0 }]);
    (ports.at(-1) as FakePort).emit(1, { type: 'done', requestId: 'r2', text: 'a', metrics });
    await expect(next.finished).resolves.toMatchObject({ type: 'done' });
  });

  test('an event between drops resets the count of failed reconnects', async () => {
    const { client, ports } = setup({ maxReconnects: 1 });
    const call = client.generate(generateInput);
    (ports.at(-1) as FakePort).drop();
    await tick();
    (ports.at(-1) as FakePort).emit(1, { type: 'token', requestId: 'r1', text: 'a' });
    (ports.at(-1) as FakePort).drop();
    await tick();
    (ports.at(-1) as FakePort).emit(2, { type: 'done', requestId: 'r1', text: 'a', metrics });
    await expect(call.finished).resolves.toMatchObject({ type: 'done' });
  });

  test('a reconnect whose connect throws ends pending calls with worker-died', async () => {
    const { client, ports } = setup({ failConnectAfter: 1 });
    const events: EngineEvent[] = [];
    const call = client.generate(generateInput, (e) => events.push(e));
    (ports[0] as FakePort).drop();
    await expect(call.finished).resolves.toMatchObject({ type: 'error', error: { code: 'worker-died' } });
    expect(events).toHaveLength(1);
    expect(ports).toHaveLength(1);
  });

  test('close ends pending calls as cancelled, disconnects, and later calls end at once', async () => {
    const { client, ports } = setup();
    const call = client.generate(generateInput);
    client.close();
    await expect(call.finished).resolves.toMatchObject({ type: 'error', error: { code: 'cancelled' } });
    expect((ports[0] as FakePort).disconnected).toBe(true);
    const after = client.generate(generateInput);
    await expect(after.finished).resolves.toMatchObject({ type: 'error', error: { code: 'cancelled' } });
    expect(ports).toHaveLength(1);
  });
});
