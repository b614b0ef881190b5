/**
 * Test helper: the generated test model loaded in Node through transformers.js from models/fixtures (never the
 * hub), with counters on what really runs: transformers.js calls each onnxruntime session's run(), so wrapping the
 * vision encoder's and the decoder's shows whether an image was encoded and how many positions each decoder pass
 * read. With `keptCache`, the decoder runs as the engine runs it on WASM: the file with step outputs, behind the
 * kept-cache session (src/inference/kept-cache).
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AutoModelForVision2Seq,
  AutoProcessor,
  env,
  type PreTrainedModel,
  type Processor,
} from '@huggingface/transformers';
import type { RuntimeSession, RuntimeTensorClass } from '../../src/inference/kept-cache/kept-cache-session';
import { keptCacheDecoder } from '../../src/inference/kept-cache/kept-decoder';
import { ensureFixture, FIXTURE_DIR, FIXTURE_MODEL_ID, FIXTURES_ROOT } from './fixture';

interface SessionLike {
  run(feeds: Record<string, { dims: readonly number[] }>): Promise<unknown>;
}

export interface SessionRuns {
  /** Vision encoder passes. */
  vision: number;
  /** Positions each decoder pass read, in order. */
  decoderPositions: number[];
}

export interface FixtureInNode {
  processor: Processor;
  model: PreTrainedModel;
  runs: SessionRuns;
  /** With `keptCache`: the names each run of the file's own decoder session fetched, in order. */
  decoderFetches: (readonly string[] | undefined)[];
  /** Disposes of the model and puts transformers.js's settings back. */
  close(): Promise<void>;
}

/** The fixture's decoder as the engine makes it on WASM; `fetches` records what each run of the file asked. */
async function keptCacheDecoderInNode(fetches: (readonly string[] | undefined)[]): Promise<SessionLike> {
  const ort = await import('onnxruntime-node');
  const kept = await keptCacheDecoder(
    readFileSync(join(FIXTURE_DIR, 'onnx/decoder_model_merged.onnx')),
    async (bytes) => {
      const inner = (await ort.InferenceSession.create(bytes)) as unknown as RuntimeSession;
      const innerRun = inner.run.bind(inner);
      inner.run = (feeds, names) => {
        fetches.push(names);
        return innerRun(feeds, names);
      };
      return inner;
    },
    ort.Tensor as unknown as RuntimeTensorClass,
  );
  if (!kept) throw new Error('the fixture decoder has no cache the kept-cache session knows');
  return kept as unknown as SessionLike;
}

/**
 * Points transformers.js in Node at the models generated under models/fixtures (the test model, the stand-ins):
 * never the hub, and no download cache. Returns what puts its settings back.
 */
export function useLocalModels(): () => void {
  const saved = { ...env };
  // Node would otherwise cache downloads under node_modules/@huggingface/transformers/.cache.
  env.useFSCache = false;
  env.useBrowserCache = false;
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = FIXTURES_ROOT;
  return () => Object.assign(env, saved);
}

export async function loadFixtureInNode(options: { keptCache?: boolean } = {}): Promise<FixtureInNode> {
  ensureFixture();
  const restore = useLocalModels();
  const processor = await AutoProcessor.from_pretrained(FIXTURE_MODEL_ID);
  const model = await AutoModelForVision2Seq.from_pretrained(FIXTURE_MODEL_ID, {
    dtype: 'fp32',
    device: 'cpu',
  });
  const runs: SessionRuns = { vision: 0, decoderPositions: [] };
  const sessions = (model as unknown as { sessions: Record<string, SessionLike> }).sessions;
  const decoderFetches: (readonly string[] | undefined)[] = [];
  if (options.keptCache) {
    await (sessions.decoder_model_merged as unknown as RuntimeSession).release();
    sessions.decoder_model_merged = await keptCacheDecoderInNode(decoderFetches);
  }
  const vision = sessions.vision_encoder as SessionLike;
  const visionRun = vision.run.bind(vision);
  vision.run = (feeds) => {
    runs.vision += 1;
    return visionRun(feeds);
  };
  const decoder = sessions.decoder_model_merged as SessionLike;
  const decoderRun = decoder.run.bind(decoder);
  decoder.run = (feeds) => {
    runs.decoderPositions.push(feeds.inputs_embeds?.dims[1] ?? -1);
    return decoderRun(feeds);
  };
  return {
    processor,
    model,
    runs,
    decoderFetches,
    close: async () => {
      await model.dispose();
      restore();
    },
  };
}
