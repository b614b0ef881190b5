/**
 * Reading and deleting files in this extension's Cache Storage, and the storage the browser lets it use. Extension
 * pages, the offscreen document and its worker share one origin, so the options page sees the engine's cache. What
 * the files are (which model, which session) is for the caller to say: platform/ only knows caches.
 */
import type { StorageUse } from '../protocol/device-report';

export interface CachedFile {
  url: string;
  bytes: number;
}

async function sizeOf(cache: Cache, request: Request): Promise<number> {
  const response = await cache.match(request);
  if (!response) return 0;
  const declared = Number(response.headers.get('Content-Length'));
  if (Number.isFinite(declared) && declared > 0) return declared;
  return (await response.blob()).size;
}

/** Every file in the cache `cacheName` with its size; none when that cache doesn't exist yet. */
export async function listCachedFiles(cacheName: string): Promise<CachedFile[]> {
  if (!(await caches.has(cacheName))) return [];
  const cache = await caches.open(cacheName);
  const requests = await cache.keys();
  return Promise.all(requests.map(async (r) => ({ url: r.url, bytes: await sizeOf(cache, r) })));
}

/** Deletes the files of `cacheName` whose URL `shouldDelete` picks; returns how many were deleted. */
export async function deleteCachedFiles(
  cacheName: string,
  shouldDelete: (url: string) => boolean,
): Promise<number> {
  if (!(await caches.has(cacheName))) return 0;
  const cache = await caches.open(cacheName);
  let deleted = 0;
  for (const request of await cache.keys()) {
    if (shouldDelete(request.url) && (await cache.delete(request))) deleted += 1;
  }
  return deleted;
}

export async function storageUse(): Promise<StorageUse | null> {
  if (!navigator.storage?.estimate) return null;
  const { usage, quota } = await navigator.storage.estimate();
  return usage === undefined || quota === undefined ? null : { usage, quota };
}
