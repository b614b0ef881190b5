/**
 * Where the kept cache starts: transformers.js creates its sessions through onnxruntime-web's
 * `InferenceSession.create` with the file's bytes and offers no other way in, so for the length of one load the
 * engine wraps that function. A decoder kept-decoder.ts takes is created behind the kept-cache session; every other
 * file is created as it is. Only WASM loads use it: on WebGPU the cache stays on the GPU already.
 */
import { InferenceSession, Tensor } from 'onnxruntime-web/webgpu';
import { KeptCacheSession, type RuntimeSession, type RuntimeTensorClass } from './kept-cache-session';
import { keptCacheDecoder } from './kept-decoder';

type Create = (...args: unknown[]) => Promise<unknown>;

/** Runs `load` with decoders created behind the kept-cache session. */
export async function withKeptCacheDecoders<T>(load: () => Promise<T>): Promise<T> {
  const factory = InferenceSession as unknown as { create: Create };
  const create = factory.create;
  factory.create = async (...args: unknown[]) => {
    const [model, ...rest] = args;
    const kept =
      model instanceof Uint8Array
        ? await keptCacheDecoder(
            model,
            (bytes) => create.call(InferenceSession, bytes, ...rest) as Promise<RuntimeSession>,
            Tensor as unknown as RuntimeTensorClass,
          )
        : null;
    return kept ?? create.call(InferenceSession, ...args);
  };
  try {
    return await load();
  } finally {
    factory.create = create;
  }
}

/** Whether a loaded model's decoder runs behind the kept-cache session. */
export function keepsDecoderCache(model: { sessions?: Record<string, unknown> }): boolean {
  return model.sessions?.decoder_model_merged instanceof KeptCacheSession;
}
