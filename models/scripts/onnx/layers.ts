/**
 * The graph-building vocabulary both generated models are made of: projections (plain, int8 or 4-bit blockwise
 * quantised, as the hub's exports quantise them), embeddings, norms, activations, rotary position embedding,
 * attention and the causal mask. Each is one function that adds ONNX nodes to a GraphBuilder.
 *
 * Weights are pseudo-random at scales that keep activations near unit variance through any number of layers:
 * every projection's weights have a standard deviation of gain/√(inputs), and norms come before each block.
 */
import { type GraphBuilder, MICROSOFT_DOMAIN } from './graph-builder.ts';
import { DataType, type DataTypeId } from './onnx-proto.ts';
import { floatFill, halfFill, type Random } from './random-weights.ts';

/**
 * How a session stores its weights, named by the transformers.js dtype whose file it is:
 * fp32 and fp16 are plain; q8 (`_quantized`) is dynamic int8 (DynamicQuantizeLinear + MatMulInteger, as
 * onnxruntime's quantize_dynamic writes it); q4 and q4f16 are MatMulNBits (4 bits, blocks of 32, symmetric: no zero
 * point input, so each nibble is read around 8, as the hub's exports are) with float32 or float16 scales. fp16 and q4f16 compute in float16 inside.
 */
export type Precision = 'fp32' | 'fp16' | 'q8' | 'q4' | 'q4f16';

/** Values of a 4-bit block are 0…15 around a zero point of 8; their standard deviation is about 4.61. */
const NIBBLE_STD = 4.61;
/** Values of a uint8 weight are 0…255 around 128; standard deviation about 73.9. */
const BYTE_STD = 73.9;
export const Q4_BLOCK = 32;

export interface LayerContext {
  g: GraphBuilder;
  precision: Precision;
  rng: Random;
}

export function computesInHalf(precision: Precision): boolean {
  return precision === 'fp16' || precision === 'q4f16';
}

/** The element type activations have inside a session of this precision. */
export function computeType(precision: Precision): DataTypeId {
  return computesInHalf(precision) ? DataType.FLOAT16 : DataType.FLOAT;
}

/** A constant of `count` copies of `value`, in the session's compute type; one per name, shared by its users. */
export function filled(ctx: LayerContext, name: string, dims: number[], value: number): string {
  if (ctx.g.has(name)) return name;
  const count = dims.reduce((a, b) => a * b, 1);
  return computesInHalf(ctx.precision)
    ? ctx.g.tensor(name, DataType.FLOAT16, dims, halfFill(count, value))
    : ctx.g.tensor(name, DataType.FLOAT, dims, floatFill(count, value));
}

export function scalar(ctx: LayerContext, name: string, value: number): string {
  return filled(ctx, name, [], value);
}

/** Casts `x` to the compute type when it differs from `from` (session inputs and outputs stay float32). */
export function toCompute(ctx: LayerContext, x: string): string {
  return computesInHalf(ctx.precision) ? ctx.g.op('Cast', [x], { to: DataType.FLOAT16 }) : x;
}

export function toFloat32(ctx: LayerContext, x: string): string {
  return computesInHalf(ctx.precision) ? ctx.g.op('Cast', [x], { to: DataType.FLOAT }) : x;
}

/** Random weights in the compute type with standard deviation `std`. */
function randomWeights(ctx: LayerContext, name: string, dims: number[], std: number): string {
  const count = dims.reduce((a, b) => a * b, 1);
  const limit = std * Math.sqrt(3);
  return computesInHalf(ctx.precision)
    ? ctx.g.tensor(name, DataType.FLOAT16, dims, ctx.rng.uniformHalf(count, limit))
    : ctx.g.tensor(name, DataType.FLOAT, dims, new Uint8Array(ctx.rng.uniform(count, limit).buffer));
}

/** y = x·W with W given (float32 [rows, cols]): hand-set weights, or random ones drawn by `linear`. */
export function fixedLinear(
  g: GraphBuilder,
  x: string,
  name: string,
  rows: number,
  cols: number,
  weights: ArrayLike<number>,
): string {
  return g.op('MatMul', [x, g.floats(name, [rows, cols], weights)]);
}

