/**
 * Turns whatever loading a model threw (fetch failures, transformers.js's hub errors, onnxruntime's session errors)
 * into a UserError a person can act on. Pure: the engine passes in what it knew at the time (the file in flight).
 */
import { downloadStalled } from '../network/download-errors';
import { StallError, siteOf } from '../network/progress-watchdog';
import { isUserError, type UserError, userError } from '../protocol/errors';
import { parseHubFileUrl } from './model-files/hub-url';
import { DownloadCutError } from './model-files/resumable-download';
import { formatSize } from './model-files/storage-check';

export interface LoadContext {
  /** Where model files come from, e.g. https://huggingface.co/ */
  host: string;
  /** Files still downloading when it failed (files download in parallel), with the bytes that had arrived. */
  inFlight: ReadonlyMap<string, number>;
  /** The model being loaded, for a message that says what it needs when it doesn't fit. */
  model?: { label: string; minDeviceMemoryGb: number; downloadBytes: number };
  /** The next smaller model a person could choose instead; null when this is the smallest. */
  smaller?: { label: string; minDeviceMemoryGb: number } | null;
}

const NETWORK_FAILURE =
  /failed to fetch|networkerror|network error|load failed|err_connection|err_content_length/i;
const NOT_FOUND = /could not locate file|status[: ]+404|\b404\b/i;
const REFUSED = /unauthorized access|forbidden access|\b40[13]\b/i;
/** What onnxruntime (WASM heap, WebGPU buffers) and the JS engine say when an allocation fails. */
const OUT_OF_MEMORY =
  /out of memory|failed to allocate|bad_alloc|allocation failed|could not allocate|cannot allocate|memory access out of bounds|maximum memory size|array buffer allocation/i;
/** Whether a runtime's message says an allocation failed (the WASM heap or the GPU ran out of memory). */
export function isOutOfMemory(message: string): boolean {
  return OUT_OF_MEMORY.test(message);
}
const SESSION_FAILURE = /protobuf|can't create a session|failed to load model|invalid model|onnx/i;

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : JSON.stringify(error);
}

/** The repo path of the file a hub URL in an error message names, e.g. onnx/decoder_model_merged_q4.onnx. */
function fileNamedIn(message: string): string | null {
  const url = /"(https?:\/\/[^"]+)"/.exec(message)?.[1];
  if (!url) return null;
  return parseHubFileUrl(url)?.file ?? null;
}

/** The repo path of a hub file URL, e.g. onnx/decoder_model_merged_q4.onnx. */
function repoPath(url: string): string {
  return parseHubFileUrl(url)?.file ?? url;
}

/** A model file download that stopped (stalled or cut) even after trying to resume it. */
function downloadStopped(error: DownloadCutError | StallError): UserError {
  const stall = error instanceof StallError ? error : error.cause instanceof StallError ? error.cause : null;
  const file = repoPath(error.url);
  const site = siteOf(error.url);
  const kept =
    error instanceof DownloadCutError && error.resumable && error.received > 0
      ? ` ${formatSize(error.received)} of ${formatSize(error.total)} is kept.`
      : '';
  const action =
    error instanceof DownloadCutError && !error.resumable
      ? "Try again: this host can't resume downloads, so the file starts over."
      : 'Try again: the download picks up where it stopped.';
  if (stall) {
    // A resume that stalled on its headers still cut a body that had been coming.
    const phase = error instanceof DownloadCutError ? 'body' : stall.phase;
    return downloadStalled(new StallError(error.url, stall.stallMs, phase), {
      source: 'model host',
      thing: file,
      unanswered: ` when asked for ${file}`,
      kept,
      action,
    });
  }
  return userError('model-file-corrupt', `The download of ${file} from ${site} was cut off.${kept}`, action);
}

