/**
 * The decoder's cache kept by the engine (src/inference/kept-cache): the file gains step outputs only where its cache
 * is the layout the hub's exports have; a decoder with real grouped-query attention gives the same logits when
 * its cache is handed over with unused slots hidden by the mask, step after step, across a growth of the cache, and
 * from a cache kept earlier; generating through it never fetches the whole cache; and the load-time hook wraps
 * only decoders of that layout with a float32 cache, leaves unreadable files to onnxruntime, and only for one load.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RawImage } from '@huggingface/transformers';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../models/scripts/onnx/graph-builder';
import { DataType } from '../../models/scripts/onnx/onnx-proto';
import { buildShapedDecoder } from '../../models/scripts/shaped/decoder-graph';
import type { ModelShape } from '../../models/scripts/shaped/shapes';
import { decodingOptions } from '../../src/inference/generation/decoding-options';
import {
  CAPACITY_STEP,
  KeptCacheSession,
  type RuntimeSession,
  type RuntimeTensor,
  type RuntimeTensorClass,
} from '../../src/inference/kept-cache/kept-cache-session';
import { withStepOutputs } from '../../src/inference/kept-cache/step-outputs';
import { ensureFixture } from '../support/fixture';
import { loadFixtureInNode } from '../support/fixture-in-node';

const Tensor = ort.Tensor as unknown as RuntimeTensorClass;

/** A small Llama decoder with the real one's structure: 2 layers, 6 query heads over 2 key/value heads. */
const SMALL: ModelShape = {
  text: {
    hidden: 48,
    intermediate: 96,
    layers: 2,
    heads: 6,
    kvHeads: 2,
    headDim: 8,
    vocab: 40,
    ropeTheta: 10000,
    rmsEpsilon: 1e-5,
  },
  vision: {
    hidden: 8,
    intermediate: 8,
    layers: 1,
    heads: 1,
    imageSize: 16,
    patchSize: 8,
    layerNormEpsilon: 1e-5,
  },
  scaleFactor: 1,
  imageSeqLen: 4,
};
const t = SMALL.text;

async function session(bytes: Uint8Array): Promise<RuntimeSession> {
  return (await ort.InferenceSession.create(bytes)) as unknown as RuntimeSession;
}

function embeds(count: number, seed: number): RuntimeTensor {
  const data = Float32Array.from(
    { length: count * t.hidden },
    (_, i) => Math.sin(seed * 7.1 + i * 0.37) * 0.5,
  );
  return new Tensor('float32', data, [1, count, t.hidden]);
}

function stepFeeds(
  past: Record<string, RuntimeTensor>,
  pastLength: number,
  count: number,
  seed: number,
): Record<string, RuntimeTensor> {
  return {
    inputs_embeds: embeds(count, seed),
    attention_mask: new Tensor('int64', new BigInt64Array(pastLength + count).fill(1n), [
      1,
      pastLength + count,
    ]),
    position_ids: new Tensor(
      'int64',
      BigInt64Array.from({ length: count }, (_, i) => BigInt(pastLength + i)),
      [1, count],
    ),
    ...past,
  };
}

function emptyPast(): Record<string, RuntimeTensor> {
  const past: Record<string, RuntimeTensor> = {};
  for (let layer = 0; layer < t.layers; layer++)
    for (const kind of ['key', 'value'])
      past[`past_key_values.${layer}.${kind}`] = new Tensor('float32', new Float32Array(0), [
        1,
        t.kvHeads,
        0,
        t.headDim,
      ]);
  return past;
}

/** The next step's past from a run's presents (what transformers.js does). */
function nextPast(outputs: Record<string, RuntimeTensor>): Record<string, RuntimeTensor> {
  const past: Record<string, RuntimeTensor> = {};
  for (const [name, tensor] of Object.entries(outputs))
    if (name.startsWith('present.')) past[name.replace('present', 'past_key_values')] = tensor;
  return past;
}

function maxDifference(a: RuntimeTensor, b: RuntimeTensor): number {
  const x = a.data as Float32Array;
  const y = b.data as Float32Array;
  expect(x.length).toBe(y.length);
  let most = 0;
  for (let i = 0; i < x.length; i++) most = Math.max(most, Math.abs((x[i] as number) - (y[i] as number)));
  return most;
}

