/**
 * The engine host without a browser: a fake worker stands in for transformers.js, so queueing, numbering,
 * re-attaching, cancelling, image intake errors and worker crashes are checked exactly.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { EngineHost, type EngineHostDeps } from '../../src/offscreen/engine-host';
import { userError } from '../../src/protocol/errors';
import type {
  EngineConfig,
  EngineEventEnvelope,
  EngineHostCommand,
  EngineRequest,
  EngineWorkerCommand,
  EngineWorkerEvent,
  ImageDetail,
} from '../../src/protocol/messages';

const CONFIG: EngineConfig = { modelHost: 'http://127.0.0.1:1/', stallMs: 5_000, deadlineMs: 60_000 };
const IMAGE = { dataUrl: 'data:image/png;base64,AA==', width: 4, height: 4 };

class FakeWorker {
  commands: EngineWorkerCommand[] = [];
  terminated = false;
  constructor(
    readonly emit: (event: EngineWorkerEvent) => void,
    readonly crash: (detail: string) => void,
  ) {}
  postMessage(command: EngineWorkerCommand) {
    this.commands.push(command);
  }
  terminate() {
    this.terminated = true;
  }
  event(event: EngineWorkerEvent) {
    this.emit(event);
  }
}

/** What a worker was asked to do, in order: request ids, and the type of commands that carry none. */
function commandIds(worker: FakeWorker): string[] {
  return worker.commands.map((c) =>
    c.type === 'job' ? c.request.requestId : 'requestId' in c ? c.requestId : c.type,
  );
}

/** The command the background sends for a UI's request: jobs with their config, the rest without. */
function commandFor(request: EngineRequest, config = CONFIG): EngineHostCommand {
  return request.type === 'load' || request.type === 'generate'
    ? { type: 'job', request, config }
    : { type: 'control', request };
}

function generate(id: string, image: 'url' | 'inline' = 'inline'): EngineRequest {
  return {
    type: 'generate',
    requestId: id,
    modelId: 'm',
    image:
      image === 'url' ? { kind: 'url', url: 'https://example.com/a.png' } : { kind: 'inline', image: IMAGE },
    conversation: [{ role: 'user', text: 'What is this?' }],
    options: { maxNewTokens: 8, backend: 'auto' },
  };
}

function withDetail(request: EngineRequest, detail: ImageDetail): EngineRequest {
  if (request.type !== 'generate') throw new Error('only a generate request has an image detail');
  return { ...request, detail };
}

