/**
 * One answer from a loaded SmolVLM that reuses the conversation's cache (see conversation-cache.ts): on a follow-up
 * the model gets the kept keys and values and no `pixel_values`, so transformers.js runs neither the vision encoder
 * nor the decoder over the tokens it has already read; it reads only what is new (it slices `input_ids` to the
 * tokens past the cache and numbers their positions after it). Greedy decoding then picks the same tokens as a
 * run over the whole prompt would. When the prompt's token ids are known without the image (a follow-up: see
 * image-prompt.ts), the image is decoded and processed only if the cache can't answer.
 */
import type { DynamicCache, PreTrainedModel, Tensor } from '@huggingface/transformers';
import type { ConversationCache } from './conversation-cache';

export interface ReusingOutcome {
  /** Prompt and answer token ids. */
  sequence: bigint[];
  promptTokens: number;
  /** Prompt tokens taken from the cache instead of read again (0 on a first question). */
  reusedTokens: number;
  /** Whether this answer ran the vision encoder (false when the image's tokens came from the cache). */
  visionEncoded: boolean;
  /** Whether the image was decoded and processed into pixels (false when the cache answered from token ids). */
  imageProcessed: boolean;
  /** Whether what was computed is kept for the next question (false when over the memory bound). */
  kept: boolean;
}

export type TextInputs = { input_ids: Tensor; attention_mask: Tensor };
export type ProcessorInputs = Record<string, unknown> & TextInputs;
type GenerateResult = { sequences: Tensor; past_key_values: DynamicCache };

export interface AnswerInputs {
  /** The prompt's token ids made without the image, when its layout is known; null: only the processor knows. */
  text: TextInputs | null;
  /** The processor's whole output (token ids and pixels): decodes and processes the image. */
  withImage(): Promise<ProcessorInputs>;
}

export async function generateReusing(
  model: PreTrainedModel,
  inputs: AnswerInputs,
  options: Record<string, unknown>,
  store: ConversationCache<DynamicCache>,
  key: string,
  owner: string | null = null,
): Promise<ReusingOutcome> {
  let full = inputs.text ? null : await inputs.withImage();
  const text = inputs.text ?? (full as ProcessorInputs);
  const promptIds = (text.input_ids.tolist() as bigint[][])[0] ?? [];
  const hit = await store.take(key, promptIds);
  if (!hit) full ??= await inputs.withImage();
  // On a hit the image's features are already in the cache: leave out pixel_values so no encoder runs.
  const modelInputs = hit
    ? { input_ids: text.input_ids, attention_mask: text.attention_mask, past_key_values: hit.cache }
    : (full as ProcessorInputs);
  let result: GenerateResult;
  try {
    // transformers.js types generate's argument loosely; the dict form is what return_dict_in_generate returns.
    result = (await model.generate({
      ...modelInputs,
      ...options,
      return_dict_in_generate: true,
    } as Parameters<PreTrainedModel['generate']>[0])) as unknown as GenerateResult;
  } catch (error) {
    // The cache may be half-extended: it can't be trusted for another question.
    await hit?.cache.dispose();
    throw error;
  }
  const sequence = (result.sequences.tolist() as bigint[][])[0] ?? [];
  const cache = result.past_key_values;
  // The cache holds every token the decoder read: the prompt and all answer tokens but the last one sampled.
  const kept = await store.keep(key, sequence.slice(0, cache.get_seq_length()), cache, owner);
  return {
    sequence,
    promptTokens: promptIds.length,
    reusedTokens: hit?.reusedTokens ?? 0,
    visionEncoded: hit === null,
    imageProcessed: full !== null,
    kept,
  };
}