describe('step outputs', () => {
  it('are added to a decoder whose present is Concat(past, new), one per layer and kind', async () => {
    const original = buildShapedDecoder(SMALL, 'fp32', 7, []);
    const rewritten = withStepOutputs(original);
    expect(rewritten?.layers).toBe(t.layers);
    expect(rewritten?.cacheElementType).toBe(DataType.FLOAT);
    expect(withStepOutputs(buildShapedDecoder(SMALL, 'fp16', 7, []))?.cacheElementType).toBe(
      DataType.FLOAT16,
    );
    const plain = await session(original);
    const stepped = await session((rewritten as { bytes: Uint8Array }).bytes);
    expect(stepped.outputNames).toEqual([
      ...plain.outputNames,
      'step_key_values.0.key',
      'step_key_values.0.value',
      'step_key_values.1.key',
      'step_key_values.1.value',
    ]);
    // A step's new keys are the present's last tokens.
    const first = await stepped.run(stepFeeds(emptyPast(), 0, 5, 1));
    const second = await stepped.run(stepFeeds(nextPast(first), 5, 3, 2));
    const present = second['present.1.key'] as RuntimeTensor;
    const step = second['step_key_values.1.key'] as RuntimeTensor;
    expect(present.dims).toEqual([1, t.kvHeads, 8, t.headDim]);
    expect(step.dims).toEqual([1, t.kvHeads, 3, t.headDim]);
    const presentData = present.data as Float32Array;
    const stepData = step.data as Float32Array;
    for (let h = 0; h < t.kvHeads; h++) {
      const tail = presentData.subarray((h * 8 + 5) * t.headDim, (h * 8 + 8) * t.headDim);
      expect(Array.from(stepData.subarray(h * 3 * t.headDim, (h + 1) * 3 * t.headDim))).toEqual(
        Array.from(tail),
      );
    }
    await Promise.all([plain.release(), stepped.release()]);
  });

  it('leave a file alone when it isn’t a decoder with that cache layout', () => {
    const fixture = ensureFixture();
    expect(withStepOutputs(readFileSync(join(fixture, 'onnx/vision_encoder.onnx')))).toBeNull();
    expect(withStepOutputs(readFileSync(join(fixture, 'onnx/embed_tokens.onnx')))).toBeNull();
    // A cache computed some other way than appending to the past.
    const g = new GraphBuilder('other_cache');
    const past = g.input('past_key_values.0.key', DataType.FLOAT, [1, 1, 'past', 4]);
    g.output('present.0.key', g.op('Add', [past, past]), DataType.FLOAT, [1, 1, 'past', 4]);
    expect(withStepOutputs(g.encode('test'))).toBeNull();
    expect(() => withStepOutputs(Uint8Array.from([0x3a, 0x05, 0x01]))).toThrow(/truncated/);
  });
});