/** Rows of a given float32 table [vocab, dim] looked up by token id. */
export function fixedEmbedding(
  g: GraphBuilder,
  ids: string,
  name: string,
  vocab: number,
  dim: number,
  table: ArrayLike<number>,
): string {
  return g.op('Gather', [g.floats(name, [vocab, dim], table), ids], { axis: 0 });
}

export interface LinearOptions {
  bias?: boolean;
  /** Output standard deviation relative to the input's (1 keeps activations at their scale). */
  gain?: number;
}

/** y = x·W (+ b) for x [..., inFeatures], quantised the way the session's precision says. */
export function linear(
  ctx: LayerContext,
  x: string,
  name: string,
  inFeatures: number,
  outFeatures: number,
  options: LinearOptions = {},
): string {
  const { g, precision, rng } = ctx;
  const std = (options.gain ?? 1) / Math.sqrt(inFeatures);
  let y: string;
  if (precision === 'fp32') {
    y = fixedLinear(
      g,
      x,
      `${name}.weight`,
      inFeatures,
      outFeatures,
      rng.uniform(inFeatures * outFeatures, std * Math.sqrt(3)),
    );
  } else if (precision === 'fp16') {
    y = g.op('MatMul', [x, randomWeights(ctx, `${name}.weight`, [inFeatures, outFeatures], std)]);
  } else if (precision === 'q8') {
    const [xq, xScale, xZero] = g.opOutputs('DynamicQuantizeLinear', [x], 3) as [string, string, string];
    const weight = g.tensor(
      `${name}.weight_quantized`,
      DataType.UINT8,
      [inFeatures, outFeatures],
      rng.bytes(inFeatures * outFeatures),
    );
    const weightZero = g.tensor(`${name}.weight_zero_point`, DataType.UINT8, [], Uint8Array.of(128));
    const weightScale = g.floats(`${name}.weight_scale`, [], [std / BYTE_STD]);
    const product = g.op('MatMulInteger', [xq, weight, xZero, weightZero]);
    const scale = g.op('Mul', [xScale, weightScale]);
    y = g.op('Mul', [g.op('Cast', [product], { to: DataType.FLOAT }), scale]);
  } else {
    if (inFeatures % Q4_BLOCK !== 0) throw new Error(`${name}: ${inFeatures} inputs aren't whole blocks`);
    const blocks = inFeatures / Q4_BLOCK;
    const packed = g.tensor(
      `${name}.weight_Q4`,
      DataType.UINT8,
      [outFeatures, blocks, Q4_BLOCK / 2],
      rng.bytes((outFeatures * inFeatures) / 2),
    );
    const scaleValue = std / NIBBLE_STD;
    const scales =
      precision === 'q4f16'
        ? g.tensor(
            `${name}.weight_scales`,
            DataType.FLOAT16,
            [outFeatures * blocks],
            halfFill(outFeatures * blocks, scaleValue),
          )
        : g.tensor(
            `${name}.weight_scales`,
            DataType.FLOAT,
            [outFeatures * blocks],
            floatFill(outFeatures * blocks, scaleValue),
          );
    [y] = g.opOutputs(
      'MatMulNBits',
      // No zero points: the hub's q4 exports are symmetric, and onnxruntime then centres every nibble on 8.
      [x, packed, scales],
      1,
      { K: inFeatures, N: outFeatures, bits: 4, block_size: Q4_BLOCK },
      { domain: MICROSOFT_DOMAIN },
    ) as [string];
  }
  if (options.bias) y = g.op('Add', [y, filled(ctx, `${name}.bias`, [outFeatures], 0)]);
  return y;
}

/**
 * Token embedding lookup; the output is always float32, as the hub's exports keep their inputs and outputs.
 * q8 stores the table as uint8 and dequantises after the Gather (quantize_dynamic's Gather); q4 leaves the
 * table unquantised (float32, float16 for q4f16), as the hub's embed_tokens_q4 files are.
 */
export function embedding(ctx: LayerContext, ids: string, name: string, vocab: number, dim: number): string {
  const { g, precision, rng } = ctx;
  const std = 1;
  if (precision === 'q8') {
    const table = g.tensor(`${name}.weight_quantized`, DataType.UINT8, [vocab, dim], rng.bytes(vocab * dim));
    const looked = g.op('Gather', [table, ids], { axis: 0 });
    const scale = g.floats(`${name}.weight_scale`, [], [std / BYTE_STD]);
    const zero = g.tensor(`${name}.weight_zero_point`, DataType.UINT8, [], Uint8Array.of(128));
    return g.op('DequantizeLinear', [looked, scale, zero]);
  }
  if (precision === 'fp32' || precision === 'q4') {
    return fixedEmbedding(g, ids, `${name}.weight`, vocab, dim, rng.uniform(vocab * dim, std * Math.sqrt(3)));
  }
  const table = randomWeights(ctx, `${name}.weight`, [vocab, dim], std);
  return toFloat32(ctx, g.op('Gather', [table, ids], { axis: 0 }));
}

