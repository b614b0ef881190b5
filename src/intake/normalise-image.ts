/**
 * Turns image bytes into what the model needs and no more: decoded (first frame of an animation, SVG rasterised),
 * transparency flattened on white, scaled down to INTAKE_LIMITS.maxEdge, re-encoded as JPEG. Uses web APIs found
 * in extension documents and content scripts (createImageBitmap, OffscreenCanvas; an <img> for SVG).
 */
import type { ImageInput } from '../protocol/messages';
import {
  type ImageKind,
  notAnImage,
  sizeProblem,
  sizeUnreadable,
  sniffImageKind,
  tooLarge,
  undecodable,
} from './classify';
import { decodeResize, HEADER_BYTES, readImageHeader } from './image-size';
import { IntakeError } from './intake-error';
import { fitWithin, INTAKE_LIMITS, padToAspect } from './limits';
import { readSvgSize, SVG_HEAD_CHARS, svgIntrinsicSize, svgRasterSize } from './svg-size';

interface Decoded {
  source: CanvasImageSource;
  /** Size to draw at (the model's size). */
  width: number;
  height: number;
  release(): void;
}

function refuseSize(width: number, height: number): void {
  const problem = sizeProblem(width, height);
  if (problem) throw new IntakeError(problem);
}

async function decodeBitmap(blob: Blob, kind: ImageKind, head: Uint8Array): Promise<Decoded> {
  const header = readImageHeader(kind, head);
  // Refuse icons and decompression bombs before spending any memory on them; an image whose size can't be told
  // from its head is never decoded blind (a whole file without one is simply damaged).
  if (!header)
    throw new IntakeError(blob.size > head.length ? sizeUnreadable(kind, HEADER_BYTES) : undecodable());
  refuseSize(header.width, header.height);
  const resize = decodeResize(header);
  let bitmap: ImageBitmap;
  try {
    // createImageBitmap gives the first frame of an animation; asked for a size, it decodes straight to it.
    bitmap = await createImageBitmap(
      blob,
      resize ? { resizeWidth: resize.width, resizeHeight: resize.height, resizeQuality: 'high' } : {},
    );
  } catch {
    throw new IntakeError(undecodable());
  }
  try {
    if (!resize) refuseSize(bitmap.width, bitmap.height);
  } catch (error) {
    bitmap.close();
    throw error;
  }
  const target = resize ?? fitWithin(bitmap.width, bitmap.height);
  return { source: bitmap, width: target.width, height: target.height, release: () => bitmap.close() };
}

/** createImageBitmap can't read SVG; an <img> can (scripts and outside resources stay off), at any size. */
async function decodeSvg(blob: Blob): Promise<Decoded> {
  // Only the head is read: the root tag's size is all that is wanted, and the rest may be megabytes of anything.
  const svg = readSvgSize(await blob.slice(0, SVG_HEAD_CHARS * 4).text());
  const own = svgIntrinsicSize(svg);
  if (own) refuseSize(Math.round(own.width), Math.round(own.height));
  const url = URL.createObjectURL(new Blob([blob], { type: 'image/svg+xml' }));
  const image = new Image();
  image.src = url;
  try {
    await image.decode();
  } catch {
    URL.revokeObjectURL(url);
    throw new IntakeError(undecodable());
  }
  const size = svgRasterSize(svg, INTAKE_LIMITS.svgFallbackEdge, INTAKE_LIMITS.maxEdge);
  return { source: image, ...size, release: () => URL.revokeObjectURL(url) };
}

function readAsDataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

/**
 * Normalises an image the page or the network gave: throws IntakeError with the person's message for anything
 * that isn't a usable image, or the signal's reason once it is aborted.
 */
export async function normaliseImageBlob(blob: Blob, signal?: AbortSignal): Promise<ImageInput> {
  signal?.throwIfAborted();
  if (blob.size > INTAKE_LIMITS.maxBytes) throw new IntakeError(tooLarge(blob.size));
  const head = new Uint8Array(await blob.slice(0, HEADER_BYTES).arrayBuffer());
  const kind = sniffImageKind(head);
  if (!kind) throw new IntakeError(notAnImage(blob.type || null, head));
  const decoded = kind === 'svg' ? await decodeSvg(blob) : await decodeBitmap(blob, kind, head);
  try {
    signal?.throwIfAborted();
    const { width, height } = decoded;
    const place = padToAspect(width, height);
    const canvas = new OffscreenCanvas(place.canvasWidth, place.canvasHeight);
    const context = canvas.getContext('2d');
    if (!context) throw new IntakeError(undecodable());
    // JPEG has no alpha: what was transparent shows as white, as on most pages, not as black. The padding of a
    // very thin image is white for the same reason.
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, place.canvasWidth, place.canvasHeight);
    context.imageSmoothingQuality = 'high';
    context.drawImage(decoded.source, place.x, place.y, width, height);
    const jpeg = await canvas.convertToBlob({ type: 'image/jpeg', quality: INTAKE_LIMITS.jpegQuality });
    signal?.throwIfAborted();
    return { dataUrl: await readAsDataUrl(jpeg), width: place.canvasWidth, height: place.canvasHeight };
  } finally {
    decoded.release();
  }
}
