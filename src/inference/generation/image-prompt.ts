/**
 * The prompt text the Idefics3 processor makes from a chat prompt and one image's layout: its `<image>` placeholder
 * becomes one run of image tokens per 512 px view (rows × cols tiles, each tagged with its place, then the global
 * view). A follow-up on an image whose views are already in the conversation's cache needs only these token ids,
 * so building them from the layout kept from the first answer skips decoding the image and running the image
 * processor (scaling to 2048 px, tiling, normalising) whose pixels would go unused.
 *
 * This follows transformers.js 4.x's Idefics3Processor (models/idefics3/processing_idefics3.js) for one image; a
 * Node test checks the token ids against the processor's own output for a split and a single view.
 */

/** The split the image processor made: 0 × 0 when the image went in as its global view only. */
export interface ImageLayout {
  rows: number;
  cols: number;
}

const FAKE_AROUND_IMAGE = '<fake_token_around_image>';
const IMAGE_TOKEN = '<image>';
const GLOBAL_IMAGE = '<global-img>';

function viewTokens(tokensPerView: number): string {
  return IMAGE_TOKEN.repeat(tokensPerView);
}

/** The text that stands in for one image of `layout`, `tokensPerView` (image_seq_len) tokens per view. */
export function imagePromptText(layout: ImageLayout, tokensPerView: number): string {
  const global = `${FAKE_AROUND_IMAGE}${GLOBAL_IMAGE}${viewTokens(tokensPerView)}${FAKE_AROUND_IMAGE}`;
  if (layout.rows === 0 && layout.cols === 0) return global;
  let tiles = '';
  for (let row = 1; row <= layout.rows; row++) {
    for (let col = 1; col <= layout.cols; col++) {
      tiles += `${FAKE_AROUND_IMAGE}<row_${row}_col_${col}>${viewTokens(tokensPerView)}`;
    }
    tiles += '\n';
  }
  return `${tiles}\n${global}`;
}

/**
 * The chat prompt with its one `<image>` placeholder expanded; null when the prompt doesn't hold exactly one (then
 * only the processor knows what to do with it).
 */
export function expandImagePrompt(prompt: string, layout: ImageLayout, tokensPerView: number): string | null {
  const parts = prompt.split(IMAGE_TOKEN);
  if (parts.length !== 2) return null;
  return `${parts[0]}${imagePromptText(layout, tokensPerView)}${parts[1]}`;
}

/** The layout of the first image in what the processor returned (`rows`/`cols` are per prompt, per image). */
export function layoutFromProcessor(inputs: Record<string, unknown>): ImageLayout | null {
  const rows = (inputs.rows as number[][] | undefined)?.[0]?.[0];
  const cols = (inputs.cols as number[][] | undefined)?.[0]?.[0];
  return typeof rows === 'number' && typeof cols === 'number' ? { rows, cols } : null;
}
