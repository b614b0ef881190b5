/**
 * The shapes of a real SmolVLM, read from its config.json (models/reference): vision tower, connector and text
 * model. The stand-in's graphs are built from these numbers, so they can't drift from the reference files.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REFERENCE_ROOT = resolve(import.meta.dirname, '../../reference');

export interface TextShape {
  hidden: number;
  intermediate: number;
  layers: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  vocab: number;
  ropeTheta: number;
  rmsEpsilon: number;
}

export interface VisionShape {
  hidden: number;
  intermediate: number;
  layers: number;
  heads: number;
  imageSize: number;
  patchSize: number;
  layerNormEpsilon: number;
}

export interface ModelShape {
  text: TextShape;
  vision: VisionShape;
  /** Pixel-shuffle factor of the connector: (imageSize/patchSize)² patches become that many over scale². */
  scaleFactor: number;
  /** Image tokens per 512 px view (processor_config.json). */
  imageSeqLen: number;
}

interface ConfigJson {
  scale_factor: number;
  text_config: {
    hidden_size: number;
    intermediate_size: number;
    num_hidden_layers: number;
    num_attention_heads: number;
    num_key_value_heads: number;
    head_dim: number;
    vocab_size: number;
    rope_theta: number;
    rms_norm_eps: number;
  };
  vision_config: {
    hidden_size: number;
    intermediate_size: number;
    num_hidden_layers: number;
    num_attention_heads: number;
    image_size: number;
    patch_size: number;
    layer_norm_eps: number;
  };
}

export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

export function shapeFromConfig(config: ConfigJson, imageSeqLen: number): ModelShape {
  const t = config.text_config;
  const v = config.vision_config;
  return {
    text: {
      hidden: t.hidden_size,
      intermediate: t.intermediate_size,
      layers: t.num_hidden_layers,
      heads: t.num_attention_heads,
      kvHeads: t.num_key_value_heads,
      headDim: t.head_dim,
      vocab: t.vocab_size,
      ropeTheta: t.rope_theta,
      rmsEpsilon: t.rms_norm_eps,
    },
    vision: {
      hidden: v.hidden_size,
      intermediate: v.intermediate_size,
      layers: v.num_hidden_layers,
      heads: v.num_attention_heads,
      imageSize: v.image_size,
      patchSize: v.patch_size,
      layerNormEpsilon: v.layer_norm_eps,
    },
    scaleFactor: config.scale_factor,
    imageSeqLen,
  };
}

export function referenceDir(hubId: string): string {
  return join(REFERENCE_ROOT, hubId);
}
