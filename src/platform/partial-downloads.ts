/**
 * The bytes of unfinished model downloads, in Cache Storage beside transformers.js's own cache (it survives a
 * reload of the worker or the browser). Each file is kept as numbered parts plus a small index saying which
 * version (ETag, total size) they belong to, so appending never rewrites what is already stored.
 */
import type { FileIdentity, PartialFile, PartialStore } from '../protocol/partial-downloads';

export const PARTIAL_CACHE_NAME = 'verdict-lens-partial-downloads';

interface PartIndex extends FileIdentity {
  parts: number[];
}

const key = (url: string, part: string) => {
  const u = new URL(url);
  u.searchParams.set('verdict-lens-part', part);
  return u.href;
};

async function readIndex(cache: Cache, url: string): Promise<PartIndex | null> {
  const response = await cache.match(key(url, 'index'));
  if (!response) return null;
  try {
    const index = (await response.json()) as PartIndex;
    return typeof index.etag === 'string' && Array.isArray(index.parts) ? index : null;
  } catch {
    return null;
  }
}

async function clearIn(cache: Cache, url: string, index: PartIndex | null): Promise<void> {
  await cache.delete(key(url, 'index'));
  for (let i = 0; i < (index?.parts.length ?? 0); i++) await cache.delete(key(url, String(i)));
}

export function cachePartialStore(): PartialStore {
  const open = () => caches.open(PARTIAL_CACHE_NAME);
  return {
    async load(url): Promise<PartialFile | null> {
      const cache = await open();
      const index = await readIndex(cache, url);
      if (!index) return null;
      const chunks: Uint8Array[] = [];
      for (let i = 0; i < index.parts.length; i++) {
        const part = await cache.match(key(url, String(i)));
        const bytes = part ? new Uint8Array(await part.arrayBuffer()) : null;
        // A part evicted or cut short: the rest can't be trusted to line up, so start afresh.
        if (!bytes || bytes.byteLength !== index.parts[i]) {
          await clearIn(cache, url, index);
          return null;
        }
        chunks.push(bytes);
      }
      const bytes = index.parts.reduce((sum, n) => sum + n, 0);
      return { etag: index.etag, total: index.total, chunks, bytes };
    },
    async append(url, identity, bytes) {
      const cache = await open();
      let index = await readIndex(cache, url);
      if (index && (index.etag !== identity.etag || index.total !== identity.total)) {
        await clearIn(cache, url, index);
        index = null;
      }
      const next: PartIndex = { ...identity, parts: [...(index?.parts ?? []), bytes.byteLength] };
      await cache.put(
        key(url, String(next.parts.length - 1)),
        new Response(bytes as Uint8Array<ArrayBuffer>),
      );
      await cache.put(key(url, 'index'), new Response(JSON.stringify(next)));
    },
    async clear(url) {
      const cache = await open();
      await clearIn(cache, url, await readIndex(cache, url));
    },
  };
}

/** The unfinished downloads kept on this device, a file each: its url, the bytes kept and its whole size. */
export async function listPartialFiles(): Promise<{ url: string; bytes: number; total: number }[]> {
  if (typeof caches === 'undefined' || !(await caches.has(PARTIAL_CACHE_NAME))) return [];
  const cache = await caches.open(PARTIAL_CACHE_NAME);
  const entries: { url: string; bytes: number; total: number }[] = [];
  for (const request of await cache.keys()) {
    const url = new URL(request.url);
    if (url.searchParams.get('verdict-lens-part') !== 'index') continue;
    url.searchParams.delete('verdict-lens-part');
    const index = await readIndex(cache, url.href);
    if (index)
      entries.push({ url: url.href, bytes: index.parts.reduce((a, n) => a + n, 0), total: index.total });
  }
  return entries;
}

/** Deletes every kept part whose file `belongs` says so (the caller knows which files are a model's). */
export async function deletePartialFiles(belongs: (url: string) => boolean): Promise<number> {
  if (typeof caches === 'undefined' || !(await caches.has(PARTIAL_CACHE_NAME))) return 0;
  const cache = await caches.open(PARTIAL_CACHE_NAME);
  let deleted = 0;
  for (const request of await cache.keys()) {
    const url = new URL(request.url);
    url.searchParams.delete('verdict-lens-part');
    if (belongs(url.href) && (await cache.delete(request))) deleted += 1;
  }
  return deleted;
}

/** Which of `urls` are not (or no longer) in the cache named `cacheName`. */
export async function missingFromCache(cacheName: string, urls: readonly string[]): Promise<string[]> {
  if (typeof caches === 'undefined') return [...urls];
  const cache = await caches.open(cacheName);
  const missing: string[] = [];
  for (const url of urls) if (!(await cache.match(url))) missing.push(url);
  return missing;
}

/** Bytes this extension may still store, from the browser's own estimate; null when it won't say. */
export async function storageRoom(): Promise<{ usage: number; quota: number } | null> {
  if (typeof navigator === 'undefined' || !navigator.storage?.estimate) return null;
  try {
    // The answer only helps: never let a slow quota lookup hold up the download it is about.
    const estimate = await Promise.race([
      navigator.storage.estimate(),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 3_000)),
    ]);
    if (!estimate || estimate.usage === undefined || estimate.quota === undefined) return null;
    return { usage: estimate.usage, quota: estimate.quota };
  } catch {
    return null;
  }
}
