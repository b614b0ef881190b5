/**
 * transformers.js caches each downloaded file in Cache Storage under its hub URL:
 * `<host>/<owner>/<name>/resolve/<revision>/<file>`. These pure helpers read a model id back out of such a URL, so
 * the options page can group cached files per model without knowing which host served them.
 */
import { parseHubFileUrl } from './hub-url';

export const TRANSFORMERS_CACHE_NAME = 'transformers-cache';

export type CachedFileRef = NonNullable<ReturnType<typeof parseHubFileUrl>>;

/** A cached file's model, revision and repo path, read from its hub URL (see file-source); null if it isn't one. */
export function parseModelCacheUrl(url: string): CachedFileRef | null {
  return parseHubFileUrl(url);
}

export interface CachedModelSummary {
  modelId: string;
  files: number;
  bytes: number;
}

/** Groups cached files (url + size) by model id; files that are not model files (e.g. runtime .wasm) are skipped. */
export function summarizeCachedModels(
  entries: readonly { url: string; bytes: number }[],
): CachedModelSummary[] {
  const byModel = new Map<string, CachedModelSummary>();
  for (const entry of entries) {
    const ref = parseModelCacheUrl(entry.url);
    if (!ref) continue;
    const summary = byModel.get(ref.modelId) ?? { modelId: ref.modelId, files: 0, bytes: 0 };
    summary.files += 1;
    summary.bytes += entry.bytes;
    byModel.set(ref.modelId, summary);
  }
  return [...byModel.values()].sort((a, b) => a.modelId.localeCompare(b.modelId));
}

export interface PartialDownloadSummary {
  modelId: string;
  files: number;
  /** Bytes kept so far, and the files' whole size. */
  bytes: number;
  total: number;
}

/** Groups unfinished downloads (a file's url, bytes kept, whole size) by model id; non-model urls are skipped. */
export function summarizePartialDownloads(
  entries: readonly { url: string; bytes: number; total: number }[],
): PartialDownloadSummary[] {
  const byModel = new Map<string, PartialDownloadSummary>();
  for (const entry of entries) {
    const ref = parseModelCacheUrl(entry.url);
    if (!ref || entry.bytes <= 0) continue;
    const summary = byModel.get(ref.modelId) ?? { modelId: ref.modelId, files: 0, bytes: 0, total: 0 };
    summary.files += 1;
    summary.bytes += entry.bytes;
    summary.total += entry.total;
    byModel.set(ref.modelId, summary);
  }
  return [...byModel.values()].sort((a, b) => a.modelId.localeCompare(b.modelId));
}
