/**
 * Fetches the exact image a person pointed at, for the model. Runs in an extension document, whose host
 * permission lets it read images from any origin (a page's canvas would be tainted). Sends the person's cookies
 * for that site, as the page itself did, so images behind a login they have work too.
 */
import { userError } from '../protocol/errors';
import type { ImageInput } from '../protocol/messages';
import { notAnImage, sniffImageKind, statusProblem, tooLarge } from './classify';
import { IntakeError } from './intake-error';
import { INTAKE_LIMITS } from './limits';
import { normaliseImageBlob } from './normalise-image';

async function readCapped(response: Response, signal?: AbortSignal): Promise<Blob> {
  const type = response.headers.get('content-type') ?? '';
  if (!response.body) return new Blob([], { type });
  const reader = response.body.getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > INTAKE_LIMITS.maxBytes) {
      await reader.cancel();
      throw new IntakeError(tooLarge(total));
    }
    chunks.push(value as Uint8Array<ArrayBuffer>);
    if (signal?.aborted) {
      await reader.cancel();
      throw signal.reason;
    }
  }
  return new Blob(chunks, { type });
}

export async function fetchImageForModel(url: string, signal?: AbortSignal): Promise<ImageInput> {
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
  const problem = statusProblem(response.status);
  if (problem) throw new IntakeError(problem);
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > INTAKE_LIMITS.maxBytes)
    throw new IntakeError(tooLarge(declared));
  let blob: Blob;
  try {
    blob = await readCapped(response, signal);
  } catch (error) {
    if (error instanceof IntakeError || signal?.aborted) throw error;
    throw new IntakeError(
      userError('image-fetch-failed', 'The download of the image was cut off.', 'Try again.'),
    );
  }
  const kind = sniffImageKind(new Uint8Array(await blob.slice(0, 512).arrayBuffer()));
  if (!kind) throw new IntakeError(notAnImage(response.headers.get('content-type')));
  return normaliseImageBlob(blob);
}
