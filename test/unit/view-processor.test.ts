/**
 * One view's processor scales the picture straight to the view's edge instead of to the processor's longest edge
 * first (view-processor.ts). The test model's processor has the real one's shape at a small scale: every image goes
 * to 64 px first, views are 32 px.
 */
import { AutoProcessor, type Processor, RawImage } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { processorFor } from '../../src/inference/generation/view-processor';
import { ensureFixture, FIXTURE_MODEL_ID } from '../support/fixture';
import { useLocalModels } from '../support/fixture-in-node';

const PROMPT = '<|im_start|>User:<image>What is in this picture?<end_of_utterance>\nAssistant:';

let processor: Processor;
let restore: () => void;

beforeAll(async () => {
  ensureFixture();
  restore = useLocalModels();
  processor = await AutoProcessor.from_pretrained(FIXTURE_MODEL_ID);
});

afterAll(() => restore());

function stripes(width: number, height: number): RawImage {
  const data = new Uint8ClampedArray(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      data.set([(x * 37) % 256, (y * 11) % 256, ((x + y) * 5) % 256], (y * width + x) * 3);
  return new RawImage(data, width, height, 3);
}

function gradient(width: number, height: number): RawImage {
  const data = new Uint8ClampedArray(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) data.set([x * 2, y * 2, x + y], (y * width + x) * 3);
  return new RawImage(data, width, height, 3);
}

function solid(width: number, height: number): RawImage {
  const data = new Uint8ClampedArray(width * height * 3);
  for (let i = 0; i < width * height; i++) data.set([200, 120, 40], i * 3);
  return new RawImage(data, width, height, 3);
}

interface Processed {
  input_ids: { data: BigInt64Array; dims: number[] };
  pixel_values: { data: Float32Array; dims: number[] };
  pixel_attention_mask: { dims: number[] };
}

async function run(p: Processor, image: RawImage, split: boolean): Promise<Processed> {
  return (await p(PROMPT, [image], { do_image_splitting: split })) as unknown as Processed;
}

/** The sizes every RawImage.resize call asked for while `work` ran. */
async function resizesDuring(work: () => Promise<unknown>): Promise<[number, number][]> {
  const spy = vi.spyOn(RawImage.prototype, 'resize');
  try {
    await work();
    return spy.mock.calls.map(([width, height]) => [Number(width), Number(height)]);
  } finally {
    spy.mockRestore();
  }
}

describe('the processor for one view', () => {
  it('scales the picture once, straight to the view, never to the longest edge first', async () => {
    const image = stripes(120, 90);
    const asIs = await resizesDuring(() => run(processor, image, false));
    // What transformers.js does by itself: the whole picture to 64 px first (the test model's longest edge).
    expect(asIs).toEqual([[64, 48]]);
    const once = await resizesDuring(() => run(processorFor(processor, 'single'), image, false));
    expect(once).toEqual([[32, 24]]);
  });

  it('gives the model the same inputs: one square view, the same prompt ids, the same picture', async () => {
    const image = solid(120, 90);
    const before = await run(processor, image, false);
    const after = await run(processorFor(processor, 'single'), image, false);
    expect(after.pixel_values.dims).toEqual([1, 1, 3, 32, 32]);
    expect(after.pixel_values.dims).toEqual(before.pixel_values.dims);
    expect(after.pixel_attention_mask.dims).toEqual(before.pixel_attention_mask.dims);
    expect(Array.from(after.input_ids.data)).toEqual(Array.from(before.input_ids.data));
    // A solid picture resamples to itself whichever way it is scaled.
    for (let i = 0; i < before.pixel_values.data.length; i++)
      expect(after.pixel_values.data[i]).toBeCloseTo(before.pixel_values.data[i] as number, 5);
    // A picture with detail is the same view resampled once: near the twice-resampled one (values span -1..1).
    const a = await run(processor, gradient(120, 90), false);
    const b = await run(processorFor(processor, 'single'), gradient(120, 90), false);
    let difference = 0;
    for (let i = 0; i < a.pixel_values.data.length; i++)
      difference += Math.abs((a.pixel_values.data[i] as number) - (b.pixel_values.data[i] as number));
    const mean = difference / a.pixel_values.data.length;
    expect(mean).toBeGreaterThan(0);
    expect(mean).toBeLessThan(0.01);
  });

  it('leaves the split, and the processor it was made from, as they are', async () => {
    expect(processorFor(processor, 'split')).toBe(processor);
    expect(processorFor(processor, 'single')).toBe(processorFor(processor, 'single'));
    const image = stripes(120, 90);
    const split = await resizesDuring(() => run(processor, image, true));
    expect(split).toEqual([[64, 48]]);
    const parts = processor as unknown as { image_processor: { size: { longest_edge: number } } };
    expect(parts.image_processor.size.longest_edge).toBe(64);
  });
});