describe('the kept-cache session', () => {
  it('gives the plain session’s logits at every step, across a growth of the cache', async () => {
    const original = buildShapedDecoder(SMALL, 'fp32', 11, []);
    const rewritten = withStepOutputs(original) as { bytes: Uint8Array; layers: number };
    const plain = await session(original);
    const inner = await session(rewritten.bytes);
    const fetched: (readonly string[] | undefined)[] = [];
    const innerRun = inner.run.bind(inner);
    inner.run = (feeds, names) => {
      fetched.push(names);
      return innerRun(feeds, names);
    };
    const kept = new KeptCacheSession(inner, Tensor, rewritten.layers);

    const prompt = CAPACITY_STEP - 3;
    let plainOut = await plain.run(stepFeeds(emptyPast(), 0, prompt, 0));
    let keptOut = await kept.run(stepFeeds(emptyPast(), 0, prompt, 0));
    expect(maxDifference(plainOut.logits as RuntimeTensor, keptOut.logits as RuntimeTensor)).toBeLessThan(
      1e-4,
    );
    let length = prompt;
    let forkPoint: Record<string, RuntimeTensor> | null = null;
    for (let step = 1; step <= 8; step++) {
      if (step === 2) forkPoint = nextPast(keptOut);
      plainOut = await plain.run(stepFeeds(nextPast(plainOut), length, 1, step));
      keptOut = await kept.run(stepFeeds(nextPast(keptOut), length, 1, step));
      length += 1;
      expect(keptOut['present.0.key']?.dims).toEqual([1, t.kvHeads, length, t.headDim]);
      expect(maxDifference(plainOut.logits as RuntimeTensor, keptOut.logits as RuntimeTensor)).toBeLessThan(
        1e-4,
      );
    }
    // The stand-ins read what the plain session's presents hold.
    expect(
      maxDifference(
        plainOut['present.1.value'] as RuntimeTensor,
        keptOut['present.1.value'] as RuntimeTensor,
      ),
    ).toBeLessThan(1e-5);
    // No run fetched a whole cache.
    expect(fetched.every((names) => names?.every((n) => !n.startsWith('present.')))).toBe(true);

    // A cache kept from earlier (as the conversation cache hands back) still reads its own tokens.
    const forkLength = prompt + 1;
    const fromPlain = await plain.run(stepFeeds(emptyPast(), 0, prompt, 0));
    const plainFork = await plain.run(stepFeeds(nextPast(fromPlain), prompt, 1, 1));
    const branchPlain = await plain.run(stepFeeds(nextPast(plainFork), forkLength, 2, 99));
    const branchKept = await kept.run(
      stepFeeds(forkPoint as Record<string, RuntimeTensor>, forkLength, 2, 99),
    );
    expect(
      maxDifference(branchPlain.logits as RuntimeTensor, branchKept.logits as RuntimeTensor),
    ).toBeLessThan(1e-4);
    await Promise.all([plain.release(), kept.release()]);
  });

  it('serves transformers.js’s generation without fetching the whole cache', async () => {
    const fixture = await loadFixtureInNode({ keptCache: true });
    try {
      const { processor, model } = fixture;
      const picture = new RawImage(
        Uint8ClampedArray.from({ length: 24 * 16 * 3 }, (_, i) => [230, 20, 30][i % 3] as number),
        24,
        16,
        3,
      );
      const messages = [
        { role: 'user', content: [{ type: 'image' }, { type: 'text', text: 'What is the cat doing?' }] },
      ];
      const prompt = processor.apply_chat_template(messages as never, {
        add_generation_prompt: true,
      }) as string;
      const inputs = await processor(prompt, [picture]);
      const sequences = (await model.generate({ ...inputs, ...decodingOptions(24) } as never)) as {
        tolist(): bigint[][];
      };
      const [text] = processor.batch_decode(
        [(sequences.tolist()[0] as bigint[]).slice(inputs.input_ids.dims[1]).map(Number)],
        { skip_special_tokens: true },
      );
      expect((text as string).trim()).toBe('a red image about cat.');
      expect(fixture.decoderFetches.length).toBeGreaterThan(3);
      for (const names of fixture.decoderFetches) {
        expect(names).toContain('logits');
        expect(names).toContain('step_key_values.0.key');
        expect(names?.some((n) => n.startsWith('present.'))).toBe(false);
      }
    } finally {
      await fixture.close();
    }
  });
});

describe('the load-time hook', () => {
  it('puts decoders of the known layout behind the kept cache, for one load, and leaves everything else alone', async () => {
    const { InferenceSession } = await import('onnxruntime-web/webgpu');
    const { keepsDecoderCache, withKeptCacheDecoders } = await import(
      '../../src/inference/kept-cache/session-hook'
    );
    const factory = InferenceSession as unknown as { create: (...args: unknown[]) => Promise<unknown> };
    const real = factory.create;
    const created: Uint8Array[] = [];
    const fake = async (bytes: unknown) => {
      created.push(bytes as Uint8Array);
      return { inputNames: [], outputNames: [], run: async () => ({}), release: async () => {} };
    };
    factory.create = fake;
    try {
      const fixture = ensureFixture();
      const decoder = new Uint8Array(readFileSync(join(fixture, 'onnx/decoder_model_merged.onnx')));
      const vision = new Uint8Array(readFileSync(join(fixture, 'onnx/vision_encoder.onnx')));
      const broken = Uint8Array.from([0x3a, 0x05, 0x01]);
      const half = buildShapedDecoder(SMALL, 'fp16', 3, []);
      const sessions = await withKeptCacheDecoders(async () => ({
        decoder_model_merged: await InferenceSession.create(decoder),
        vision_encoder: await InferenceSession.create(vision),
        broken: await InferenceSession.create(broken),
        half: await InferenceSession.create(half),
      }));
      expect(keepsDecoderCache({ sessions })).toBe(true);
      expect(sessions.vision_encoder).not.toBeInstanceOf(KeptCacheSession);
      expect(sessions.half).not.toBeInstanceOf(KeptCacheSession);
      // The decoder was created from its bytes with step outputs; the others from their own bytes.
      expect(created[0]).toEqual(withStepOutputs(decoder)?.bytes);
      expect(created.slice(1)).toEqual([vision, broken, half]);
      // Only for that load.
      expect(factory.create).toBe(fake);
      expect(
        keepsDecoderCache({ sessions: { decoder_model_merged: await InferenceSession.create(decoder) } }),
      ).toBe(false);
    } finally {
      factory.create = real;
    }
  });
});
