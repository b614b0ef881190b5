/**
 * What transformers.js has cached for each model in this extension's Cache Storage, and deleting it. Extension
 * pages, the offscreen document and its worker share one origin, so the options page sees the engine's cache.
 */
import {
  type CachedModelSummary,
  parseModelCacheUrl,
  summarizeCachedModels,
  TRANSFORMERS_CACHE_NAME,
} from '../inference/model-files/cache-keys';

async function sizeOf(cache: Cache, request: Request): Promise<number> {
  const response = await cache.match(request);
  if (!response) return 0;
  const declared = Number(response.headers.get('Content-Length'));
  if (Number.isFinite(declared) && declared > 0) return declared;
  return (await response.blob()).size;
}

export async function listCachedModels(): Promise<CachedModelSummary[]> {
  if (!(await caches.has(TRANSFORMERS_CACHE_NAME))) return [];
  const cache = await caches.open(TRANSFORMERS_CACHE_NAME);
  const requests = await cache.keys();
  const entries = await Promise.all(
    requests.map(async (r) => ({ url: r.url, bytes: await sizeOf(cache, r) })),
  );
  return summarizeCachedModels(entries);
}

/** Deletes every cached file of `modelId`; returns how many were deleted. */
export async function deleteCachedModel(modelId: string): Promise<number> {
  if (!(await caches.has(TRANSFORMERS_CACHE_NAME))) return 0;
  const cache = await caches.open(TRANSFORMERS_CACHE_NAME);
  let deleted = 0;
  for (const request of await cache.keys()) {
    if (parseModelCacheUrl(request.url)?.modelId === modelId && (await cache.delete(request))) deleted += 1;
  }
  return deleted;
}

export interface StorageUse {
  usage: number;
  quota: number;
}

export async function storageUse(): Promise<StorageUse | null> {
  if (!navigator.storage?.estimate) return null;
  const { usage, quota } = await navigator.storage.estimate();
  return usage === undefined || quota === undefined ? null : { usage, quota };
}
