/**
 * Which files get the kept cache, and making one: a decoder whose cache is the known layout (step-outputs.ts) and
 * float32 is created from its bytes with step outputs, behind the kept-cache session. The runtime is handed in, so
 * the engine's onnxruntime-web (session-hook.ts) and Node's onnxruntime-node in tests make it the same way.
 */
import { KeptCacheSession, type RuntimeSession, type RuntimeTensorClass } from './kept-cache-session';
import { FLOAT_ELEMENT, type StepOutputs, withStepOutputs } from './step-outputs';

/**
 * The decoder in `model` behind the kept-cache session, its session made by `create` from the changed bytes; null
 * when the file isn't one to change (the caller creates it as it is). A float16 cache (the fp16 and q4f16 files,
 * WebGPU's) would cross as 16-bit arrays of either kind, so it is left alone.
 */
export async function keptCacheDecoder(
  model: Uint8Array,
  create: (bytes: Uint8Array) => Promise<RuntimeSession>,
  Tensor: RuntimeTensorClass,
): Promise<KeptCacheSession | null> {
  const changed = stepOutputsOrNull(model);
  if (!changed || changed.cacheElementType !== FLOAT_ELEMENT) return null;
  return new KeptCacheSession(await create(changed.bytes), Tensor, changed.layers);
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
