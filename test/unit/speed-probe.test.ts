/**
 * The expected wait before a first answer on an unmeasured device: one view's cost in prompt tokens from the
 * model's config (SmolVLM-256M's real config.json, kept in models/reference), and a probe that times the decoder's
 * prefill on the generated test model in Node, without running the vision encoder.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PreTrainedModel } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decoderMacsPerToken,
  modelShapeOf,
  viewCostInTokens,
  visionMacsPerView,
} from '../../src/inference/measurement/compute-cost';
import { PROBE_SHORT, PROBE_TOKENS, probeSpeed } from '../../src/inference/measurement/speed-probe';
import { type FixtureInNode, loadFixtureInNode, type SessionRuns } from '../support/fixture-in-node';

const SMOLVLM_256M = JSON.parse(
  readFileSync(join('models', 'reference', 'HuggingFaceTB', 'SmolVLM-256M-Instruct', 'config.json'), 'utf8'),
) as unknown;

describe('what a view costs next to a prompt token', () => {
  it('counts SmolVLM-256M: SigLIP-base over 1,024 patches against SmolLM2-135M', () => {
    const shape = modelShapeOf(SMOLVLM_256M);
    expect(shape).toMatchObject({
      vision: { hidden: 768, layers: 12, intermediate: 3072, patches: 1024 },
      text: {
        hidden: 576,
        layers: 30,
        intermediate: 1536,
        queryWidth: 576,
        keyValueWidth: 192,
        vocab: 49280,
      },
      scale: 4,
    });
    if (!shape) return;
    // Per patch and layer: q, k, v, o (4·768²), the MLP (2·768·3072), attention over 1,024 patches (2·1024·768);
    // then the connector: 64 tokens of 16·768 values each into 576.
    expect(visionMacsPerView(shape)).toBe(
      (4 * 768 * 768 + 2 * 768 * 3072 + 2 * 1024 * 768) * 12 * 1024 + 64 * 768 * 16 * 576,
    );
    // Per token: q and o (576·576 each), k and v (576·192 each), the gated MLP (3·576·1536), 30 layers; the head.
    expect(decoderMacsPerToken(shape)).toBe(
      (2 * 576 * 576 + 2 * 576 * 192 + 3 * 576 * 1536) * 30 + 576 * 49280,
    );
    expect(viewCostInTokens(SMOLVLM_256M)).toBeCloseTo(793.4, 1);
  });

  it('says nothing for a config without the shapes it needs', () => {
    expect(viewCostInTokens({})).toBeNull();
    expect(
      viewCostInTokens({ vision_config: { hidden_size: 8 }, text_config: { hidden_size: 8 } }),
    ).toBeNull();
    expect(viewCostInTokens(null)).toBeNull();
  });
});

describe('the speed probe on the test model', () => {
  let fixture: FixtureInNode;
  let model: PreTrainedModel;
  let runs: SessionRuns;

  beforeAll(async () => {
    fixture = await loadFixtureInNode();
    ({ model, runs } = fixture);
  }, 60_000);
  afterAll(async () => {
    await fixture?.close();
  });

  it('warms each probe length up, times each once, encodes no image, and splits the fixed and per-token parts', async () => {
    // A clock where each pass takes 5 ms plus 0.5 ms per token it reads.
    const lengths = [PROBE_SHORT, PROBE_TOKENS, PROBE_SHORT, PROBE_TOKENS];
    let t = 0;
    let reads = 0;
    const clock = () => {
      // Readings come in pairs around each pass: start, then end after that pass's tokens.
      if (reads % 2 === 1) t += 5 + 0.5 * (lengths[(reads - 1) / 2] ?? 0);
      reads++;
      return t;
    };
    const speed = await probeSpeed(model, viewCostInTokens(model.config), 5n, clock);
    expect(runs.vision).toBe(0);
    // One pass over each prompt: generate stops after the first new token.
    expect(runs.decoderPositions).toEqual(lengths);
    const cost = viewCostInTokens(model.config) as number;
    expect(cost).toBeGreaterThan(0);
    expect(speed?.prefillTokensPerSecond).toBeCloseTo(2_000, 6);
    // The view's share, plus the pass's fixed 5 ms, counted once.
    expect(speed?.msPerView).toBeCloseTo(0.5 * cost + 5, 9);
  });

  it('falls back to the whole pass when the longer prompt read no slower', async () => {
    runs.decoderPositions = [];
    let t = 0;
    let reads = 0;
    // Every pass reads 8 ms, whatever its length.
    const clock = () => {
      if (reads++ % 2 === 1) t += 8;
      return t;
    };
    const speed = await probeSpeed(model, 100, 5n, clock);
    expect(speed?.prefillTokensPerSecond).toBeCloseTo(PROBE_TOKENS / 0.008, 6);
    expect(speed?.msPerView).toBeCloseTo((8 / PROBE_TOKENS) * 100, 9);
  });

  it('gives no estimate when the model’s config can’t say what a view costs', async () => {
    runs.decoderPositions = [];
    expect(await probeSpeed(model, null, 5n)).toBeNull();
    expect(runs.decoderPositions).toEqual([]);
  });
});
