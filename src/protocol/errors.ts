/**
 * Errors cross every boundary as plain values so that any UI can show them:
 * a stable code for logic and tests, a sentence for people, and what to do next.
 */
export type ErrorCode =
  | 'hub-unreachable'
  | 'model-file-missing'
  | 'model-file-corrupt'
  | 'model-load-failed'
  /** A model can't be deleted while it answers a request. */
  | 'model-in-use'
  | 'webgpu-unavailable'
  | 'worker-died'
  | 'generation-failed'
  | 'cancelled'
  /** A server stopped sending (no bytes for the stall limit): an image, a model file or the feed. */
  | 'download-stalled'
  /** A download still going when its overall deadline came (settings' downloadDeadlineSeconds): an image or the feed. */
  | 'download-too-slow'
  | 'image-fetch-failed'
  /** No answer from the image's site: the network, or a site that shares its images with no other site. */
  | 'image-unreachable'
  /** The image's site shares nothing with extensions, and the person hasn't allowed Verdict Lens to read it. */
  | 'image-needs-access'
  /** The image is on this device or the local network, and the page that named it isn't. */
  | 'image-private-address'
  /** The image's header doesn't say its size within the bytes read, so it isn't decoded (it could be a bomb). */
  | 'image-size-unreadable'
  | 'image-not-found'
  | 'image-needs-login'
  | 'image-not-image'
  | 'image-decode-failed'
  | 'image-too-small'
  | 'image-too-large'
  /** The image is on a page no extension may read (the browser's own pages, another extension's, the store). */
  | 'page-unreadable'
  | 'feed-unreachable'
  | 'feed-invalid'
  | 'feed-too-large'
  | 'feed-not-json'
  | 'cache-unavailable'
  /** Too little storage left for the model's files (sizes in the message). */
  | 'storage-full'
  /** The model's sessions don't fit in the memory the browser gives (needs and a smaller model in the message). */
  | 'model-too-large'
  /** The WebGPU device was lost (driver reset, memory pressure) while the model was loaded. */
  | 'gpu-lost'
  | 'bad-message'
  | 'internal';

export interface UserError {
  code: ErrorCode;
  /** One sentence a person understands. */
  message: string;
  /** What the person can do about it, when there is something. */
  action?: string;
}

export function userError(code: ErrorCode, message: string, action?: string): UserError {
  return action === undefined ? { code, message } : { code, message, action };
}

/** True for a UserError value (errors cross boundaries as plain objects, so check the shape). */
export function isUserError(value: unknown): value is UserError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<UserError>;
  return typeof v.code === 'string' && typeof v.message === 'string' && !(value instanceof Error);
}

/**
 * Failures that trying again can mend: the network, a stalled or cut transfer, an engine that restarts on its own,
 * room freed on the disk. Every other failure repeats (a missing or damaged image, a model too large for the
 * device): offering Retry for those offers an action that can't work.
 */
const TRANSIENT: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'hub-unreachable',
  'download-stalled',
  'model-file-corrupt',
  'model-load-failed',
  'model-in-use',
  'worker-died',
  'generation-failed',
  'image-fetch-failed',
  'image-unreachable',
  'feed-unreachable',
  'cache-unavailable',
  'storage-full',
  'gpu-lost',
  'internal',
]);

/** Whether the same request may succeed if tried again (so a Retry is worth offering). */
export function isTransient(error: UserError): boolean {
  return TRANSIENT.has(error.code);
}

/** Whether the picture itself is the problem (missing, damaged, too small or large, not an image): pick another. */
export function isImageProblem(error: UserError): boolean {
  return error.code.startsWith('image-') && !isTransient(error);
}
