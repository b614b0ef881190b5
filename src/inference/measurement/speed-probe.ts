/**
 * A short probe of a loaded model before its first answer on a device no answer has measured it on, so that answer
 * can come with an expected wait. The decoder reads prompts of PROBE_SHORT and PROBE_TOKENS tokens (no image), each
 * length once to warm up and once timed: on WASM here a pass at a length the session hasn't run yet is slow (0.6–0.8
 * s against 0.33 s for 16 tokens, even after a longer pass), and WebGPU compiles shaders then. A pass costs a fixed
 * part plus a part per token, and the fixed part is large (about 0.28 s for the 256M stand-in, against about 3.8 ms
 * a token), so one rate can't describe both a short probe and a 400-token answer: the two lengths give both parts.
 * The per-token part, times one view's cost in prompt tokens (compute-cost.ts), is the time per view; the fixed part
 * is counted once, with the view (a first answer has one prefill and at least one view).
 *
 * It is an estimate (the bench compares it with the first answer), so it is kept apart from real measurements,
 * which replace it after the first answer, and never chooses more detail by itself.
 */
import { Tensor } from '@huggingface/transformers';
import type { MeasuredSpeed } from '../backend/measured-speed';

/** The two prompt lengths timed, far enough apart that the per-token part shows through a busy CPU's noise. */
export const PROBE_SHORT = 16;
export const PROBE_TOKENS = 80;

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
  await read(PROBE_SHORT);
  await read(PROBE_TOKENS);
  const short = await read(PROBE_SHORT);
  const long = await read(PROBE_TOKENS);
  const perToken = (long - short) / (PROBE_TOKENS - PROBE_SHORT);
  // Noise can make the longer pass read no slower: then the whole pass, per token, is the best figure there is.
  const split = perToken > 0 && long - perToken * PROBE_TOKENS >= 0;
  const msPerToken = Math.max(1e-3, split ? perToken : long / PROBE_TOKENS);
  const fixedMs = split ? long - perToken * PROBE_TOKENS : 0;
  return {
    msPerView: msPerToken * viewCostTokens + fixedMs,
    prefillTokensPerSecond: 1000 / msPerToken,
    decodeTokensPerSecond: null,
    loadMs: null,
    samples: 0,
  };
}
