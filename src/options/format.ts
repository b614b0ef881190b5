/** Display helpers for the options page: numbers and times as people read them. */
import { decimalSize } from '../ui/format';

export { formatBytes } from '../verdicts/feed';

/** Model and storage sizes in decimal units, as the hub, the catalog and the side panel state them. */
export const formatSize = decimalSize;

export function formatMs(ms: number | null): string {
  if (ms === null) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

export function formatRate(tokensPerSecond: number | null): string {
  return tokensPerSecond === null ? '—' : `${tokensPerSecond.toFixed(1)} tok/s`;
}

export function formatWhen(epochMs: number | null, now = Date.now()): string {
  if (epochMs === null) return 'never';
  const seconds = Math.round((now - epochMs) / 1000);
  if (seconds < 45) return 'just now';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h ago`;
  return new Date(epochMs).toLocaleString();
}

/** What failed, in a few words, for a request that ended in error (the Performance log's Outcome column). */
const FAILURES: Record<string, string> = {
  'hub-unreachable': 'model host unreachable',
  'model-file-missing': 'a model file is missing',
  'model-file-corrupt': 'a model file is damaged',
  'model-load-failed': 'the model did not load',
  'model-too-large': 'the model did not fit in memory',
  'webgpu-unavailable': 'no WebGPU',
  'gpu-lost': 'the graphics card was lost',
  'worker-died': 'the model’s worker stopped',
  'generation-failed': 'the answer failed',
  'download-stalled': 'a download stalled',
  'image-fetch-failed': 'the image could not be fetched',
  'image-unreachable': 'the image’s site did not answer',
  'image-needs-access': 'the image’s site needs permission',
  'image-not-found': 'the image was not found',
  'image-needs-login': 'the image needs a login',
  'image-not-image': 'not an image',
  'image-decode-failed': 'the image could not be decoded',
  'image-too-small': 'the image is too small',
  'image-too-large': 'the image is too large',
  'storage-full': 'not enough storage',
  'cache-unavailable': 'no storage for model files',
};

export function failureText(errorCode: string | undefined): string {
  const what = errorCode ? FAILURES[errorCode] : undefined;
  return what ? `Failed: ${what}` : 'Failed';
}
