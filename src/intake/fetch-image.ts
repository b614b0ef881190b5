/**
 * Fetches the exact image a person pointed at, for the model. Runs in an extension document, whose host
 * permission lets it read images from any origin (a page's canvas would be tainted). Sends the person's cookies
 * for that site, as the page itself did, so images behind a login they have work too.
 */
import {
  DEFAULT_STALL_MS,
  fetchWithStallLimit,
  readWithStallLimit,
  StallError,
  secondsText,
  siteOf,
} from '../network/progress-watchdog';
import { type UserError, userError } from '../protocol/errors';
import type { ImageInput } from '../protocol/messages';
import { responseProblem, sniffImageKind, statusProblem, tooLarge, urlProblem } from './classify';
import { IntakeError } from './intake-error';
import { INTAKE_LIMITS } from './limits';
import { normaliseImageBlob } from './normalise-image';

/**
 * Reads the body, giving up as soon as it passes the byte cap (Content-Length may be missing or wrong) or the
 * server goes quiet for `stallMs`.
 */
async function readCapped(
  response: Response,
  url: string,
  stallMs: number,
  signal?: AbortSignal,
): Promise<Blob> {
  const type = response.headers.get('content-type') ?? '';
  if (!response.body) return new Blob([], { type });
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let total = 0;
  for await (const value of readWithStallLimit(response.body, url, stallMs, signal)) {
    total += value.byteLength;
    if (total > INTAKE_LIMITS.maxBytes) throw new IntakeError(tooLarge(null));
    chunks.push(value as Uint8Array<ArrayBuffer>);
  }
  return new Blob(chunks, { type });
}

/** The message for an image host that stopped sending. */
export function imageStalled(error: StallError): UserError {
  const seconds = secondsText(error.stallMs);
  return userError(
    'download-stalled',
    error.phase === 'headers'
      ? `The image host ${siteOf(error.url)} didn't answer for ${seconds}, so the image was given up on.`
      : `The image host ${siteOf(error.url)} stopped sending the image (nothing arrived for ${seconds}).`,
    'Try again later, or ask about another image.',
  );
}

export async function fetchImageForModel(
  url: string,
  signal?: AbortSignal,
  stallMs: number = DEFAULT_STALL_MS,
): Promise<ImageInput> {
  signal?.throwIfAborted();
  const badUrl = urlProblem(url);
  if (badUrl) throw new IntakeError(badUrl);
  let response: Response;
  try {
    response = await fetchWithStallLimit(url, { signal, credentials: 'include' }, stallMs);
  } catch (error) {
    if (signal?.aborted) throw error;
    if (error instanceof StallError) throw new IntakeError(imageStalled(error));
    throw new IntakeError(
      userError(
        'image-fetch-failed',
        "The image couldn't be downloaded (the site didn't answer).",
        'Check your connection and try again.',
      ),
    );
  }
  const statusError = statusProblem(response.status);
  const declared = Number(response.headers.get('content-length'));
  const refusal =
    statusError ??
    (Number.isFinite(declared) && declared > INTAKE_LIMITS.maxBytes ? tooLarge(declared) : null);
  if (refusal) {
    await response.body?.cancel().catch(() => undefined);
    throw new IntakeError(refusal);
  }
  let blob: Blob;
  try {
    blob = await readCapped(response, url, stallMs, signal);
  } catch (error) {
    if (error instanceof IntakeError || signal?.aborted) throw error;
    if (error instanceof StallError) throw new IntakeError(imageStalled(error));
    throw new IntakeError(
      userError('image-fetch-failed', 'The download of the image was cut off.', 'Try again.'),
    );
  }
  const head = new Uint8Array(await blob.slice(0, 4096).arrayBuffer());
  const problem = responseProblem({
    status: response.status,
    redirected: response.redirected,
    contentType: response.headers.get('content-type'),
    kind: sniffImageKind(head),
    head,
  });
  if (problem) throw new IntakeError(problem);
  return normaliseImageBlob(blob, signal);
}
