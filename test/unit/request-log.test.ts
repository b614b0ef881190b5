import { describe, expect, test } from 'vitest';
import { chartSeries, chartTicks } from '../../src/monitoring/chart';
import {
  appendRequest,
  parseRequestLog,
  type RequestRecord,
  summarizeRequests,
} from '../../src/monitoring/request-log';
import { RequestTracker } from '../../src/monitoring/request-tracker';
import { failureText } from '../../src/options/format';
import type { EngineRequest, GenerationMetrics } from '../../src/protocol/messages';

const record = (i: number, over: Partial<RequestRecord> = {}): RequestRecord => ({
  requestId: `r${i}`,
  at: 1000 + i,
  modelId: 'm',
  backend: 'wasm',
  outcome: 'done',
  loadMs: 0,
  timeToFirstTokenMs: 100 * i,
  tokensPerSecond: 10 * i,
  tokens: i,
  totalMs: 500,
  ...over,
});

describe('request log', () => {
  test('keeps only the newest entries, oldest dropped first', () => {
    let log: RequestRecord[] = [];
    for (let i = 1; i <= 7; i++) log = appendRequest(log, record(i), 5);
    expect(log.map((r) => r.requestId)).toEqual(['r3', 'r4', 'r5', 'r6', 'r7']);
  });

  test('append does not mutate the stored array', () => {
    const log = [record(1)];
    appendRequest(log, record(2));
    expect(log).toHaveLength(1);
  });

  test('parsing stored data keeps valid records and drops the rest', () => {
    const parsed = parseRequestLog([
      record(1),
      { requestId: 'broken' },
      record(2, { outcome: 'cancelled' }),
      'x',
    ]);
    expect(parsed.map((r) => r.requestId)).toEqual(['r1', 'r2']);
    expect(parseRequestLog({ not: 'an array' })).toEqual([]);
    expect(parseRequestLog([record(1), record(2), record(3)], 2).map((r) => r.requestId)).toEqual([
      'r2',
      'r3',
    ]);
  });

  test('totals count outcomes and average only completed requests', () => {
    const totals = summarizeRequests([
      record(1),
      record(3, { backend: 'webgpu' }),
      record(4, { outcome: 'error', timeToFirstTokenMs: null, tokensPerSecond: null, tokens: 0 }),
      record(5, { outcome: 'cancelled', timeToFirstTokenMs: null, tokensPerSecond: null, tokens: 0 }),
    ]);
    expect(totals).toEqual({
      requests: 4,
      done: 2,
      errors: 1,
      cancelled: 1,
      tokens: 4,
      meanTimeToFirstTokenMs: 200,
      meanTokensPerSecond: 20,
      byBackend: { webgpu: 1, wasm: 3 },
    });
    expect(summarizeRequests([]).meanTokensPerSecond).toBeNull();
  });
});

describe('RequestTracker', () => {
  const metrics: GenerationMetrics = {
    modelId: 'tiny',
    backend: 'webgpu',
    loadMs: 50,
    imageEncodeMs: 5,
    timeToFirstTokenMs: 80,
    tokensPerSecond: 12.5,
    tokens: 9,
    promptTokens: 80,
    totalMs: 900,
    imageWidth: 640,
    imageHeight: 480,
  };
  const generate = (requestId: string): EngineRequest => ({
    type: 'generate',
    requestId,
    modelId: 'tiny',
    image: { kind: 'inline', image: { dataUrl: 'data:', width: 1, height: 1 } },
    conversation: [],
    options: { maxNewTokens: 8, backend: 'auto' },
  });

  test('records a finished generation from its done metrics', () => {
    const t = new RequestTracker();
    t.observeRequest(generate('a'));
    expect(t.observeEvent({ type: 'token', requestId: 'a', text: 'x' }, 1)).toBeNull();
    expect(t.observeEvent({ type: 'done', requestId: 'a', text: 'x', metrics }, 2)).toEqual({
      requestId: 'a',
      at: 2,
      modelId: 'tiny',
      backend: 'webgpu',
      outcome: 'done',
      loadMs: 50,
      timeToFirstTokenMs: 80,
      tokensPerSecond: 12.5,
      tokens: 9,
      totalMs: 900,
    });
    // A request ends once.
    expect(t.observeEvent({ type: 'done', requestId: 'a', text: 'x', metrics }, 3)).toBeNull();
  });

  test('records errors and cancellations with what was known from ready', () => {
    const t = new RequestTracker();
    t.observeRequest(generate('b'));
    t.observeRequest(generate('c'));
    t.observeEvent(
      {
        type: 'ready',
        requestId: 'b',
        modelId: 'tiny',
        backend: 'wasm',
        loadMs: 30,
        fallbackReason: null,
        crossOriginIsolated: false,
        wasmThreads: 1,
        keptCache: false,
        runtime: 'wasm',
      },
      1,
    );
    const failed = t.observeEvent(
      { type: 'error', requestId: 'b', error: { code: 'generation-failed', message: 'boom' } },
      2,
    );
    expect(failed).toMatchObject({
      outcome: 'error',
      backend: 'wasm',
      loadMs: 30,
      errorCode: 'generation-failed',
      tokens: 0,
    });
    const cancelled = t.observeEvent(
      { type: 'error', requestId: 'c', error: { code: 'cancelled', message: 'x' } },
      3,
    );
    expect(cancelled).toMatchObject({ outcome: 'cancelled', backend: null, modelId: 'tiny' });
  });

  test('ignores events of requests it never saw, and bare loads', () => {
    const t = new RequestTracker();
    t.observeRequest({ type: 'load', requestId: 'l', modelId: 'tiny', backend: 'auto' });
    expect(
      t.observeEvent({ type: 'error', requestId: 'l', error: { code: 'internal', message: 'x' } }, 1),
    ).toBeNull();
    expect(t.observeEvent({ type: 'done', requestId: 'zzz', text: '', metrics }, 1)).toBeNull();
  });
});

describe('chartSeries', () => {
  test('scales values to the box, highest at the top', () => {
    const s = chartSeries([0, 5, 10], 108, 58, 4);
    expect(s.max).toBe(10);
    expect(s.segments).toEqual(['4,54 54,29 104,4']);
  });

  test('nulls break the line; lone points become dots', () => {
    const s = chartSeries([2, null, 4, 4], 100, 50, 0);
    expect(s.dots).toEqual([{ x: 0, y: 25 }]);
    expect(s.segments).toEqual(['66.7,0 100,0']);
  });

  test('an empty or all-null series draws nothing', () => {
    expect(chartSeries([], 100, 50)).toEqual({ segments: [], dots: [], max: 0 });
    expect(chartSeries([null, null], 100, 50)).toEqual({ segments: [], dots: [], max: 0 });
  });
});

describe('chartTicks', () => {
  test('numbers every request when there are few, else the first, the last and three between', () => {
    expect(chartTicks(0)).toEqual([]);
    expect(chartTicks(3)).toEqual([0, 1, 2]);
    expect(chartTicks(50)).toEqual([0, 12, 25, 37, 49]);
  });
});

describe('failureText', () => {
  test('an error row says what failed, in words; an unknown code still says it failed', () => {
    expect(failureText('hub-unreachable')).toBe('Failed: model host unreachable');
    expect(failureText('image-too-small')).toBe('Failed: the image is too small');
    expect(failureText('something-new')).toBe('Failed');
    expect(failureText(undefined)).toBe('Failed');
  });
});
