/** The real-scale bench section's arithmetic and table (bench/shaped-model.ts): pure parts only. */
import { describe, expect, test } from 'vitest';
import type { TimedRequest } from '../../bench/engine-timing';
import { answerFigures, type ShapedBackendFigures, shapedRows } from '../../bench/shaped-model';
import { summarize } from '../../bench/stats';

function answer(
  firstTokenMs: number,
  visionMs: number,
  views: number,
  prefillMs: number,
  tps: number,
): TimedRequest {
  return {
    text: 'x',
    plan: null,
    firstTokenMs,
    totalMs: firstTokenMs + 1000,
    metrics: {
      modelId: 'm',
      backend: 'wasm',
      loadMs: 0,
      imageEncodeMs: 10,
      timeToFirstTokenMs: firstTokenMs,
      tokensPerSecond: tps,
      tokens: 4,
      promptTokens: 81,
      totalMs: firstTokenMs + 900,
      imageWidth: 224,
      imageHeight: 224,
      sessions: { visionMs, views, prefillMs, prefillTokens: 81, reusedTokens: 0 },
    },
  };
}

describe('real-scale bench figures', () => {
  test('vision per view, prefill and decode rates come from the engine’s own session timings', () => {
    const figures = answerFigures([answer(20_000, 17_000, 1, 2_000, 3), answer(22_000, 34_000, 2, 1_000, 5)]);
    expect(figures.visionMsPerView).toEqual(summarize([17_000, 17_000]));
    expect(figures.prefillTokensPerSecond).toEqual(summarize([40.5, 81]));
    expect(figures.decodeTokensPerSecond).toEqual(summarize([3, 5]));
    expect(figures.firstTokenMs).toEqual(summarize([20_000, 22_000]));
    expect(figures.promptTokens).toBe(81);
  });

  test('the table says what wasn’t measured instead of showing a number', () => {
    const f: ShapedBackendFigures = {
      backend: 'webgpu',
      downloadBytes: 265_000_000,
      hubLoadMs: summarize([15_000]),
      cacheLoadMs: summarize([5_000]),
      visionMsPerView: summarize([600_000]),
      firstTokenSingleMs: summarize([630_000]),
      firstTokenAfterLoadMs: summarize([640_000, 650_000]),
      promptTokensSingle: 81,
      firstTokenSplitMs: null,
      promptTokensSplit: null,
      prefillTokensPerSecond: summarize([10]),
      decodeTokensPerSecond: summarize([0.5]),
      decodeTokensPerSecondSplit: null,
      peakRendererBytes: null,
      decoderWeightBytes: 86_000_000,
      bandwidthBytesPerSecond: 4e9,
      bandwidthFraction: (0.5 * 86e6) / 4e9,
      engineVsDirect: null,
    };
    const rows = shapedRows({ modelId: 'm', backends: [f] }, 'WASM only');
    const value = (part: string) => rows.find((r) => r.metric.includes(part))?.value;
    expect(value('first token, default split')).toBe('WASM only');
    expect(value('decode, default split')).toBe('WASM only');
    expect(value('peak memory')).toBe('n/a');
    expect(value('memory limit')).toBe('1.1% of the limit (47 tokens/s)');
    expect(value('first token, one view (81 prompt tokens)')).toBe('630.0 s (p95 630.0 s, n=1)');
    expect(value('first question after a load (fresh worker)')).toBe('640.0 s (p95 650.0 s, n=2)');
    expect(rows.every((r) => r.metric.startsWith('256M stand-in, WebGPU (SwiftShader)'))).toBe(true);
  });
});
