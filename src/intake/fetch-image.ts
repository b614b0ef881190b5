/**
 * Fetches the exact image a person pointed at, for the model. Runs in an extension document, whose host
 * permission lets it read images from any origin (a page's canvas would be tainted). Sends the person's cookies
 * for that site, as the page itself did, so images behind a login they have work too.
 */
import { userError } from '../protocol/errors';
import type { ImageInput } from '../protocol/messages';
import { responseProblem, sniffImageKind, statusProblem, tooLarge, urlProblem } from './classify';
import { IntakeError } from './intake-error';
import { INTAKE_LIMITS } from './limits';
import { normaliseImageBlob } from './normalise-image';

/** Reads the body, giving up as soon as it passes the byte cap (Content-Length may be missing or wrong). */
async function readCapped(response: Response, signal?: AbortSignal): Promise<Blob> {
  const type = response.headers.get('content-type') ?? '';
  if (!response.body) return new Blob([], { type });
  const reader = response.body.getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let total = 0;
  try {
    for (;;) {
      signal?.throwIfAborted();
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > INTAKE_LIMITS.maxBytes) throw new IntakeError(tooLarge(null));
      chunks.push(value as Uint8Array<ArrayBuffer>);
    }
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    throw error;
  }
  return new Blob(chunks, { type });
}

export async function fetchImageForModel(url: string, signal?: AbortSignal): Promise<ImageInput> {
  signal?.throwIfAborted();
  const badUrl = urlProblem(url);
  if (badUrl) throw new IntakeError(badUrl);
  let response: Response;
  try {
    response = await fetch(url, { signal, credentials: 'include' });
  } catch (error) {
    if (signal?.aborted) throw error;
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
    blob = await readCapped(response, signal);
  } catch (error) {
    if (error instanceof IntakeError || signal?.aborted) throw error;
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
