/**
 * Cuts transformers.js's key/value cache back to its first positions, for a follow-up whose prompt shares only a
 * start with what the model read before. Tensors are [batch, heads, positions, head size]; ones that live on the GPU
 * are read back first (a one-off copy, far cheaper than running the vision encoder and the prompt again), and the
 * cut copies go back to the decoder as ordinary inputs.
 */
import { DynamicCache, Tensor } from '@huggingface/transformers';

async function onCpu(tensor: Tensor): Promise<Tensor> {
  if (tensor.location !== 'gpu-buffer') return tensor;
  // ort_tensor is transformers.js's handle on the onnxruntime tensor; getData() downloads a GPU buffer.
  const data = await (
    tensor as unknown as { ort_tensor: { getData(): Promise<Tensor['data']> } }
  ).ort_tensor.getData();
  return new Tensor(tensor.type, data, tensor.dims);
}

export async function cropKeyValueCache(cache: DynamicCache, length: number): Promise<DynamicCache> {
  const entries: Record<string, Tensor> = {};
  for (const [name, value] of Object.entries(cache)) {
    if (!(value instanceof Tensor)) continue;
    if (!name.startsWith('past_key_values.')) throw new Error(`Can't cut back cache entry ${name}.`);
    entries[name] = (await onCpu(value)).slice(null, null, [0, length], null);
  }
  return new DynamicCache(entries);
}
