/**
 * The exact inputs the test model's three ONNX sessions get for one question about one image, computed once in
 * Node with transformers.js (AutoProcessor + chat template, as the engine does), so a page can drive the sessions
 * with onnxruntime-web directly and nothing but the sessions is timed on that side.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AutoProcessor, env, RawImage, type Tensor } from '@huggingface/transformers';
import { chatMessagesFor } from '../src/inference/generation/chat-prompt';
import { decodingOptions } from '../src/inference/generation/decoding-options';
import type { ImageDetail } from '../src/protocol/messages';
import { ensureFixture, FIXTURE_MODEL_ID } from '../test/support/fixture';

/** One tensor, JSON-safe: int64 values as decimal strings, the rest as numbers; bool as 0/1. */
export interface SavedTensor {
  type: 'int64' | 'float32' | 'bool';
  dims: number[];
  data: (number | string)[];
}

export interface DirectInputs {
  input_ids: SavedTensor;
  attention_mask: SavedTensor;
  pixel_values: SavedTensor;
  pixel_attention_mask: SavedTensor;
  imageTokenId: number;
  eosTokenIds: number[];
  layers: number;
  kvHeads: number;
  headDim: number;
  /** The engine's (transformers.js RepetitionPenaltyLogitsProcessor): applied to every token seen so far. */
  repetitionPenalty: number;
}

/** A model on disk laid out like a hub repo, by its catalog id. */
export interface DirectModel {
  id: string;
  dir: string;
}

export function testModel(): DirectModel {
  return { id: FIXTURE_MODEL_ID, dir: ensureFixture() };
}

function save(tensor: Tensor): SavedTensor {
  const type = tensor.type as SavedTensor['type'];
  const values = Array.from(tensor.data as ArrayLike<number | bigint | boolean>, (v) =>
    typeof v === 'bigint' ? v.toString() : Number(v),
  );
  return { type, dims: [...tensor.dims], data: values };
}

/** A solid-colour image, the same pixels the page side draws on a canvas for the engine. */
export function solidRawImage(
  rgb: readonly [number, number, number],
  width: number,
  height: number,
): RawImage {
  const data = new Uint8ClampedArray(width * height * 3);
  for (let i = 0; i < width * height; i++) data.set(rgb, i * 3);
  return new RawImage(data, width, height, 3);
}

export async function computeDirectInputs(
  rgb: readonly [number, number, number],
  width: number,
  height: number,
  question: string,
  model: DirectModel = testModel(),
  detail: ImageDetail = 'split',
): Promise<DirectInputs> {
  const { dir } = model;
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = dirname(dirname(dir));
  env.useFSCache = false;
  const processor = await AutoProcessor.from_pretrained(model.id);
  const messages = chatMessagesFor([{ role: 'user', text: question }]) as unknown as Parameters<
    typeof processor.apply_chat_template
  >[0];
  const prompt = processor.apply_chat_template(messages, { add_generation_prompt: true }) as string;
  const inputs = (await processor(prompt, [solidRawImage(rgb, width, height)], {
    do_image_splitting: detail === 'split',
  })) as Record<string, Tensor>;
  const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as {
    image_token_id: number;
    text_config: { num_hidden_layers: number; num_key_value_heads: number; head_dim: number };
  };
  const generation = JSON.parse(readFileSync(join(dir, 'generation_config.json'), 'utf8')) as {
    eos_token_id: number | number[];
  };
  const need = (name: string): Tensor => {
    const t = inputs[name];
    if (!t) throw new Error(`the processor gave no ${name}`);
    return t;
  };
  return {
    input_ids: save(need('input_ids')),
    attention_mask: save(need('attention_mask')),
    pixel_values: save(need('pixel_values')),
    pixel_attention_mask: save(need('pixel_attention_mask')),
    imageTokenId: config.image_token_id,
    eosTokenIds: [generation.eos_token_id].flat(),
    layers: config.text_config.num_hidden_layers,
    kvHeads: config.text_config.num_key_value_heads,
    headDim: config.text_config.head_dim,
    repetitionPenalty: decodingOptions(1).repetition_penalty,
  };
}

/** Decodes generated ids as the engine's streamer does (special tokens skipped, trimmed). */
export async function decodeIds(ids: number[], modelId = FIXTURE_MODEL_ID): Promise<string> {
  const processor = await AutoProcessor.from_pretrained(modelId);
  if (!processor.tokenizer) throw new Error('the test model has no tokenizer');
  return processor.tokenizer.decode(ids, { skip_special_tokens: true }).trim();
}
