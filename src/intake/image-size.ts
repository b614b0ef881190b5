/**
 * An image's pixel size read from its header, before decoding: enough to refuse icons and decompression bombs
 * without spending memory on them, and to ask the decoder for a smaller bitmap straight away.
 */
import type { ImageKind } from './classify';
import { type FittedSize, fitWithin, INTAKE_LIMITS } from './limits';

export interface PixelSize {
  width: number;
  height: number;
}

export interface HeaderInfo extends PixelSize {
  /**
   * True when the decoder may turn the image (JPEG EXIF orientation 5–8, AVIF rotation) or we can't tell, so
   * width and height may swap once decoded: a resize asked for at decode time could then squash the image.
   */
  mayRotate: boolean;
}

/** How many bytes of the file readImageHeader wants: JPEG puts its size after EXIF blocks that can be large. */
export const HEADER_BYTES = 256 * 1024;

const u16be = (b: Uint8Array, i: number) => ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
const u16le = (b: Uint8Array, i: number) => (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8);
const u24le = (b: Uint8Array, i: number) => u16le(b, i) | ((b[i + 2] ?? 0) << 16);
const u32be = (b: Uint8Array, i: number) => u16be(b, i) * 0x10000 + u16be(b, i + 2);
const u32le = (b: Uint8Array, i: number) => u16le(b, i) + u16le(b, i + 2) * 0x10000;
const text = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));

const sized = (width: number, height: number, mayRotate = false): HeaderInfo | null =>
  width > 0 && height > 0 ? { width, height, mayRotate } : null;

/** Width, height and whether decoding may rotate, from the first HEADER_BYTES; null when the header is unreadable. */
export function readImageHeader(kind: ImageKind, bytes: Uint8Array): HeaderInfo | null {
  switch (kind) {
    case 'png':
      return text(bytes, 12, 16) === 'IHDR' ? sized(u32be(bytes, 16), u32be(bytes, 20)) : null;
    case 'gif':
      return bytes.length >= 10 ? sized(u16le(bytes, 6), u16le(bytes, 8)) : null;
    case 'bmp':
      // Height is negative for top-down bitmaps.
      return bytes.length >= 26 ? sized(u32le(bytes, 18), Math.abs(u32le(bytes, 22) | 0)) : null;
    case 'webp':
      return webpSize(bytes);
    case 'jpeg':
      return jpegSize(bytes);
    case 'avif':
      return avifSize(bytes);
    case 'ico':
      return icoSize(bytes);
    default:
      return null;
  }
}

/**
 * An icon file holds several pictures; the largest decides. Each directory entry gives its size in a byte (0 means
 * 256 or more); a picture stored as PNG says its real size in its own header, read when it lies within the bytes.
 */
function icoSize(b: Uint8Array): HeaderInfo | null {
  const count = u16le(b, 4);
  let best: HeaderInfo | null = null;
  for (let n = 0; n < count; n++) {
    const entry = 6 + n * 16;
    if (entry + 16 > b.length) return null;
    const offset = u32le(b, entry + 12);
    const png = text(b, offset + 1, offset + 4) === 'PNG' && text(b, offset + 12, offset + 16) === 'IHDR';
    if (!png && (b[entry] === 0 || b[entry + 1] === 0) && offset + 16 > b.length) return null;
    const found = png
      ? sized(u32be(b, offset + 16), u32be(b, offset + 20))
      : sized(b[entry] || 256, b[entry + 1] || 256);
    if (found && (!best || found.width * found.height > best.width * best.height)) best = found;
  }
  return best;
}

function webpSize(b: Uint8Array): HeaderInfo | null {
  const chunk = text(b, 12, 16);
  if (chunk === 'VP8 ' && u16be(b, 23) === 0x9d01 && b[25] === 0x2a) {
    return sized(u16le(b, 26) & 0x3fff, u16le(b, 28) & 0x3fff);
  }
  if (chunk === 'VP8L' && b[20] === 0x2f) {
    const bits = u32le(b, 21);
    return sized((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
  }
  if (chunk === 'VP8X') {
    // Flag 0x08: the file carries EXIF, which may say to rotate.
    return sized(u24le(b, 24) + 1, u24le(b, 27) + 1, ((b[20] ?? 0) & 0x08) !== 0);
  }
  return null;
}

const JPEG_SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function jpegSize(b: Uint8Array): HeaderInfo | null {
  let orientation = 1;
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1] ?? 0;
    // Fill bytes and markers without a length.
    if (marker === 0xff) {
      i += 1;
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    const length = u16be(b, i + 2);
    if (length < 2) return null;
    if (marker === 0xe1 && text(b, i + 4, i + 10) === 'Exif\0\0') {
      orientation = exifOrientation(b.subarray(i + 10, i + 2 + length)) ?? orientation;
    }
    if (JPEG_SOF.has(marker)) {
      return sized(u16be(b, i + 7), u16be(b, i + 5), orientation >= 5 && orientation <= 8);
    }
    i += 2 + length;
  }
  return null;
}

/** The EXIF Orientation tag (0x0112) of IFD0 in a TIFF block; null when absent. */
export function exifOrientation(tiff: Uint8Array): number | null {
  const order = text(tiff, 0, 2);
  if (order !== 'II' && order !== 'MM') return null;
  const u16 = order === 'II' ? u16le : u16be;
  const u32 = order === 'II' ? u32le : u32be;
  const ifd = u32(tiff, 4);
  const count = u16(tiff, ifd);
  for (let n = 0; n < count; n++) {
    const entry = ifd + 2 + n * 12;
    if (entry + 12 > tiff.length) return null;
    if (u16(tiff, entry) === 0x0112) return u16(tiff, entry + 8);
  }
  return null;
}

/**
 * AVIF keeps sizes in 'ispe' boxes (one per image item: the picture, its alpha plane, grid tiles); the largest is
 * the picture. An 'irot' box would turn it, so its presence is reported.
 */
function avifSize(b: Uint8Array): HeaderInfo | null {
  let best: HeaderInfo | null = null;
  const rotates = indexOf(b, 'irot') >= 0;
  for (let at = indexOf(b, 'ispe'); at >= 0; at = indexOf(b, 'ispe', at + 4)) {
    const found = sized(u32be(b, at + 8), u32be(b, at + 12), rotates);
    if (found && (!best || found.width * found.height > best.width * best.height)) best = found;
  }
  return best;
}

function indexOf(b: Uint8Array, tag: string, from = 0): number {
  const codes = [...tag].map((c) => c.charCodeAt(0));
  outer: for (let i = from; i + codes.length <= b.length; i++) {
    for (let k = 0; k < codes.length; k++) if (b[i + k] !== codes[k]) continue outer;
    return i;
  }
  return -1;
}

/**
 * The size to ask createImageBitmap for, so a huge image is decoded straight to what the model gets instead of
 * full size first; null to decode as is (it fits, its size is unknown, or decoding may rotate it, and a resize
 * given for the unrotated shape would squash it).
 */
export function decodeResize(
  header: HeaderInfo | null,
  maxEdge: number = INTAKE_LIMITS.maxEdge,
): FittedSize | null {
  if (!header || header.mayRotate) return null;
  const fitted = fitWithin(header.width, header.height, maxEdge);
  return fitted.scale < 1 ? fitted : null;
}
