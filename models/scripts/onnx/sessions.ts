/**
 * The three sessions' interfaces as transformers.js's Idefics3 code calls them (the hub exports' input and
 * output names, element types and symbolic dimensions), shared by every generated model so none can drift.
 */
import type { GraphBuilder } from './graph-builder.ts';
import { DataType, type DataTypeId } from './onnx-proto.ts';

/** vision_encoder inputs: pixel_values [b, images, 3, h, w] float32, pixel_attention_mask [b, images, h, w] bool. */
export function visionInputs(g: GraphBuilder): { pixels: string; mask: string } {
  return {
    pixels: g.input('pixel_values', DataType.FLOAT, ['batch_size', 'num_images', 3, 'height', 'width']),
    mask: g.input('pixel_attention_mask', DataType.BOOL, ['batch_size', 'num_images', 'height', 'width']),
  };
}

/** image_features [views, tokens per view, text width] float32. */
export function visionOutput(g: GraphBuilder, source: string, tokensPerView: number, width: number): void {
  g.output('image_features', source, DataType.FLOAT, ['num_images', tokensPerView, width]);
}

export function embedInput(g: GraphBuilder): string {
  return g.input('input_ids', DataType.INT64, ['batch_size', 'sequence_length']);
}

export function embedOutput(g: GraphBuilder, source: string, width: number): void {
  g.output('inputs_embeds', source, DataType.FLOAT, ['batch_size', 'sequence_length', width]);
}

export interface DecoderInterface {
  width: number;
  layers: number;
  kvHeads: number;
  headDim: number;
  /** float32, or float16 for the fp16 and q4f16 exports (the hub's kv_cache_dtype). */
  cacheType: DataTypeId;
}

export interface DecoderInputs {
  embeds: string;
  attentionMask: string;
  positionIds: string;
  past: { key: string; value: string }[];
}

/** inputs_embeds (float32), attention_mask, position_ids and past_key_values.N.key/value. */
export function decoderInputs(g: GraphBuilder, d: DecoderInterface): DecoderInputs {
  const embeds = g.input('inputs_embeds', DataType.FLOAT, ['batch_size', 'sequence_length', d.width]);
  const attentionMask = g.input('attention_mask', DataType.INT64, ['batch_size', 'total_sequence_length']);
  const positionIds = g.input('position_ids', DataType.INT64, ['batch_size', 'sequence_length']);
  const cacheShape = ['batch_size', d.kvHeads, 'past_sequence_length', d.headDim];
  const past = Array.from({ length: d.layers }, (_, i) => ({
    key: g.input(`past_key_values.${i}.key`, d.cacheType, cacheShape),
    value: g.input(`past_key_values.${i}.value`, d.cacheType, cacheShape),
  }));
  return { embeds, attentionMask, positionIds, past };
}

/** logits [b, s, vocab] float32 and present.N.key/value. */
export function decoderOutputs(
  g: GraphBuilder,
  d: DecoderInterface,
  logits: string,
  vocab: number,
  presents: { key: string; value: string }[],
): void {
  g.output('logits', logits, DataType.FLOAT, ['batch_size', 'sequence_length', vocab]);
  const shape = ['batch_size', d.kvHeads, 'total_sequence_length', d.headDim];
  presents.forEach((present, i) => {
    g.output(`present.${i}.key`, present.key, d.cacheType, shape);
    g.output(`present.${i}.value`, present.value, d.cacheType, shape);
  });
}
