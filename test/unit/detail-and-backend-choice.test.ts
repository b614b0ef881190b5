/**
 * Choices made from this device's measured speed: the image detail (most detailed level expected within a few
 * seconds), the backend in Automatic (the faster one measured here, after measuring each once), and the samples
 * they are made from (per device, model and backend; a new browser or GPU starts afresh).
 */
import { AutoProcessor, type Processor, RawImage, type Tensor } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceKeyFor, orderBySpeed, typicalAnswerMs } from '../../src/inference/backend/by-speed';
import { type MeasuredSpeed, sampleFromMetrics, speedOn } from '../../src/inference/backend/measured-speed';
import { planBackends } from '../../src/inference/backend/policy';
import {
  chooseDetail,
  estimateWaitMs,
  firstDetail,
  isComplete,
  type ProcessorGeometry,
  viewsFor,
} from '../../src/inference/generation/detail-choice';
import type { GenerationMetrics, SpeedSample } from '../../src/protocol/messages';
import { ensureFixture, FIXTURE_MODEL_ID } from '../support/fixture';
import { useLocalModels } from '../support/fixture-in-node';

const SMOLVLM: ProcessorGeometry = { longestEdge: 2048, tileEdge: 512, tokensPerView: 64 };

function speed(msPerView: number, prefill: number, decode = 20): MeasuredSpeed {
  return {
    msPerView,
    prefillTokensPerSecond: prefill,
    decodeTokensPerSecond: decode,
    loadMs: 1000,
    samples: 3,
  };
}

describe('image detail by measured speed', () => {
  it('counts views as SmolVLM’s processor cuts them: 17 for a square, fewer for a wide image', () => {
    expect(viewsFor('split', { width: 224, height: 224 }, SMOLVLM)).toBe(17);
    expect(viewsFor('split', { width: 1536, height: 1024 }, SMOLVLM)).toBe(4 * 3 + 1);
    expect(viewsFor('single', { width: 1536, height: 1024 }, SMOLVLM)).toBe(1);
  });

  it('runs one view until the device is measured, then the split when it fits in a few seconds', () => {
    const image = { width: 224, height: 224 };
    expect(chooseDetail(image, 20, SMOLVLM, null).detail).toBe('single');
    // A fast GPU: 17 views × 40 ms + 1,108 tokens at 2,000 tok/s ≈ 1.2 s.
    const fast = chooseDetail(image, 20, SMOLVLM, speed(40, 2000));
    expect(fast.detail).toBe('split');
    expect(fast.estimates.split).toBeCloseTo(17 * 40 + (17 * 64 + 20) * 0.5, 5);
  });

  it('on an unmeasured device, estimates the waits from a probe but still runs one view first', () => {
    const image = { width: 224, height: 224 };
    expect(firstDetail(image, 20, SMOLVLM, null).estimates).toEqual({ single: null, split: null });
    // A probe fast enough that the split would fit in the budget still doesn't choose it.
    const quick = { ...speed(40, 2000, 20), decodeTokensPerSecond: null, samples: 0 };
    const probed = firstDetail(image, 20, SMOLVLM, quick);
    expect(probed.detail).toBe('single');
    expect(probed.estimates.single).toBe(estimateWaitMs(1, 20, SMOLVLM, quick));
    expect(probed.estimates.split).toBe(estimateWaitMs(17, 20, SMOLVLM, quick));
    expect(probed.reason).toMatch(/speed test’s estimate/);
    expect(isComplete(quick)).toBe(true);
    expect(isComplete({ ...quick, msPerView: null })).toBe(false);
  });

  it('chooses less detail when the measured speed is slower', () => {
    const image = { width: 224, height: 224 };
    // A CPU: 900 ms a view and 150 tok/s: the split would take ~22.7 s, one view ~1.5 s.
    const slow = chooseDetail(image, 20, SMOLVLM, speed(900, 150));
    expect(slow.detail).toBe('single');
    expect(slow.reason).toMatch(/all 17 views would take about 22.7 s here/);
    expect(slow.estimates.single).toBeCloseTo(900 + (64 + 20) / 0.15, 5);
    expect(estimateWaitMs(17, 20, SMOLVLM, speed(900, 150))).toBe(slow.estimates.split);
  });

  describe('against the real processor (the test model’s geometry)', () => {
    let processor: Processor;
    let restore: () => void;
    beforeAll(async () => {
      ensureFixture();
      restore = useLocalModels();
      processor = await AutoProcessor.from_pretrained(FIXTURE_MODEL_ID);
    });
    afterAll(() => restore());

    it.each([
      [8, 8],
      [40, 24],
      [20, 50],
      [120, 90],
      [700, 500],
      [100, 30],
    ])('%i×%i: as many views as pixel_values holds', async (width, height) => {
      const geometry: ProcessorGeometry = { longestEdge: 64, tileEdge: 32, tokensPerView: 4 };
      const image = new RawImage(new Uint8ClampedArray(width * height * 3).fill(128), width, height, 3);
      const inputs = await processor('<|im_start|>User:<image>Hi<end_of_utterance>\nAssistant:', [image]);
      expect((inputs.pixel_values as Tensor).dims[1]).toBe(viewsFor('split', { width, height }, geometry));
    });
  });
});