/** Llama's RMSNorm: x / √(mean(x²) + ε) · w, over the last axis. */
export function rmsNorm(ctx: LayerContext, x: string, name: string, dim: number, epsilon: number): string {
  const { g } = ctx;
  const meanSquare = g.op('ReduceMean', [g.op('Mul', [x, x])], { axes: [-1], keepdims: 1 });
  const denominator = g.op('Sqrt', [g.op('Add', [meanSquare, scalar(ctx, `${name}.epsilon`, epsilon)])]);
  return g.op('Mul', [g.op('Div', [x, denominator]), filled(ctx, `${name}.weight`, [dim], 1)]);
}

/** LayerNorm with scale and bias over the last axis (SigLIP). */
export function layerNorm(ctx: LayerContext, x: string, name: string, dim: number, epsilon: number): string {
  return ctx.g.op(
    'LayerNormalization',
    [x, filled(ctx, `${name}.weight`, [dim], 1), filled(ctx, `${name}.bias`, [dim], 0)],
    { axis: -1, epsilon: { float: epsilon } },
  );
}

/** GELU, tanh approximation (SigLIP's gelu_pytorch_tanh), written out as the exporter does. */
export function geluTanh(ctx: LayerContext, x: string, name: string): string {
  const { g } = ctx;
  const cube = g.op('Mul', [g.op('Mul', [x, x]), x]);
  const inner = g.op('Mul', [
    g.op('Add', [x, g.op('Mul', [cube, scalar(ctx, `${name}.c`, 0.044715)])]),
    scalar(ctx, `${name}.sqrt_2_over_pi`, Math.sqrt(2 / Math.PI)),
  ]);
  const gate = g.op('Add', [g.op('Tanh', [inner]), scalar(ctx, `${name}.one`, 1)]);
  return g.op('Mul', [g.op('Mul', [x, gate]), scalar(ctx, `${name}.half`, 0.5)]);
}

export function silu(ctx: LayerContext, x: string): string {
  return ctx.g.op('Mul', [x, ctx.g.op('Sigmoid', [x])]);
}

/** [batch, seq, heads·headDim] → [batch, heads, seq, headDim]. */
export function splitHeads(ctx: LayerContext, x: string, heads: number, headDim: number): string {
  const { g } = ctx;
  const shaped = g.op('Reshape', [x, g.int64s(`shape_heads_${heads}x${headDim}`, [0, 0, heads, headDim])]);
  return g.op('Transpose', [shaped], { perm: [0, 2, 1, 3] });
}

/** [batch, heads, seq, headDim] → [batch, seq, heads·headDim]. */
export function mergeHeads(ctx: LayerContext, x: string, width: number): string {
  const { g } = ctx;
  const transposed = g.op('Transpose', [x], { perm: [0, 2, 1, 3] });
  return g.op('Reshape', [transposed, g.int64s(`shape_merge_${width}`, [0, 0, width])]);
}

/** Grouped-query attention: each of `kvHeads` key/value heads serves heads/kvHeads query heads. */
export function repeatKv(
  ctx: LayerContext,
  x: string,
  kvHeads: number,
  heads: number,
  headDim: number,
): string {
  if (kvHeads === heads) return x;
  const { g } = ctx;
  const groups = heads / kvHeads;
  const expanded = g.op('Expand', [
    g.op('Unsqueeze', [x, g.int64s('axis_group', [2])]),
    g.int64s(`expand_groups_${groups}`, [1, 1, groups, 1, 1]),
  ]);
  return g.op('Reshape', [
    expanded,
    g.int64s(`shape_repeat_kv_${heads}x${headDim}`, [0, heads, -1, headDim]),
  ]);
}

