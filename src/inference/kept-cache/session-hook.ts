/**
 * Where the kept cache starts: transformers.js creates its sessions through onnxruntime-web's
 * `InferenceSession.create` with the file's bytes and offers no other way in, so for the length of one load the
 * engine wraps that function. A decoder whose cache is the known layout is created from its bytes with step outputs
 * and handed back behind the kept-cache session; every other file, and every decoder this can't change, is created
 * as it is. Only WASM loads use it: on WebGPU the cache stays on the GPU already. Only float32 caches (the q8 and q4
 * files the CPU runs) are kept.
 */
import { InferenceSession, Tensor } from 'onnxruntime-web/webgpu';
import { KeptCacheSession, type RuntimeSession, type RuntimeTensorClass } from './kept-cache-session';
import { FLOAT_ELEMENT, type StepOutputs, withStepOutputs } from './step-outputs';

type Create = (...args: unknown[]) => Promise<unknown>;

/** Runs `load` with decoders created behind the kept-cache session. */
export async function withKeptCacheDecoders<T>(load: () => Promise<T>): Promise<T> {
  const factory = InferenceSession as unknown as { create: Create };
  const create = factory.create;
  factory.create = async (...args: unknown[]) => {
    const [model, ...rest] = args;
    const changed = model instanceof Uint8Array ? stepOutputsOrNull(model) : null;
    // A float16 cache (the fp16 and q4f16 files, WebGPU's) would cross as 16-bit arrays of either kind: left alone.
    if (!changed || changed.cacheElementType !== FLOAT_ELEMENT) return create.call(InferenceSession, ...args);
    const session = (await create.call(InferenceSession, changed.bytes, ...rest)) as RuntimeSession;
    return new KeptCacheSession(session, Tensor as unknown as RuntimeTensorClass, changed.layers);
  };
  try {
    return await load();
  } finally {
    factory.create = create;
  }
}

/**
 * The file with step outputs, or null: a file this can't read is left for onnxruntime to judge (its error is the
 * one a person should see), and a copy too large for memory (a big model's decoder) leaves the cache copied.
 */
function stepOutputsOrNull(model: Uint8Array): StepOutputs | null {
  try {
    return withStepOutputs(model);
  } catch {
    return null;
  }
}

/** Whether a loaded model's decoder runs behind the kept-cache session. */
export function keepsDecoderCache(model: { sessions?: Record<string, unknown> }): boolean {
  return model.sessions?.decoder_model_merged instanceof KeptCacheSession;
}
