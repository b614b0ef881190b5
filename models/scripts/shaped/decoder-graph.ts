/**
 * decoder_model_merged at real scale: a Llama decoder (RMSNorm, rotary, grouped-query attention with a KV cache,
 * SiLU-gated MLP) and the LM head. (inputs_embeds, attention_mask, position_ids, past_key_values.N.key/value)
 * → (logits, present.N.key/value). The cache is float16 for q4f16 and fp16 (the hub's kv_cache_dtype) and
 * float32 otherwise; inputs_embeds and logits are float32 in every variant, as in the q4f16 decoders after their
 * fp16-input fix. The end-of-sequence logits are held down, so an answer runs to max_new_tokens.
 */
import { GraphBuilder } from '../onnx/graph-builder.ts';
import {
  applyRotary,
  attention,
  causalMask,
  computeType,
  type LayerContext,
  linear,
  mergeHeads,
  type Precision,
  repeatKv,
  rmsNorm,
  rotaryTables,
  silu,
  splitHeads,
  toCompute,
  toFloat32,
} from '../onnx/layers.ts';
import { Random } from '../onnx/random-weights.ts';
import { type DecoderInterface, decoderInputs, decoderOutputs } from '../onnx/sessions.ts';
import type { ModelShape } from './shapes.ts';

/** How far below the other logits (about unit scale) end-of-sequence tokens sit. */
const HELD_DOWN = -30;

export function buildShapedDecoder(
  shape: ModelShape,
  precision: Precision,
  seed: number,
  heldDownTokens: readonly number[],
): Uint8Array {
  const g = new GraphBuilder('decoder_model_merged');
  const ctx: LayerContext = { g, precision, rng: new Random(seed) };
  const t = shape.text;

  const io: DecoderInterface = {
    width: t.hidden,
    layers: t.layers,
    kvHeads: t.kvHeads,
    headDim: t.headDim,
    cacheType: computeType(precision),
  };
  const { embeds, attentionMask, positionIds, past } = decoderInputs(g, io);

  const mask = causalMask(ctx, positionIds, attentionMask);
  const rotary = rotaryTables(ctx, positionIds, t.headDim, t.ropeTheta);
  const presents: { key: string; value: string }[] = [];
  let x = toCompute(ctx, embeds);
  for (let layer = 0; layer < t.layers; layer++) {
    const p = `model.layers.${layer}`;
    const normed = rmsNorm(ctx, x, `${p}.input_layernorm`, t.hidden, t.rmsEpsilon);
    const q = applyRotary(
      ctx,
      splitHeads(
        ctx,
        linear(ctx, normed, `${p}.self_attn.q_proj`, t.hidden, t.heads * t.headDim),
        t.heads,
        t.headDim,
      ),
      rotary,
      t.headDim,
    );
    const k = applyRotary(
      ctx,
      splitHeads(
        ctx,
        linear(ctx, normed, `${p}.self_attn.k_proj`, t.hidden, t.kvHeads * t.headDim),
        t.kvHeads,
        t.headDim,
      ),
      rotary,
      t.headDim,
    );
    const v = splitHeads(
      ctx,
      linear(ctx, normed, `${p}.self_attn.v_proj`, t.hidden, t.kvHeads * t.headDim),
      t.kvHeads,
      t.headDim,
    );
    // The cache's outputs are the Concat itself, as in the hub's exports (no Identity copying the whole cache).
    const key = g.op('Concat', [past[layer]?.key as string, k], { axis: 2 }, `present.${layer}.key`);
    const value = g.op('Concat', [past[layer]?.value as string, v], { axis: 2 }, `present.${layer}.value`);
    presents.push({ key, value });
    const attended = attention(
      ctx,
      q,
      repeatKv(ctx, key, t.kvHeads, t.heads, t.headDim),
      repeatKv(ctx, value, t.kvHeads, t.heads, t.headDim),
      mask,
      t.headDim,
    );
    x = g.op('Add', [
      x,
      linear(
        ctx,
        mergeHeads(ctx, attended, t.heads * t.headDim),
        `${p}.self_attn.o_proj`,
        t.heads * t.headDim,
        t.hidden,
      ),
    ]);
    const normed2 = rmsNorm(ctx, x, `${p}.post_attention_layernorm`, t.hidden, t.rmsEpsilon);
    const gate = silu(ctx, linear(ctx, normed2, `${p}.mlp.gate_proj`, t.hidden, t.intermediate));
    const up = linear(ctx, normed2, `${p}.mlp.up_proj`, t.hidden, t.intermediate);
    x = g.op('Add', [
      x,
      linear(ctx, g.op('Mul', [gate, up]), `${p}.mlp.down_proj`, t.intermediate, t.hidden),
    ]);
  }
  const final = rmsNorm(ctx, x, 'model.norm', t.hidden, t.rmsEpsilon);
  const bias = new Float32Array(t.vocab);
  for (const id of heldDownTokens) bias[id] = HELD_DOWN;
  const logits = g.op('Add', [
    toFloat32(ctx, linear(ctx, final, 'lm_head', t.hidden, t.vocab)),
    g.floats('end_of_sequence_hold_down', [t.vocab], bias),
  ]);

  decoderOutputs(g, io, logits, t.vocab, presents);
  return g.encode(
    `Verdict Lens shape-faithful stand-in (${precision}): Llama decoder with KV cache, random weights.`,
    'verdict-lens make-shaped',
  );
}
