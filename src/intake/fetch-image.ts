/**
 * Fetches the exact image a person pointed at, for the model. Runs in an extension document, whose host access
 * lets it read images from other origins (a page's canvas would be tainted). It asks only as the page itself could
 * (see request-policy): the person's cookies go only to the page's own site, and a public page can't point it at
 * this device or the local network.
 */
import { DeadlineError, fetchCapped, TooLargeError } from '../network/capped-read';
import { type DownloadWording, downloadStalled, downloadTooSlow } from '../network/download-errors';
import { DEFAULT_STALL_MS, StallError } from '../network/progress-watchdog';
import { userError } from '../protocol/errors';
import type { ImageInput } from '../protocol/messages';
import { responseProblem, sniffImageKind, statusProblem, tooLarge, urlProblem } from './classify';
import { IntakeError } from './intake-error';
import { INTAKE_LIMITS } from './limits';
import { normaliseImageBlob } from './normalise-image';
import { imageRequestPlan } from './request-policy';

/** How long a whole image download may take when no setting says otherwise. */
export const DEFAULT_IMAGE_DEADLINE_MS = 120_000;

export interface ImageFetchOptions {
  /** The tab's page that showed the image, as the browser reported it (decides cookies and private addresses). */
  pageUrl?: string | undefined;
  /** Milliseconds without a byte before the host is given up on. */
  stallMs?: number | undefined;
  /** Milliseconds the whole download may take. */
  deadlineMs?: number | undefined;
}

const WORDING: DownloadWording = {
  source: 'image host',
  thing: 'the image',
  unanswered: ', so the image was given up on',
  action: 'Try again later, or ask about another image.',
};

/** The person's message for a download that failed on its way: a limit, or the network. */
function failedDownload(error: unknown, headers: boolean): IntakeError {
  if (error instanceof StallError) return new IntakeError(downloadStalled(error, WORDING));
  if (error instanceof DeadlineError) return new IntakeError(downloadTooSlow(error, WORDING));
  if (error instanceof TooLargeError) return new IntakeError(tooLarge(error.declared));
  return new IntakeError(
    headers
      ? userError(
          'image-unreachable',
          "The image couldn't be downloaded (the site didn't answer).",
          'Check your connection and try again.',
        )
      : userError('image-fetch-failed', 'The download of the image was cut off.', 'Try again.'),
  );
}

export async function fetchImageForModel(
  url: string,
  signal?: AbortSignal,
  options: ImageFetchOptions = {},
): Promise<ImageInput> {
  signal?.throwIfAborted();
  const badUrl = urlProblem(url);
  if (badUrl) throw new IntakeError(badUrl);
  const plan = imageRequestPlan(url, options.pageUrl);
  if (!plan.ok) throw new IntakeError(plan.error);
  const limits = {
    stallMs: options.stallMs ?? DEFAULT_STALL_MS,
    deadlineMs: options.deadlineMs ?? DEFAULT_IMAGE_DEADLINE_MS,
    maxBytes: INTAKE_LIMITS.maxBytes,
  };
  let download: Awaited<ReturnType<typeof fetchCapped>>;
  try {
    download = await fetchCapped(url, { signal, credentials: plan.credentials }, limits);
  } catch (error) {
    if (signal?.aborted) throw error;
    throw failedDownload(error, true);
  }
  const { response } = download;
  // A redirect may have led somewhere the page couldn't send us: what came from there is not read.
  const landed = response.url ? imageRequestPlan(response.url, options.pageUrl) : plan;
  const refusal = !landed.ok ? landed.error : statusProblem(response.status);
  if (refusal) {
    await download.discard();
    throw new IntakeError(refusal);
  }
  let bytes: Uint8Array;
  try {
    bytes = await download.bytes();
  } catch (error) {
    if (signal?.aborted) throw error;
    throw failedDownload(error, false);
  }
  const head = bytes.subarray(0, 4096);
  const problem = responseProblem({
    status: response.status,
    redirected: response.redirected,
    contentType: response.headers.get('content-type'),
    kind: sniffImageKind(head),
    head,
  });
  if (problem) throw new IntakeError(problem);
  const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], {
    type: response.headers.get('content-type') ?? '',
  });
  return normaliseImageBlob(blob, signal);
}
