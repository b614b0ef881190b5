/**
 * Turns image bytes into what the model needs and no more: decoded (first frame of an animation, SVG rasterised),
 * transparency flattened on white, scaled down to INTAKE_LIMITS.maxEdge, re-encoded as JPEG. Uses web APIs found
 * in extension documents and content scripts (createImageBitmap, OffscreenCanvas; Image for SVG).
 */
import type { ImageInput } from '../protocol/messages';
import { notAnImage, sniffImageKind, tooLarge, tooSmall, undecodable } from './classify';
import { IntakeError } from './intake-error';
import { fitWithin, INTAKE_LIMITS } from './limits';

interface Decoded {
  source: CanvasImageSource;
  width: number;
  height: number;
  /** Size to draw at; SVGs are drawn sharp at a size of our choosing. */
  target: { width: number; height: number };
  release(): void;
}

async function decodeBitmap(blob: Blob): Promise<Decoded> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob);
  } catch {
    throw new IntakeError(undecodable());
  }
  return {
    source: bitmap,
    width: bitmap.width,
    height: bitmap.height,
    target: fitWithin(bitmap.width, bitmap.height),
    release: () => bitmap.close(),
  };
}

/** createImageBitmap can't read SVG; an <img> can, and draws it at any size without blur. */
async function decodeSvg(blob: Blob): Promise<Decoded> {
  const url = URL.createObjectURL(new Blob([blob], { type: 'image/svg+xml' }));
  const image = new Image();
  image.src = url;
  try {
    await image.decode();
  } catch {
    URL.revokeObjectURL(url);
    throw new IntakeError(undecodable());
  }
  const width = image.naturalWidth || INTAKE_LIMITS.svgFallbackEdge;
  const height = image.naturalHeight || INTAKE_LIMITS.svgFallbackEdge;
  // Vector art has no pixel size worth keeping: draw it at least svgFallbackEdge across so details survive.
  const longest = Math.max(width, height);
  const scale = Math.min(INTAKE_LIMITS.maxEdge, Math.max(longest, INTAKE_LIMITS.svgFallbackEdge)) / longest;
  return {
    source: image,
    width,
    height,
    target: { width: Math.round(width * scale), height: Math.round(height * scale) },
    release: () => URL.revokeObjectURL(url),
  };
}

function readAsDataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

export async function normaliseImageBlob(blob: Blob): Promise<ImageInput> {
  if (blob.size > INTAKE_LIMITS.maxBytes) throw new IntakeError(tooLarge(blob.size));
  const kind = sniffImageKind(new Uint8Array(await blob.slice(0, 512).arrayBuffer()));
  if (!kind) throw new IntakeError(notAnImage(blob.type || null));
  const decoded = kind === 'svg' ? await decodeSvg(blob) : await decodeBitmap(blob);
  try {
    if (decoded.width < INTAKE_LIMITS.minEdge || decoded.height < INTAKE_LIMITS.minEdge) {
      throw new IntakeError(tooSmall(decoded.width, decoded.height));
    }
    const { width, height } = decoded.target;
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d');
    if (!context) throw new IntakeError(undecodable());
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, width, height);
    context.imageSmoothingQuality = 'high';
    context.drawImage(decoded.source, 0, 0, width, height);
    const jpeg = await canvas.convertToBlob({ type: 'image/jpeg', quality: INTAKE_LIMITS.jpegQuality });
    return { dataUrl: await readAsDataUrl(jpeg), width, height };
  } finally {
    decoded.release();
  }
}
