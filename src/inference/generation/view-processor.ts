/**
 * The processor an answer's image detail runs through. transformers.js's Idefics3 processor first scales every
 * image to `size.longest_edge` (2048 px for SmolVLM), splitting or not: for one 512 px view it then shrinks that
 * 2048 px picture back to 512, and building it is most of the image's preparation (about 230 ms of JavaScript over
 * 12.6 million values, against about 20 ms when it scales straight to 512; measured in Node, the same code the
 * worker runs). So one view goes through a copy of the processor whose image processor scales straight to the
 * view's edge: the same single view (aspect ratio kept, then stretched to a square as before), resampled once
 * instead of twice. The split keeps the processor as it is: its tiles need the 2048 px picture.
 */
import type { Processor } from '@huggingface/transformers';
import type { ImageDetail } from '../../protocol/messages';

/** What this module reads of transformers.js's processor objects (their parsed configs and parts). */
interface ProcessorParts {
  config: unknown;
  components: Record<string, unknown> & { image_processor?: ImageProcessorParts };
  chat_template: unknown;
}

interface ImageProcessorParts {
  /** The parsed preprocessor_config.json it was made from. */
  config: Record<string, unknown>;
  size?: { longest_edge?: number };
  max_image_size?: { longest_edge?: number };
}

const singleViewCopies = new WeakMap<Processor, Processor>();

/** The processor for `detail`: `processor` itself for the split, its single-view copy (made once) for one view. */
export function processorFor(processor: Processor, detail: ImageDetail): Processor {
  if (detail !== 'single') return processor;
  let copy = singleViewCopies.get(processor);
  if (!copy) {
    copy = singleViewProcessor(processor);
    singleViewCopies.set(processor, copy);
  }
  return copy;
}

/** `processor` with an image processor that scales straight to one view's edge; `processor` when it has no views. */
function singleViewProcessor(processor: Processor): Processor {
  const parts = processor as unknown as ProcessorParts;
  const images = parts.components.image_processor;
  const viewEdge = images?.max_image_size?.longest_edge;
  if (!images || viewEdge === undefined || images.size?.longest_edge === undefined) return processor;
  if (images.size.longest_edge <= viewEdge) return processor;
  // transformers.js's processors are callable objects their constructors make, so the copy is made the same way.
  // Everything else (resampling, rescale, normalisation, the tokenizer, the chat template) is the original's.
  const ImageProcessor = images.constructor as unknown as new (config: Record<string, unknown>) => unknown;
  const scaledOnce = new ImageProcessor({
    ...images.config,
    size: { ...images.size, longest_edge: viewEdge },
  });
  const Same = processor.constructor as unknown as new (
    config: unknown,
    components: Record<string, unknown>,
    chatTemplate: unknown,
  ) => Processor;
  return new Same(parts.config, { ...parts.components, image_processor: scaledOnce }, parts.chat_template);
}