export function describeLoadError(error: unknown, context: LoadContext): UserError {
  if (isUserError(error)) return error;
  if (error instanceof DownloadCutError || error instanceof StallError) return downloadStopped(error);
  const carried = (error as { cause?: unknown } | null)?.cause;
  if (carried instanceof DownloadCutError || carried instanceof StallError) return downloadStopped(carried);
  const message = messageOf(error);
  if (NOT_FOUND.test(message)) {
    const file = fileNamedIn(message) ?? [...context.inFlight.keys()][0] ?? 'a model file';
    return userError(
      'model-file-missing',
      `The model host has no ${file} for this model (404).`,
      'Choose another model in Options, or try again later.',
    );
  }
  if (REFUSED.test(message)) {
    return userError(
      'hub-unreachable',
      'The model host refused to send the model files.',
      "Choose another model in Options: Verdict Lens can't download models that need a login.",
    );
  }
  if (NETWORK_FAILURE.test(message) || error instanceof TypeError) {
    const cut = [...context.inFlight].find(([, loaded]) => loaded > 0)?.[0];
    if (cut) {
      return userError(
        'model-file-corrupt',
        `The download of ${cut} was cut off before it finished.`,
        'Try again: the download starts over, and nothing broken was kept.',
      );
    }
    return userError(
      'hub-unreachable',
      `Can't reach the model host (${hostName(context.host)}).`,
      'Check your connection and try again.',
    );
  }
  if (OUT_OF_MEMORY.test(message) || error instanceof RangeError) return tooLarge(context);
  if (SESSION_FAILURE.test(message)) {
    return userError(
      'model-file-corrupt',
      'A model file is damaged, so the model could not start.',
      'Delete the cached model in Options and try again.',
    );
  }
  return userError(
    'model-load-failed',
    'The model could not start in this browser.',
    'Try again; if it keeps failing, choose another model or backend in Options.',
  );
}

/**
 * A load that ended in failure, as the person reads it; the runtime's own words (a stack, a C++ assertion), which
 * help a developer and not a person, go to the console once here.
 */
export function loadFailure(error: unknown, context: LoadContext): UserError {
  const described = describeLoadError(error, context);
  if (!isUserError(error)) console.warn(`Model load failed (${described.code}):`, shorten(messageOf(error)));
  return described;
}

/**
 * Whether another backend could succeed where one failed to load: not when the files can't be had (the host, a
 * missing file, a stall, no room), nor while other files were still downloading (the failure is likely the
 * network's). Running out of memory always may: a GPU's memory isn't the CPU's, and WASM needs less.
 */
export function backendMayHelp(error: UserError, filesInFlight: number): boolean {
  if (error.code === 'model-too-large') return true;
  const unobtainable: readonly string[] = [
    'hub-unreachable',
    'model-file-missing',
    'download-stalled',
    'storage-full',
  ];
  return !unobtainable.includes(error.code) && filesInFlight === 0;
}

/** The model's sessions didn't fit in the memory the browser could give: what it needs, and what to choose. */
function tooLarge(context: LoadContext): UserError {
  const model = context.model;
  const needs = model
    ? `${model.label} needs about ${model.minDeviceMemoryGb} GB of memory (its files alone are ${formatSize(model.downloadBytes)}), more than this browser could give it.`
    : 'The model needs more memory than this browser could give it.';
  const smaller = context.smaller;
  return userError(
    'model-too-large',
    needs,
    smaller
      ? `Choose ${smaller.label} in Options (about ${smaller.minDeviceMemoryGb} GB), or close other tabs and try again.`
      : 'Close other tabs and apps, then try again.',
  );
}

export function describeGenerationError(error: unknown): UserError {
  if (isUserError(error)) return error;
  console.warn('Generation failed:', shorten(messageOf(error)));
  return userError(
    'generation-failed',
    'The model stopped before it could finish the answer.',
    'Try again, or choose WASM as the backend in Options.',
  );
}

function hostName(host: string): string {
  try {
    return new URL(host).host;
  } catch {
    return host;
  }
}

function shorten(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.length > 160 ? `${line.slice(0, 157)}…` : line;
}
