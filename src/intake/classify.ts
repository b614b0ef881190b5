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

/** Recognises an image from its first bytes (a few kilobytes suffice); null when it isn't one. */
export function sniffImageKind(bytes: Uint8Array): ImageKind | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') return 'gif';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'webp';
  if (ascii(bytes, 4, 8) === 'ftyp' && /^avi[fs]$/.test(ascii(bytes, 8, 12))) return 'avif';
  if (ascii(bytes, 0, 2) === 'BM') return 'bmp';
  if (startsWith(bytes, [0, 0, 1, 0])) return 'ico';
  // SVG is text: XML declaration, comments or a doctype may come first (the decoder drops a BOM).
  const text = new TextDecoder().decode(bytes.subarray(0, 4096)).trimStart().toLowerCase();
  if (text.startsWith('<svg')) return 'svg';
  if (/^<(\?xml|!--|!doctype svg)/.test(text) && /<svg[\s>]/.test(text)) return 'svg';
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
    `The image is only ${width}×${height} pixels: icons and tracking pixels are too small to describe.`,
    'Try a larger image.',
  );
}

export function tooManyPixels(width: number, height: number): UserError {
  const mp = (n: number) => `${Math.round(n / 1_000_000)} megapixels`;
  return userError(
    'image-too-large',
    `The image is ${width}×${height} pixels (${mp(width * height)}); the limit is ${mp(INTAKE_LIMITS.maxPixels)}.`,
    'Try a smaller version of the image.',
  );
}

/** Too small to say anything about, or too many pixels to decode safely; null when the size is fine. */
export function sizeProblem(width: number, height: number): UserError | null {
  if (width < INTAKE_LIMITS.minEdge || height < INTAKE_LIMITS.minEdge) return tooSmall(width, height);
  if (width * height > INTAKE_LIMITS.maxPixels) return tooManyPixels(width, height);
  return null;
}

/**
 * Addresses the extension can fetch itself. blob: URLs belong to the page that made them and only it can read
 * them, so the page normalises those (normaliseImageBlob) and sends the result inline.
 */
export function urlProblem(url: string): UserError | null {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    return userError('image-fetch-failed', "The image's address isn't a valid URL.", 'Try another image.');
  }
  if (protocol === 'http:' || protocol === 'https:' || protocol === 'data:') return null;
  return userError(
    'image-fetch-failed',
    `Images at ${protocol} addresses can only be read by the page that shows them.`,
    'Right-click the image on its page and ask from there.',
  );
}

export interface ResponseFacts {
  status: number;
  /** The request was redirected on its way (e.g. to a sign-in page). */
  redirected: boolean;
  contentType: string | null;
  /** What the first bytes are, from sniffImageKind; null when not an image. */
  kind: ImageKind | null;
}

/**
 * The problem with a finished response, judged by its status and its bytes (never by Content-Type alone); null
 * when it is an image.
 */
export function responseProblem(facts: ResponseFacts): UserError | null {
  const problem = statusProblem(facts.status);
  if (problem) return problem;
  if (facts.kind) return null;
  // Sites that guard images often answer with a redirect to their sign-in page rather than 401/403.
  const type = facts.contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (facts.redirected && type === 'text/html') {
    return userError(
      'image-needs-login',
      'The site sent a web page instead of the image, probably its sign-in page.',
      'Sign in to the site in this browser, then try again.',
    );
  }
  return notAnImage(facts.contentType);
}

export function undecodable(): UserError {
  return userError(
    'image-decode-failed',
    "The image's data is damaged, so it can't be read.",
    'Try another image.',
  );
}