describe('EngineHost', () => {
  let sent: EngineEventEnvelope[];
  let workers: FakeWorker[];
  let deps: EngineHostDeps;
  let host: EngineHost;

  const events = (id: string) => sent.filter((e) => e.event.requestId === id).map((e) => e.event);
  const worker = () => {
    const w = workers.at(-1);
    if (!w) throw new Error('no worker started');
    return w;
  };

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    sent = [];
    workers = [];
    deps = {
      startWorker: (onMessage, onCrash) => {
        const w = new FakeWorker(onMessage, onCrash);
        workers.push(w);
        return w;
      },
      send: (envelope) => sent.push(envelope),
      fetchImage: vi.fn(async () => IMAGE),
      onIdle: vi.fn(),
      idleMs: 60_000,
      cancelGraceMs: 1_000,
    };
    host = new EngineHost(deps);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  test('hands a conversation’s end to the worker at once, even while another answer runs, and answers nothing', async () => {
    host.handle(commandFor(generate('a'), CONFIG));
    host.handle(commandFor(generate('b'), CONFIG));
    await vi.advanceTimersByTimeAsync(0);
    const before = sent.length;
    host.handle({ type: 'end-conversation', conversationId: 'panel-1' });
    expect(worker().commands.at(-1)).toEqual({ type: 'end-conversation', conversationId: 'panel-1' });
    expect(commandIds(worker())).toEqual(['a', 'end-conversation']);
    expect(sent).toHaveLength(before);
    expect(host.status().queued).toBe(1);
  });

  test('a lost GPU ends the request and replaces the worker, so the next request loads afresh', async () => {
    host.handle(commandFor(generate('a'), CONFIG));
    await vi.advanceTimersByTimeAsync(0);
    const first = worker();
    host.handle({ type: 'lose-gpu-at-next-token' });
    expect(first.commands.at(-1)).toEqual({ type: 'lose-gpu-at-next-token' });
    first.event({ type: 'token', requestId: 'a', text: 'a' });
    first.event({
      type: 'error',
      requestId: 'a',
      error: { code: 'gpu-lost', message: 'The graphics device was lost.' },
    });
    expect(first.terminated).toBe(true);
    expect(events('a').at(-1)).toMatchObject({ type: 'error', error: { code: 'gpu-lost' } });
    host.handle(commandFor(generate('b'), CONFIG));
    await vi.advanceTimersByTimeAsync(0);
    expect(workers).toHaveLength(2);
    expect(commandIds(worker())).toEqual(['b']);
  });

  test('a job the worker’s runtime can’t run goes to a fresh worker, and the request sees only its answer', async () => {
    host.handle(commandFor(generate('a'), CONFIG));
    await vi.advanceTimersByTimeAsync(0);
    const first = worker();
    first.event({ type: 'fresh-worker', requestId: 'a' });
    expect(first.terminated).toBe(true);
    expect(workers).toHaveLength(2);
    const second = worker();
    // The same job, as the first worker got it.
    expect(second.commands).toEqual(first.commands);
    expect(events('a').map((e) => e.type)).toEqual([]);
    second.event({ type: 'token', requestId: 'a', text: 'a' });
    second.event({ type: 'done', requestId: 'a', text: 'a', metrics: {} as never });
    expect(events('a').map((e) => e.type)).toEqual(['token', 'done']);
    await vi.advanceTimersByTimeAsync(0);
    expect(host.status().busy).toBe(false);
    // Cancelling reaches the worker that runs the job now.
    host.handle(commandFor(generate('b'), CONFIG));
    await vi.advanceTimersByTimeAsync(0);
    host.handle(commandFor({ type: 'cancel', requestId: 'b' }));
    expect(commandIds(second)).toEqual(['a', 'b', 'b']);
  });

  test('a job stopped before its worker said it can’t run it ends stopped, and no fresh worker runs it', async () => {
    host.handle(commandFor(generate('a'), CONFIG));
    await vi.advanceTimersByTimeAsync(0);
    host.handle(commandFor({ type: 'cancel', requestId: 'a' }));
    worker().event({ type: 'fresh-worker', requestId: 'a' });
    expect(workers).toHaveLength(1);
    expect(workers[0]?.terminated).toBe(true);
    expect(events('a').at(-1)).toMatchObject({ type: 'error', error: { code: 'cancelled' } });
  });

  test('a fresh worker that can’t run the job either ends it with an error instead of starting another', async () => {
    host.handle(commandFor({ type: 'load', requestId: 'l', modelId: 'm', backend: 'webgpu' }));
    host.handle(commandFor(generate('next'), CONFIG));
    await vi.advanceTimersByTimeAsync(0);
    worker().event({ type: 'fresh-worker', requestId: 'l' });
    worker().event({ type: 'fresh-worker', requestId: 'l' });
    expect(workers).toHaveLength(2);
    expect(events('l').at(-1)).toMatchObject({ type: 'error', error: { code: 'worker-died' } });
    // The line moves on, in a worker of its own.
    await vi.advanceTimersByTimeAsync(0);
    expect(workers).toHaveLength(3);
    expect(commandIds(worker())).toEqual(['next']);
  });

  test('a model that did not fit replaces the worker, so a smaller model loads in a fresh heap', async () => {
    host.handle(commandFor({ type: 'load', requestId: 'big', modelId: 'm', backend: 'wasm' }));
    await vi.advanceTimersByTimeAsync(0);
    const first = worker();
    first.event({
      type: 'error',
      requestId: 'big',
      error: { code: 'model-too-large', message: 'SmolVLM 2.2B needs about 8 GB of memory.' },
    });
    expect(first.terminated).toBe(true);
    expect(events('big').at(-1)).toMatchObject({ type: 'error', error: { code: 'model-too-large' } });
    host.handle(commandFor(generate('small'), CONFIG));
    await vi.advanceTimersByTimeAsync(0);
    expect(workers).toHaveLength(2);
    expect(commandIds(worker())).toEqual(['small']);
  });

  test('runs one request at a time, in order, announcing the place in line', async () => {
    host.handle(commandFor(generate('a'), CONFIG));
    host.handle(commandFor(generate('b'), CONFIG));
    await vi.advanceTimersByTimeAsync(0);
    expect(commandIds(worker())).toEqual(['a']);
    expect(events('b')).toEqual([{ type: 'queued', requestId: 'b', position: 1 }]);
    worker().event({ type: 'token', requestId: 'a', text: 'hi' });
    worker().event({ type: 'done', requestId: 'a', text: 'hi', metrics: {} as never });
    await vi.advanceTimersByTimeAsync(0);
    expect(commandIds(worker())).toEqual(['a', 'b']);
  });

  test('numbers each request’s events from 1 and replays what a re-attaching client missed', async () => {
    host.handle(commandFor(generate('a'), CONFIG));
    await vi.advanceTimersByTimeAsync(0);
    worker().event({ type: 'token', requestId: 'a', text: 'a ' });
    worker().event({ type: 'token', requestId: 'a', text: 'red' });
    expect(sent.map((e) => e.seq)).toEqual([1, 2]);
    sent = [];
    host.handle(commandFor({ type: 'attach', requestId: 'a', afterSeq: 1 }));
    expect(sent).toEqual([{ seq: 2, event: { type: 'token', requestId: 'a', text: 'red' } }]);
  });

  test('a request it never saw is answered worker-died, numbered after what the client has', () => {
    host.handle(commandFor({ type: 'attach', requestId: 'ghost', afterSeq: 4 }));
    expect(sent).toEqual([
      {
        seq: 5,
        event: expect.objectContaining({
          type: 'error',
          error: expect.objectContaining({ code: 'worker-died' }),
        }),
      },
    ]);
  });

  test('cancelling a waiting request ends it without it ever reaching the worker', async () => {
    host.handle(commandFor(generate('a'), CONFIG));
    host.handle(commandFor(generate('b'), CONFIG));
    host.handle(commandFor({ type: 'cancel', requestId: 'b' }, CONFIG));
    await vi.advanceTimersByTimeAsync(0);
    expect(events('b').at(-1)).toMatchObject({ type: 'error', error: { code: 'cancelled' } });
    worker().event({ type: 'done', requestId: 'a', text: '', metrics: {} as never });
    await vi.advanceTimersByTimeAsync(0);
    expect(commandIds(worker())).toEqual(['a']);
  });

  test('cancelling the running request tells the worker and shows no further tokens', async () => {
    host.handle(commandFor(generate('a'), CONFIG));
    await vi.advanceTimersByTimeAsync(0);
    worker().event({ type: 'token', requestId: 'a', text: 'one' });
    host.handle(commandFor({ type: 'cancel', requestId: 'a' }, CONFIG));
    expect(worker().commands.at(-1)).toEqual({ type: 'cancel', requestId: 'a' });
    worker().event({ type: 'token', requestId: 'a', text: 'two' });
    worker().event({ type: 'error', requestId: 'a', error: userError('cancelled', 'Stopped.') });
    expect(events('a').map((e) => e.type)).toEqual(['token', 'error']);
  });

  test('a worker that ignores a cancel is replaced after the grace period, and the line moves on', async () => {
    host.handle(commandFor(generate('a'), CONFIG));
    host.handle(commandFor(generate('b'), CONFIG));
    await vi.advanceTimersByTimeAsync(0);
    const stuck = worker();
    host.handle(commandFor({ type: 'cancel', requestId: 'a' }, CONFIG));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(stuck.terminated).toBe(true);
    expect(events('a').at(-1)).toMatchObject({ type: 'error', error: { code: 'cancelled' } });
    expect(workers).toHaveLength(2);
    expect(commandIds(worker())).toEqual(['b']);
  });

  test('a crashed worker fails the running request with worker-died; the next request gets a new worker', async () => {
    host.handle(commandFor(generate('a'), CONFIG));
    await vi.advanceTimersByTimeAsync(0);
    worker().crash('out of memory');
    expect(events('a').at(-1)).toMatchObject({ type: 'error', error: { code: 'worker-died' } });
    host.handle(commandFor(generate('b'), CONFIG));
    await vi.advanceTimersByTimeAsync(0);
    expect(workers).toHaveLength(2);
    expect(commandIds(worker())).toEqual(['b']);
  });

  test('fetches a url image before the worker sees the request, and passes intake errors on as they are', async () => {
    host.handle(commandFor(generate('a', 'url'), CONFIG));
    await vi.advanceTimersByTimeAsync(0);
    expect(deps.fetchImage).toHaveBeenCalledWith('https://example.com/a.png', expect.any(AbortSignal), {
      pageUrl: undefined,
      stallMs: CONFIG.stallMs,
      deadlineMs: CONFIG.deadlineMs,
    });
    expect(worker().commands[0]).toMatchObject({ type: 'job', request: { type: 'generate', image: IMAGE } });

    const notFound = userError('image-not-found', 'The image is gone (404).');
    deps.fetchImage = vi.fn(async () => {
      throw Object.assign(new Error('404'), { userError: notFound });
    });
    host = new EngineHost(deps);
    host.handle(commandFor(generate('b', 'url'), CONFIG));
    await vi.advanceTimersByTimeAsync(0);
    expect(events('b')).toEqual([{ type: 'error', requestId: 'b', error: notFound }]);
  });

  test("carries the request's image detail to the worker, none (chosen by measured speed) when the request names none", async () => {
    host.handle(commandFor(withDetail(generate('a'), 'single'), CONFIG));
    await vi.advanceTimersByTimeAsync(0);
    expect(worker().commands[0]).toMatchObject({
      type: 'job',
      request: { type: 'generate', requestId: 'a', detail: 'single' },
    });
    worker().event({ type: 'error', requestId: 'a', error: userError('cancelled', 'Stopped.') });
    host.handle(commandFor(generate('b'), CONFIG));
    await vi.advanceTimersByTimeAsync(0);
    const last = worker().commands.at(-1);
    expect(last).toMatchObject({ type: 'job', request: { type: 'generate', requestId: 'b' } });
    expect(last?.type === 'job' && last.request.type === 'generate' && last.request.detail).toBeUndefined();
  });

  test('answers status from what the worker reported, and says when it has been idle', async () => {
    host.handle(commandFor(generate('a'), CONFIG));
    await vi.advanceTimersByTimeAsync(0);
    worker().event({
      type: 'ready',
      requestId: 'a',
      modelId: 'm',
      backend: 'wasm',
      loadMs: 5,
      fallbackReason: 'why',
      crossOriginIsolated: false,
      wasmThreads: 1,
      keptCache: false,
      runtime: 'wasm',
    });
    host.handle(commandFor({ type: 'status', requestId: 's' }, CONFIG));
    expect(events('s')).toEqual([
      {
        type: 'status',
        requestId: 's',
        status: {
          modelId: 'm',
          backend: 'wasm',
          fallbackReason: 'why',
          busy: true,
          queued: 0,
          keepAliveMs: 60_000,
        },
      },
    ]);
    worker().event({ type: 'done', requestId: 'a', text: '', metrics: {} as never });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(deps.onIdle).toHaveBeenCalledWith(60_000);
  });

  test('keeps the model loaded for the keep-alive the latest request carries', async () => {
    host.handle(commandFor(generate('a'), { ...CONFIG, keepAliveMs: 16 * 60_000 }));
    await vi.advanceTimersByTimeAsync(0);
    worker().event({ type: 'done', requestId: 'a', text: '', metrics: {} as never });
    await vi.advanceTimersByTimeAsync(15 * 60_000);
    expect(deps.onIdle).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(deps.onIdle).toHaveBeenCalledWith(16 * 60_000);
  });

  test('unload gives the worker back at once', async () => {
    host.handle(commandFor(generate('a'), CONFIG));
    await vi.advanceTimersByTimeAsync(0);
    worker().event({ type: 'done', requestId: 'a', text: '', metrics: {} as never });
    await vi.advanceTimersByTimeAsync(0);
    host.handle(commandFor({ type: 'unload', requestId: 'u' }, CONFIG));
    expect(worker().terminated).toBe(true);
    expect(events('u').at(-1)).toMatchObject({ type: 'status', status: { modelId: null, busy: false } });
  });
});
