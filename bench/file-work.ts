/**
 * One model file's speed, measured the same way in a browser page (onnxruntime-web) and in Node (onnxruntime-node):
 * `timeFile` is self-contained (it runs inside page.evaluate) and reaches the runtime through `globalThis.ort` and
 * the file's bytes through `globalThis.readModelBytes`, which each side defines. Its inputs are synthetic but of
 * the real shapes: a 512 px view for the vision encoder, a one-view prompt for embed tokens and the decoder's
 * prefill, and one decode step with a cache as long as a one-view and a 17-view split conversation. Both sides
 * time exactly the same work, so their ratio says what the browser's runtime costs. A decoder given `kept` (the
 * file with step outputs, src/inference/kept-cache) is also timed the way the engine steps it on WASM: the cache
 * handed over with room to grow, only the logits and the step's keys and values fetched.
 */
import type * as Ort from 'onnxruntime-common';

export type WorkSession = 'vision_encoder' | 'embed_tokens' | 'decoder_model_merged';

export interface FileWork {
  session: WorkSession;
  dtype: string;
  /** Path inside the model's repo (onnx/…). */
  path: string;
  /** onnxruntime execution provider: 'wasm' or 'webgpu' in a page, 'cpu' or 'webgpu' in Node. */
  ep: string;
  /** Intra-op threads (Node); a page's WASM thread count is set once, before its first session. */
  threads: number;
  shape: {
    width: number;
    layers: number;
    kvHeads: number;
    headDim: number;
    imageSize: number;
    /** Tokens of a one-view prompt (the prefill) and of the split's context. */
    promptTokens: number;
    splitTokens: number;
  };
  /** float16 key/value cache (the fp16 and q4f16 decoders). */
  halfCache: boolean;
  repeats: number;
  /** The decoder with step outputs, read through the same readModelBytes; with the kept cache's growth step. */
  kept?: { path: string; capacityStep: number };
}

export interface FileTiming {
  session: WorkSession;
  dtype: string;
  ep: string;
  threads: number;
  createMs: number;
  /** vision_encoder: one 512 px view. */
  visionMsPerView?: number;
  /** embed_tokens: the one-view prompt. */
  embedMs?: number;
  /** decoder: the one-view prompt in one pass, and one step at the one-view and the split's context. */
  prefillMs?: number;
  decodeStepMs?: number;
  decodeStepSplitMs?: number;
  /** decoder with `kept`: the same steps as the engine runs them on WASM (kept-cache). */
  decodeStepKeptMs?: number;
  decodeStepKeptSplitMs?: number;
  /** Why it could not be measured (session creation or a run failed): the runtime's words. */
  error?: string;
}