/** softmax(q·kᵀ/√d + mask)·v for q [b, h, s, d], k and v [b, h, t, d]; mask [b, 1, s, t] or none. */
export function attention(
  ctx: LayerContext,
  q: string,
  k: string,
  v: string,
  mask: string | null,
  headDim: number,
): string {
  const { g } = ctx;
  const scores = g.op('Mul', [
    g.op('MatMul', [q, g.op('Transpose', [k], { perm: [0, 1, 3, 2] })]),
    scalar(ctx, `attention_scale_${headDim}`, 1 / Math.sqrt(headDim)),
  ]);
  const masked = mask ? g.op('Add', [scores, mask]) : scores;
  return g.op('MatMul', [g.op('Softmax', [masked], { axis: -1 }), v]);
}

/** Far below any score, yet finite in float16: a row that masks everything stays a (uniform) distribution. */
const MASKED = -1e4;

/**
 * The additive decoder mask [batch, 1, seq, total]: a key is hidden when it comes after the query or its
 * attention_mask is 0. "After" counts places in the cache, as the hub's exports do (transformers'
 * cache_position): the s new tokens are the cache's last s places, whatever their position_ids say.
 */
export function causalMask(ctx: LayerContext, positionIds: string, attentionMask: string): string {
  const { g } = ctx;
  const int64Scalar = (name: string, value: number) =>
    g.tensor(name, DataType.INT64, [], new Uint8Array(BigInt64Array.of(BigInt(value)).buffer));
  const zero = int64Scalar('mask_zero', 0);
  const one = int64Scalar('mask_one', 1);
  const total = g.op('Gather', [g.op('Shape', [attentionMask]), one], { axis: 0 });
  const added = g.op('Gather', [g.op('Shape', [positionIds]), one], { axis: 0 });
  const keyPlaces = g.op('Range', [zero, total, one]); // [t]
  const queryPlaces = g.op('Range', [g.op('Sub', [total, added]), total, one]); // [s]
  const queries = g.op('Unsqueeze', [queryPlaces, g.int64s('axes_query', [0, 1, 3])]); // [1, 1, s, 1]
  const future = g.op('Greater', [keyPlaces, queries]); // [1, 1, s, t]
  const padding = g.op('Equal', [g.op('Unsqueeze', [attentionMask, g.int64s('axes_key', [1, 2])]), zero]); // [b, 1, 1, t]
  const hidden = g.op('Or', [future, padding]);
  return g.op('Where', [hidden, scalar(ctx, 'mask_hidden', MASKED), scalar(ctx, 'mask_open', 0)]);
}

/** cos and sin tables [batch, 1, seq, headDim] for rotary position embedding at `positionIds`. */
export function rotaryTables(
  ctx: LayerContext,
  positionIds: string,
  headDim: number,
  theta: number,
): { cos: string; sin: string } {
  const { g } = ctx;
  const half = headDim / 2;
  const inverse = Array.from({ length: half }, (_, i) => 1 / theta ** ((2 * i) / headDim));
  const positions = g.op('Unsqueeze', [
    g.op('Cast', [positionIds], { to: DataType.FLOAT }),
    g.int64s('axis_last', [2]),
  ]);
  const angles = g.op('Mul', [positions, g.floats('rotary_inverse_frequencies', [half], inverse)]); // [b, s, half]
  const both = g.op('Unsqueeze', [
    g.op('Concat', [angles, angles], { axis: -1 }),
    g.int64s('axis_head', [1]),
  ]);
  return {
    cos: toCompute(ctx, g.op('Cos', [both])),
    sin: toCompute(ctx, g.op('Sin', [both])),
  };
}

/** x·cos + rotate_half(x)·sin for x [b, h, s, headDim]. */
export function applyRotary(
  ctx: LayerContext,
  x: string,
  tables: { cos: string; sin: string },
  headDim: number,
): string {
  const { g } = ctx;
  const half = headDim / 2;
  const axis = g.int64s('axis_3', [3]);
  const first = g.op('Slice', [x, g.int64s('start_0', [0]), g.int64s(`end_${half}`, [half]), axis]);
  const second = g.op('Slice', [
    x,
    g.int64s(`start_${half}`, [half]),
    g.int64s(`end_${headDim}`, [headDim]),
    axis,
  ]);
  const rotated = g.op('Concat', [g.op('Neg', [second]), first], { axis: 3 });
  return g.op('Add', [g.op('Mul', [x, tables.cos]), g.op('Mul', [rotated, tables.sin])]);
}
