/**
 * Before a model loads from the hub: which of its files are still in Cache Storage (a browser under storage
 * pressure, or a person clearing site data, may have evicted some, and those are fetched again rather than the
 * model loading half), and whether the missing ones fit in the space left. Also how model files are fetched:
 * resumably, with the stall limit, their partial bytes kept between attempts.
 */

import { cachePartialStore, missingFromCache, storageRoom } from '../../platform/partial-downloads';
import { TRANSFORMERS_CACHE_NAME } from './cache-keys';
import { resumableFetch } from './resumable-download';
import { spaceProblem } from './storage-check';

/** The URL transformers.js fetches (and caches under) for a file of a model on `host`. */
export function hubFileUrl(host: string, modelId: string, revision: string, path: string): string {
  return `${host.replace(/\/+$/, '')}/${modelId}/resolve/${encodeURIComponent(revision)}/${path}`;
}

export interface PreparedDownload {
  /** Repo paths of the expected files already in the cache. */
  cached: string[];
  /** Bytes still to download. */
  missingBytes: number;
}

/** Throws the storage-full UserError when the missing files don't fit. */
export async function prepareDownload(
  model: { id: string; label: string; revision: string },
  files: readonly { path: string; bytes: number }[],
  host: string,
): Promise<PreparedDownload> {
  const urls = files.map((f) => hubFileUrl(host, model.id, model.revision, f.path));
  const missing = new Set(await missingFromCache(TRANSFORMERS_CACHE_NAME, urls));
  const cached = files.filter((_, i) => !missing.has(urls[i] as string)).map((f) => f.path);
  const missingBytes = files.reduce((sum, f, i) => sum + (missing.has(urls[i] as string) ? f.bytes : 0), 0);
  const problem = spaceProblem(model.label, missingBytes, missingBytes > 0 ? await storageRoom() : null);
  if (problem) throw problem;
  return { cached, missingBytes };
}

/**
 * transformers.js's `env.fetch` for model files: resumable, limited on progress, never the HTTP cache. `stop` ends
 * every transfer of the load it belongs to (transformers.js takes no signal of its own): what arrived is kept for
 * the next attempt, and the load fails at once instead of downloading on after the person pressed Stop.
 */
export function modelFileFetch(
  stallMs: number,
  stop?: AbortSignal,
): (input: string | URL, init?: RequestInit) => Promise<Response> {
  const store = typeof caches === 'undefined' ? undefined : cachePartialStore();
  return (input, init) => {
    const signal = stop && init?.signal ? AbortSignal.any([stop, init.signal]) : (stop ?? init?.signal);
    return resumableFetch(
      String(input),
      { ...init, cache: 'no-store', ...(signal ? { signal } : {}) },
      { stallMs, store },
    );
  };
}
