/**
 * What came back when an image was asked for: the right error for a status, and what the bytes really are
 * (a server's Content-Type can't be trusted: error pages arrive as image/png, images as octet-stream).
 */
import { type UserError, userError } from '../protocol/errors';
import { INTAKE_LIMITS } from './limits';

export type ImageKind = 'png' | 'jpeg' | 'gif' | 'webp' | 'avif' | 'bmp' | 'ico' | 'svg';

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0) =>
  signature.every((b, i) => bytes[offset + i] === b);

const ascii = (bytes: Uint8Array, from: number, to: number) =>
  String.fromCharCode(...bytes.subarray(from, to));

/** Recognises an image from its first bytes (a few hundred suffice); null when it isn't one. */
export function sniffImageKind(bytes: Uint8Array): ImageKind | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') return 'gif';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'webp';
  if (ascii(bytes, 4, 8) === 'ftyp' && /^avi[fs]$/.test(ascii(bytes, 8, 12))) return 'avif';
  if (ascii(bytes, 0, 2) === 'BM') return 'bmp';
  if (startsWith(bytes, [0, 0, 1, 0])) return 'ico';
  const text = new TextDecoder().decode(bytes.subarray(0, 512)).trimStart().toLowerCase();
  if (text.startsWith('<svg') || (text.startsWith('<?xml') && text.includes('<svg'))) return 'svg';
  if (text.startsWith('<!--') && text.includes('<svg')) return 'svg';
  return null;
}

/** The error for an HTTP status that carries no image; null for success. */
export function statusProblem(status: number): UserError | null {
  if (status >= 200 && status < 300) return null;
  if (status === 404 || status === 410) {
    return userError(
      'image-not-found',
      `The image isn't there any more (${status}).`,
      'Reload the page and try again.',
    );
  }
  if (status === 401 || status === 403) {
    return userError(
      'image-needs-login',
      `The site won't give out this image (${status}); it may need you to be signed in.`,
      'Sign in to the site in this browser, then try again.',
    );
  }
  return userError(
    'image-fetch-failed',
    `The site answered ${status} instead of the image.`,
    'Try again later.',
  );
}

export function notAnImage(contentType: string | null): UserError {
  return userError(
    'image-not-image',
    `That address gave ${contentType ? `a ${contentType.split(';')[0]} document` : 'something'} instead of an image.`,
    'Try another image.',
  );
}

export function tooLarge(bytes: number): UserError {
  const mb = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;
  return userError(
    'image-too-large',
    `The image is ${mb(bytes)}; the limit is ${mb(INTAKE_LIMITS.maxBytes)}.`,
    'Try a smaller image.',
  );
}

export function tooSmall(width: number, height: number): UserError {
  return userError(
    'image-too-small',
    `The image is only ${width}×${height} pixels: an icon or a tracking pixel, too small to describe.`,
    'Try a larger image.',
  );
}

export function undecodable(): UserError {
  return userError(
    'image-decode-failed',
    "The image's data is damaged, so it can't be read.",
    'Try another image.',
  );
}
