/**
 * Test helper: the generated test model loaded in Node through transformers.js from models/fixtures (never the
 * hub), with counters on what really runs: transformers.js calls each onnxruntime session's run(), so wrapping the
 * vision encoder's and the decoder's shows whether an image was encoded and how many positions each decoder pass
 * read.
 */
import {
  AutoModelForVision2Seq,
  AutoProcessor,
  env,
  type PreTrainedModel,
  type Processor,
} from '@huggingface/transformers';
import { ensureFixture, FIXTURE_MODEL_ID, FIXTURES_ROOT } from './fixture';

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
  /** Disposes of the model and puts transformers.js's settings back. */
  close(): Promise<void>;
}

export async function loadFixtureInNode(): Promise<FixtureInNode> {
  ensureFixture();
  const saved = { ...env };
  // Node would otherwise cache downloads under node_modules/@huggingface/transformers/.cache.
  env.useFSCache = false;
  env.useBrowserCache = false;
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = FIXTURES_ROOT;
  const processor = await AutoProcessor.from_pretrained(FIXTURE_MODEL_ID);
  const model = await AutoModelForVision2Seq.from_pretrained(FIXTURE_MODEL_ID, {
    dtype: 'fp32',
    device: 'cpu',
  });
  const runs: SessionRuns = { vision: 0, decoderPositions: [] };
  const sessions = (model as unknown as { sessions: Record<string, SessionLike> }).sessions;
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
    close: async () => {
      await model.dispose();
      Object.assign(env, saved);
    },
  };
}