describe('Automatic backend by measured speed', () => {
  const both = planBackends('auto', { adapter: true });

  it('keeps WebGPU first until something is measured, then measures the other once', () => {
    expect(orderBySpeed(both, { webgpu: null, wasm: null })).toEqual(both);
    const measureWasm = orderBySpeed(both, { webgpu: speed(50, 1000), wasm: null });
    expect(measureWasm.order).toEqual(['wasm', 'webgpu']);
    expect(measureWasm.reason).toMatch(/Measuring WASM/);
  });

  it('puts the faster measured backend first, with the ratio as the reason', () => {
    // A software GPU: WebGPU is slower than the CPU here.
    const webgpu = speed(600, 200, 10);
    const wasm = speed(250, 480, 23);
    const chosen = orderBySpeed(both, { webgpu, wasm });
    expect(chosen.order).toEqual(['wasm', 'webgpu']);
    const ratio = (typicalAnswerMs(webgpu) as number) / (typicalAnswerMs(wasm) as number);
    expect(chosen.reason).toBe(`WASM: ${ratio.toFixed(1)}× faster than WebGPU here.`);
    // The faster measurement wins, whichever it is.
    expect(orderBySpeed(both, { webgpu: wasm, wasm: webgpu }).order).toEqual(['webgpu', 'wasm']);
  });

  it('leaves single-backend plans alone (a forced backend, or no adapter)', () => {
    const forced = planBackends('wasm', { adapter: true });
    expect(orderBySpeed(forced, { webgpu: speed(1, 10000), wasm: speed(900, 10) })).toEqual(forced);
  });
});

describe('measured speed samples', () => {
  const metrics: GenerationMetrics = {
    modelId: 'm',
    backend: 'wasm',
    loadMs: 1200,
    imageEncodeMs: 30,
    timeToFirstTokenMs: 2000,
    tokensPerSecond: 12,
    tokens: 20,
    promptTokens: 1108,
    totalMs: 3600,
    imageWidth: 224,
    imageHeight: 224,
    detail: 'split',
    deviceKey: 'Chrome/156|no-gpu',
    sessions: { visionMs: 1700, views: 17, prefillMs: 2216, prefillTokens: 1108, reusedTokens: 0 },
  };

  it('turns an answer’s session timings into per-view and prefill speeds', () => {
    expect(sampleFromMetrics(metrics, 5)).toEqual({
      at: 5,
      deviceKey: 'Chrome/156|no-gpu',
      modelId: 'm',
      backend: 'wasm',
      msPerView: 100,
      prefillTokensPerSecond: 500,
      decodeTokensPerSecond: 12,
      loadMs: 1200,
    });
    // A follow-up encodes no image and reads a few tokens: no per-view time, no prefill rate from it.
    const followUp = {
      ...metrics,
      sessions: { visionMs: 0, views: 0, prefillMs: 20, prefillTokens: 9, reusedTokens: 1100 },
    };
    expect(sampleFromMetrics(followUp, 6)).toMatchObject({ msPerView: null, prefillTokensPerSecond: null });
  });

  it('takes the median of recent samples for this device, model and backend only', () => {
    const at = (n: number, msPerView: number, deviceKey = 'Chrome/156|no-gpu'): SpeedSample => ({
      at: n,
      deviceKey,
      modelId: 'm',
      backend: 'wasm',
      msPerView,
      prefillTokensPerSecond: 500,
      decodeTokensPerSecond: 12,
      loadMs: null,
    });
    const samples = [at(1, 100), at(2, 900), at(3, 110), at(4, 120, 'Chrome/157|no-gpu')];
    expect(
      speedOn(samples, { deviceKey: 'Chrome/156|no-gpu', modelId: 'm', backend: 'wasm' })?.msPerView,
    ).toBe(110);
    // After a browser update (or another GPU) nothing is measured yet.
    expect(speedOn(samples, { deviceKey: 'Chrome/158|no-gpu', modelId: 'm', backend: 'wasm' })).toBeNull();
    expect(
      speedOn(samples, { deviceKey: 'Chrome/156|no-gpu', modelId: 'other', backend: 'wasm' }),
    ).toBeNull();
  });

  it('names a device by browser version and adapter', () => {
    const ua =
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';
    expect(deviceKeyFor(ua, 'google swiftshader')).toBe('Chrome/156|google swiftshader');
    expect(deviceKeyFor('Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0', null)).toBe(
      'Firefox/153|no-gpu',
    );
  });
});
