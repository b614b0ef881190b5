/**
 * What the engine asks transformers.js's generate() for, besides the inputs: greedy decoding with a repetition
 * penalty. Small models loop under pure greedy decoding ("the the the…"); SmolVLM's reference demo uses 1.1.
 */
export const REPETITION_PENALTY = 1.1;

export interface DecodingOptions {
  max_new_tokens: number;
  do_sample: false;
  repetition_penalty: number;
}

export function decodingOptions(maxNewTokens: number): DecodingOptions {
  return { max_new_tokens: maxNewTokens, do_sample: false, repetition_penalty: REPETITION_PENALTY };
}
