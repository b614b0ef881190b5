/**
 * Inline images (data:, blob: or page-normalised, sent with the request) at the engine's boundary. Any client can
 * send one, so they get the checks a downloaded image gets, with the same messages: the byte cap, the format sniff,
 * the size read from the header before any decoding (a 144-megapixel image is refused unread), and a real decode,
 * so damaged bytes are named as a damaged image and never reach the model as a model failure.
 */
import { userError } from '../protocol/errors';
import type { ImageInput } from '../protocol/messages';
import { tooLarge } from './classify';
import { IntakeError } from './intake-error';
import { INTAKE_LIMITS } from './limits';
import { normaliseImageBlob } from './normalise-image';

/** base64 grows bytes by 4/3: anything longer than this can't hold an image under the byte cap. */
const MAX_DATA_URL_CHARS = Math.ceil((INTAKE_LIMITS.maxBytes * 4) / 3) + 1024;

function notADataUrl(): IntakeError {
  return new IntakeError(
    userError('image-decode-failed', "The image sent with the question can't be read.", 'Try another image.'),
  );
}

/** Decodes a data: URL's bytes without fetch (the caller's URL is never requested). */
export function dataUrlBytes(dataUrl: string): { bytes: Uint8Array<ArrayBuffer>; type: string } {
  const comma = dataUrl.indexOf(',');
  const header = comma > 5 ? dataUrl.slice(5, comma) : null;
  if (!dataUrl.startsWith('data:') || header === null) throw notADataUrl();
  if (dataUrl.length > MAX_DATA_URL_CHARS) throw new IntakeError(tooLarge(null));
  const type = header.split(';')[0] ?? '';
  const payload = dataUrl.slice(comma + 1);
  try {
    if (header.endsWith(';base64')) {
      const binary = atob(payload);
      const bytes = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
      return { bytes, type };
    }
    return { bytes: new TextEncoder().encode(decodeURIComponent(payload)), type };
  } catch {
    throw notADataUrl();
  }
}

/** Checks and normalises an inline image as intake would a downloaded one; throws IntakeError with the message. */
export async function verifyInlineImage(image: ImageInput, signal?: AbortSignal): Promise<ImageInput> {
  const { bytes, type } = dataUrlBytes(image.dataUrl);
  return normaliseImageBlob(new Blob([bytes], { type }), signal);
}
