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
  if (ftypBrands(bytes).some((brand) => brand === 'avif' || brand === 'avis')) return 'avif';
  if (ascii(bytes, 0, 2) === 'BM') return 'bmp';
  if (startsWith(bytes, [0, 0, 1, 0])) return 'ico';
  // SVG is text: XML declaration, comments or a doctype may come first (the decoder drops a BOM).
  const text = new TextDecoder().decode(bytes.subarray(0, 4096)).trimStart().toLowerCase();
  if (text.startsWith('<svg')) return 'svg';
  if (/^<(\?xml|!--|!doctype svg)/.test(text) && /<svg[\s>]/.test(text)) return 'svg';
  return null;
}

/** The major and compatible brands of an ISO media file (AVIF, HEIC); empty when it isn't one. */
function ftypBrands(bytes: Uint8Array): string[] {
  if (ascii(bytes, 4, 8) !== 'ftyp') return [];
  const size = Math.min(
    bytes.length,
    ((bytes[0] ?? 0) << 24) | ((bytes[1] ?? 0) << 16) | ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0),
  );
  const brands = [ascii(bytes, 8, 12)];
  for (let at = 16; at + 4 <= size; at += 4) brands.push(ascii(bytes, at, at + 4));
  return brands;
}

/** Image formats browsers can't open, named so the message can say which; null for anything else. */
export function unsupportedImageFormat(bytes: Uint8Array): string | null {
  if (ascii(bytes, 0, 4) === 'II*\0' || ascii(bytes, 0, 4) === 'MM\0*') return 'TIFF';
  if (ftypBrands(bytes).some((brand) => /^(heic|heix|hevc|hevx|heim|heis|mif1|msf1)$/.test(brand)))
    return 'HEIC';
  if (startsWith(bytes, [0xff, 0x0a]) || ascii(bytes, 4, 8) === 'JXL ') return 'JPEG XL';
  if (ascii(bytes, 0, 4) === '8BPS') return 'Photoshop';
  return null;
}

/** What a response that isn't an image looks like, for the message. */
function looksLike(bytes: Uint8Array): string | null {
  const text = new TextDecoder().decode(bytes.subarray(0, 1024)).trimStart().toLowerCase();
  if (/^<(!doctype html|html|head|body|!--)/.test(text)) return 'a web page';
  if (/^[{[]/.test(text)) return 'JSON data';
  if (ascii(bytes, 0, 5) === '%PDF-') return 'a PDF document';
  return null;
}

/** The error for a response or blob whose bytes aren't an image the browser can open. */
export function notAnImage(contentType: string | null, head: Uint8Array = new Uint8Array()): UserError {
  const format = unsupportedImageFormat(head);
  if (format) {
    return userError(
      'image-decode-failed',
      `This is a ${format} image, a format the browser can't open.`,
      'Try a copy of the image as JPEG, PNG or WebP.',
    );
  }
  const type = contentType?.split(';')[0]?.trim().toLowerCase() || null;
  const seen = looksLike(head);
  const claimsImage = type?.startsWith('image/') ?? false;
  const what = seen ?? (type && !claimsImage ? `a file of type ${type}` : 'something else');
  return userError(
    'image-not-image',
    claimsImage
      ? `The address says it's an image, but it sent ${what} (often an error or sign-in page).`
      : `That address gave ${what} instead of an image.`,
    'Try another image.',
  );
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

/** Over the byte cap: `bytes` is the declared size, or null when the download was stopped at the cap. */
export function tooLarge(bytes: number | null): UserError {
  const mb = (n: number) =>
    `${(n / (1024 * 1024)).toFixed(n < 100 * 1024 * 1024 ? 1 : 0).replace(/\.0$/, '')} MB`;
  const limit = mb(INTAKE_LIMITS.maxBytes);
  return userError(
    'image-too-large',
    bytes === null
      ? `The image is larger than the ${limit} limit, so it wasn't downloaded.`
      : `The image is ${mb(bytes)}, over the ${limit} limit.`,
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

const KIND_NAMES: Record<ImageKind, string> = {
  png: 'PNG',
  jpeg: 'JPEG',
  gif: 'GIF',
  webp: 'WebP',
  avif: 'AVIF',
  bmp: 'BMP',
  ico: 'icon',
  svg: 'SVG',
};

/**
 * The header read before decoding (`headerBytes` of it) doesn't give the size: decoding it blind could take
 * gigabytes (a small file can say 30000×30000 past the point we look).
 */
export function sizeUnreadable(kind: ImageKind, headerBytes: number): UserError {
  return userError(
    'image-size-unreadable',
    `This ${KIND_NAMES[kind]} image doesn't give its size in its first ${Math.round(headerBytes / 1024)} KB, so it wasn't opened: an image that hides its size could take gigabytes of memory once decoded.`,
    'Try another copy of the image, such as a screenshot of it.',
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
  /** The first bytes, to say what came instead when it isn't an image. */
  head?: Uint8Array;
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
  return notAnImage(facts.contentType, facts.head);
}

export function undecodable(): UserError {
  return userError(
    'image-decode-failed',
    "The image's data is damaged, so it can't be read.",
    'Try another image.',
  );
}
