/**
 * A short probe of a loaded model before its first answer on a device no answer has measured it on, so that answer
 * can come with an expected wait. The decoder reads prompts of PROBE_SHORT and PROBE_TOKENS tokens (no image), after a
 * warm-up pass (WebGPU compiles its shaders then); the difference between the two is the time per token with the
 * pass's fixed overhead taken out, which is what an image's hundreds of tokens cost. That time, times one view's
 * cost in prompt tokens (compute-cost.ts), gives the time per view. A fraction of a second for SmolVLM-256M here.
 *
 * It is an estimate (the bench compares it with the first answer), so it is kept apart from real measurements,
 * which replace it after the first answer, and never chooses more detail by itself.
 */
import { Tensor } from '@huggingface/transformers';
import type { MeasuredSpeed } from './measured-speed';

/** The two prompt lengths timed: their difference in tokens is what the per-token time is measured over. */
export const PROBE_SHORT = 16;
export const PROBE_TOKENS = 64;
const WARM_UP_TOKENS = 8;

/** The part of a transformers.js model the probe drives. */
export interface ProbedModel {
  generate(options: Record<string, unknown>): Promise<unknown>;
}

function prompt(tokens: number, tokenId: bigint) {
  return {
    input_ids: new Tensor('int64', new BigInt64Array(tokens).fill(tokenId), [1, tokens]),
    attention_mask: new Tensor('int64', new BigInt64Array(tokens).fill(1n), [1, tokens]),
  };
}

/** An estimate of this device's speed for `model`, or null when the config can't say what a view costs. */
export async function probeSpeed(
  model: ProbedModel,
  viewCostTokens: number | null,
  tokenId: bigint,
  now: () => number = () => performance.now(),
): Promise<MeasuredSpeed | null> {
  if (viewCostTokens === null) return null;
  // One new token: generate reads the prompt (the prefill) and stops.
  const read = async (tokens: number) => {
    const started = now();
    await model.generate({ ...prompt(tokens, tokenId), max_new_tokens: 1, do_sample: false });
    return now() - started;
  };
  await read(WARM_UP_TOKENS);
  const short = await read(PROBE_SHORT);
  const long = await read(PROBE_TOKENS);
  // A busy device can make the longer prompt no slower; then the whole pass is the best figure there is.
  const marginal = (long - short) / (PROBE_TOKENS - PROBE_SHORT);
  const msPerToken = Math.max(1e-3, marginal > 0 ? marginal : long / PROBE_TOKENS);
  return {
    msPerView: msPerToken * viewCostTokens,
    prefillTokensPerSecond: 1000 / msPerToken,
    decodeTokensPerSecond: null,
    loadMs: null,
    samples: 0,
  };
}
