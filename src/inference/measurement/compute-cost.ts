/**
 * What one 512 px view costs next to one prompt token, from the model's config (transformers.js keeps config.json
 * on the model): the vision encoder's multiply-adds for one view over the decoder's for one token. A short probe
 * measures this device's prefill rate; this ratio turns it into a per-view estimate before any image was encoded.
 *
 * Counted: the linear layers (attention projections, the MLP, the decoder's output head, the connector) and the
 * attention products; norms, activations and embeddings are small next to them. For SmolVLM-256M (SigLIP-base,
 * 12 layers × 1,024 patches of 16 px; SmolLM2-135M, 30 layers) one view costs about as much as 790 prompt tokens.
 */

interface VisionShape {
  hidden: number;
  layers: number;
  intermediate: number;
  /** Patches per view: (image_size / patch_size)². */
  patches: number;
}

interface TextShape {
  hidden: number;
  layers: number;
  intermediate: number;
  queryWidth: number;
  keyValueWidth: number;
  vocab: number;
}

export interface ModelShape {
  vision: VisionShape;
  text: TextShape;
  /** Pixel-shuffle factor: the connector folds scale² patches into one token. */
  scale: number;
}

type Json = Record<string, unknown>;

function num(config: Json | undefined, key: string): number | null {
  const value = config?.[key];
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}

/** The shapes in an Idefics3 config.json; null when a field the count needs is missing. */
export function modelShapeOf(config: unknown): ModelShape | null {
  const c = config as Json | null;
  const vision = c?.vision_config as Json | undefined;
  const text = c?.text_config as Json | undefined;
  const vHidden = num(vision, 'hidden_size');
  const vLayers = num(vision, 'num_hidden_layers');
  const imageSize = num(vision, 'image_size');
  const patch = num(vision, 'patch_size');
  const tHidden = num(text, 'hidden_size');
  const tLayers = num(text, 'num_hidden_layers');
  const tIntermediate = num(text, 'intermediate_size');
  const heads = num(text, 'num_attention_heads');
  if (!vHidden || vLayers === null || !imageSize || !patch || !tHidden || tLayers === null || !heads)
    return null;
  if (tIntermediate === null) return null;
  const headDim = num(text, 'head_dim') ?? tHidden / heads;
  const kvHeads = num(text, 'num_key_value_heads') ?? heads;
  return {
    vision: {
      hidden: vHidden,
      layers: vLayers,
      // SigLIP's MLP is 4× wide when a config leaves it out.
      intermediate: num(vision, 'intermediate_size') ?? 4 * vHidden,
      patches: (imageSize / patch) ** 2,
    },
    text: {
      hidden: tHidden,
      layers: tLayers,
      intermediate: tIntermediate,
      queryWidth: heads * headDim,
      keyValueWidth: kvHeads * headDim,
      vocab: num(text, 'vocab_size') ?? num(c ?? undefined, 'vocab_size') ?? 0,
    },
    scale: num(c ?? undefined, 'scale_factor') ?? 1,
  };
}

/** Multiply-adds for one view through the vision encoder and the connector. */
export function visionMacsPerView(shape: ModelShape): number {
  const { hidden, layers, intermediate, patches } = shape.vision;
  // q, k, v, o projections and the two MLP matrices, per patch; then QKᵀ and AV over all patches.
  const perPatchPerLayer = 4 * hidden * hidden + 2 * hidden * intermediate + 2 * patches * hidden;
  const encoder = perPatchPerLayer * layers * patches;
  const tokens = patches / shape.scale ** 2;
  const connector = tokens * hidden * shape.scale ** 2 * shape.text.hidden;
  return encoder + connector;
}

/** Multiply-adds for one prompt token through the decoder (its attention over a short context left out). */
export function decoderMacsPerToken(shape: ModelShape): number {
  const t = shape.text;
  const attention = 2 * t.hidden * t.queryWidth + 2 * t.hidden * t.keyValueWidth;
  // Llama's gated MLP: gate, up and down.
  const mlp = 3 * t.hidden * t.intermediate;
  // The exported decoder writes logits for every position it reads.
  return (attention + mlp) * t.layers + t.hidden * t.vocab;
}

/** One view's cost in prompt tokens' worth of work; null when the config doesn't say enough. */
export function viewCostInTokens(config: unknown): number | null {
  const shape = modelShapeOf(config);
  if (!shape) return null;
  const perToken = decoderMacsPerToken(shape);
  return perToken > 0 ? visionMacsPerView(shape) / perToken : null;
}