export async function timeFile(work: FileWork): Promise<FileTiming> {
  const g = globalThis as unknown as {
    ort: typeof Ort;
    readModelBytes: (path: string) => Promise<Uint8Array>;
  };
  const ort = g.ort;
  const base = { session: work.session, dtype: work.dtype, ep: work.ep, threads: work.threads };
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] as number;
  };
  // Deterministic small values: the speed of these kernels doesn't depend on them.
  const noise = (n: number) => {
    const out = new Float32Array(n);
    let x = 12345;
    for (let i = 0; i < n; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      out[i] = (x / 0x7fffffff - 0.5) * 0.2;
    }
    return out;
  };
  const timed = async (run: () => Promise<unknown>, repeats = work.repeats) => {
    await run();
    const samples: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const started = performance.now();
      await run();
      samples.push(performance.now() - started);
    }
    return median(samples);
  };
  let session: Ort.InferenceSession | undefined;
  try {
    const bytes = await g.readModelBytes(work.kept?.path ?? work.path);
    const created = performance.now();
    const options: Ort.InferenceSession.SessionOptions = {
      executionProviders: [work.ep],
      ...(work.ep === 'cpu' ? { intraOpNumThreads: work.threads, interOpNumThreads: 1 } : {}),
    };
    session = await ort.InferenceSession.create(bytes, options);
    const createMs = performance.now() - created;
    const s = work.shape;
    const prompt = s.promptTokens;
    const ones = (n: number) => new ort.Tensor('int64', new BigInt64Array(n).fill(1n), [1, n]);
    const positions = (from: number, n: number) =>
      new ort.Tensor(
        'int64',
        BigInt64Array.from({ length: n }, (_, i) => BigInt(from + i)),
        [1, n],
      );
    const active = session;
    if (work.session === 'vision_encoder') {
      const pixels = noise(3 * s.imageSize * s.imageSize);
      const feeds = {
        pixel_values: new ort.Tensor('float32', pixels, [1, 1, 3, s.imageSize, s.imageSize]),
        pixel_attention_mask: new ort.Tensor('bool', new Uint8Array(s.imageSize * s.imageSize).fill(1), [
          1,
          1,
          s.imageSize,
          s.imageSize,
        ]),
      };
      return { ...base, createMs, visionMsPerView: await timed(() => active.run(feeds)) };
    }
    if (work.session === 'embed_tokens') {
      const ids = BigInt64Array.from({ length: prompt }, (_, i) => BigInt(100 + i));
      const feeds = { input_ids: new ort.Tensor('int64', ids, [1, prompt]) };
      return { ...base, createMs, embedMs: await timed(() => active.run(feeds)) };
    }
    // The file's own outputs (a file with step outputs has more, fetched only by the kept steps).
    const whole = active.outputNames.filter((name) => !name.startsWith('step_key_values.'));
    const stepOutputs = active.outputNames.filter((name) => name.startsWith('step_key_values.'));
    const cache = (length: number) => {
      const feeds: Record<string, Ort.Tensor> = {};
      const n = s.kvHeads * length * s.headDim;
      const values = work.halfCache ? new Uint16Array(n).fill(0x2e66) : noise(n);
      for (let layer = 0; layer < s.layers; layer++) {
        for (const kind of ['key', 'value']) {
          feeds[`past_key_values.${layer}.${kind}`] = work.halfCache
            ? new ort.Tensor('float16', values as Uint16Array, [1, s.kvHeads, length, s.headDim])
            : new ort.Tensor('float32', values as Float32Array, [1, s.kvHeads, length, s.headDim]);
        }
      }
      return feeds;
    };
    const prefillFeeds = {
      inputs_embeds: new ort.Tensor('float32', noise(prompt * s.width), [1, prompt, s.width]),
      attention_mask: ones(prompt),
      position_ids: positions(0, prompt),
      ...cache(0),
    };
    const prefillMs = await timed(() => active.run(prefillFeeds, whole));
    // One step after `context` tokens, the cache handed over with `slots` places (the unused ones masked).
    const step = (context: number, slots = context) => {
      const mask = new BigInt64Array(slots + 1);
      mask.fill(1n, 0, context);
      mask[slots] = 1n;
      return {
        inputs_embeds: new ort.Tensor('float32', noise(s.width), [1, 1, s.width]),
        attention_mask: new ort.Tensor('int64', mask, [1, slots + 1]),
        position_ids: positions(context, 1),
        ...cache(slots),
      };
    };
    // A step takes tens of milliseconds: even a quick run (one repeat) can afford the median of five.
    const stepRepeats = Math.max(work.repeats, 5);
    const oneView = step(prompt);
    const decodeStepMs = await timed(() => active.run(oneView, whole), stepRepeats);
    const split = step(s.splitTokens);
    const decodeStepSplitMs = await timed(() => active.run(split, whole), stepRepeats);
    const timings = { ...base, createMs, prefillMs, decodeStepMs, decodeStepSplitMs };
    if (!work.kept || stepOutputs.length === 0) return timings;
    // As the engine steps (kept-cache-session's growth): the cache's places rounded up to its growth step.
    const growth = work.kept.capacityStep;
    const keptStep = (context: number) => step(context, Math.ceil((context + 1) / growth) * growth);
    const keptOneView = keptStep(prompt);
    const decodeStepKeptMs = await timed(
      () => active.run(keptOneView, ['logits', ...stepOutputs]),
      stepRepeats,
    );
    const keptSplit = keptStep(s.splitTokens);
    const decodeStepKeptSplitMs = await timed(
      () => active.run(keptSplit, ['logits', ...stepOutputs]),
      stepRepeats,
    );
    return { ...timings, decodeStepKeptMs, decodeStepKeptSplitMs };
  } catch (error) {
    return { ...base, createMs: 0, error: error instanceof Error ? error.message : String(error) };
  } finally {
    await session?.release();
  }
}
