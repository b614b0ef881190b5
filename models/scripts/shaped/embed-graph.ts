/** embed_tokens at real scale: input_ids [b, s] → inputs_embeds [b, s, text hidden] (float32 in every variant). */
import { GraphBuilder } from '../onnx/graph-builder.ts';
import { embedding, type Precision } from '../onnx/layers.ts';
import { Random } from '../onnx/random-weights.ts';
import { embedInput, embedOutput } from '../onnx/sessions.ts';
import type { ModelShape } from './shapes.ts';

export function buildShapedEmbedTokens(shape: ModelShape, precision: Precision, seed: number): Uint8Array {
  const g = new GraphBuilder('embed_tokens');
  const { vocab, hidden } = shape.text;
  const ids = embedInput(g);
  const embeds = embedding({ g, precision, rng: new Random(seed) }, ids, 'embed_tokens', vocab, hidden);
  embedOutput(g, embeds, hidden);
  return g.encode(
    `Verdict Lens shape-faithful stand-in (${precision}): token embeddings, random weights.`,
    'verdict-lens make-shaped',
  );
}
