/**
 * A short probe of a freshly loaded model on a device that has no measurements for it yet, so the first answer can
 * come with an expected wait: the decoder reads a prompt of PROBE_TOKENS tokens (no image) twice, the first pass
 * only warming the backend up (WebGPU compiles its shaders then), and the second pass's rate, times one view's
 * cost in prompt tokens (compute-cost.ts), gives the time per view. A fraction of a second for SmolVLM-256M here.
 *
 * It errs long: a short prompt reads at a lower rate than an image's tokens do, so the estimate is kept apart
 * from real measurements (which replace it after the first answer) and never chooses more detail by itself.
 */
import { Tensor } from '@huggingface/transformers';
import type { MeasuredSpeed } from './measured-speed';

/** Enough tokens for a rate that isn't mostly fixed overhead (see measured-speed's 16-token floor). */
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
  await model.generate({ ...prompt(WARM_UP_TOKENS, tokenId), max_new_tokens: 1, do_sample: false });
  const started = now();
  await model.generate({ ...prompt(PROBE_TOKENS, tokenId), max_new_tokens: 1, do_sample: false });
  const ms = Math.max(1e-3, now() - started);
  const msPerToken = ms / PROBE_TOKENS;
  return {
    msPerView: msPerToken * viewCostTokens,
    prefillTokensPerSecond: 1000 / msPerToken,
    decodeTokensPerSecond: null,
    loadMs: null,
    samples: 0,
  };
}
