/**
 * What a conversation already computed, kept for its follow-up questions: the decoder's keys and values for every
 * token the model has read or written so far (the image's tokens among them, so the vision encoder's work is in
 * there too). A follow-up's prompt starts with exactly those tokens (the same image, the earlier turns, the answer
 * the model gave), so only the new question is read; the answer is the one a fresh run would give.
 *
 * A re-templated history can differ from the tokens the model wrote (the answer's first token is read back with a
 * leading space, say): then the cache is cut back to the longest common start, which still holds the image and
 * the earlier questions, and only the rest is read again.
 *
 * One conversation is kept at a time, within a byte bound, and released when another image or model comes, when
 * the prompt shares no start with what is cached, when the model unloads, or when its UI ends the conversation
 * (the panel or popup closed): then a turn of it still running keeps nothing either.
 */

/** The part of transformers.js's DynamicCache this needs (its entries are `past_key_values.N.key/value` tensors). */
export interface KeyValueCache {
  get_seq_length(): number;
  dispose(): Promise<void>;
}

interface Sized {
  dims: readonly number[];
  type: string;
}

export interface CachedConversation<C extends KeyValueCache = KeyValueCache> {
  /** Model, backend, detail and image identity: a follow-up must match all of them. */
  key: string;
  /** The token ids the cache holds keys and values for, in order. */
  tokens: readonly bigint[];
  cache: C;
  bytes: number;
  /** The UI's conversation id, when it gave one: ending that conversation frees the entry. */
  owner: string | null;
}

export interface CacheHit<C extends KeyValueCache> {
  cache: C;
  /** How many prompt tokens need no reading. */
  reusedTokens: number;
}

const BYTES_PER_ELEMENT: Record<string, number> = { float32: 4, float16: 2, int8: 1, uint8: 1 };

/** Bytes held by a cache's tensors, from their shapes (GPU tensors have no data on the CPU to measure). */
export function cacheBytes(cache: KeyValueCache): number {
  let bytes = 0;
  for (const value of Object.values(cache) as unknown[]) {
    const tensor = value as Partial<Sized> | null;
    if (!tensor || !Array.isArray(tensor.dims) || typeof tensor.type !== 'string') continue;
    bytes += tensor.dims.reduce((n, d) => n * d, 1) * (BYTES_PER_ELEMENT[tensor.type] ?? 4);
  }
  return bytes;
}

/**
 * How many of `cached` can be reused for a prompt of `ids`: their common start, leaving at least one prompt token
 * to read (the model needs one new position to answer from).
 */
export function reusableLength(ids: readonly bigint[], cached: readonly bigint[]): number {
  const limit = Math.min(cached.length, ids.length - 1);
  let n = 0;
  while (n < limit && ids[n] === cached[n]) n++;
  return n;
}

/**
 * The bound: a sixteenth of the device's memory (navigator.deviceMemory, in GB, itself capped at 8 by browsers),
 * at least 64 MB. SmolVLM-256M's cache after a 17-tile image (1,141 tokens, fp32) is about 53 MB.
 */
export function conversationCacheBound(deviceMemoryGb: number | undefined): number {
  const gb = deviceMemoryGb && deviceMemoryGb > 0 ? deviceMemoryGb : 4;
  return Math.max(64, Math.round((gb * 1024) / 16)) * 1024 * 1024;
}

/** Cuts a cache back to its first `length` positions (a new cache; the old one is the caller's to release). */
export type CropCache<C extends KeyValueCache> = (cache: C, length: number) => Promise<C>;

/** Below this many shared tokens a cut-back cache isn't worth keeping: reading them again is as quick. */
export const MIN_REUSED_TOKENS = 8;

/** Ended conversation ids remembered, so a late turn of one keeps nothing; old ones can't have turns running. */
const ENDED_REMEMBERED = 32;

export class ConversationCache<C extends KeyValueCache = KeyValueCache> {
  #entry: CachedConversation<C> | null = null;
  readonly #ended: string[] = [];

  constructor(
    readonly maxBytes: number,
    private readonly crop: CropCache<C>,
  ) {}

  get held(): Readonly<Pick<CachedConversation<C>, 'key' | 'bytes' | 'owner'>> | null {
    return this.#entry ? { key: this.#entry.key, bytes: this.#entry.bytes, owner: this.#entry.owner } : null;
  }

  /**
   * Hands over the cache when `promptIds` continue the kept conversation; the caller owns it from here (generation
   * extends it in place). Anything kept that doesn't fit is released.
   */
  async take(key: string, promptIds: readonly bigint[]): Promise<CacheHit<C> | null> {
    const entry = this.#entry;
    if (!entry) return null;
    this.#entry = null;
    const reusable = entry.key === key ? reusableLength(promptIds, entry.tokens) : 0;
    if (reusable === entry.tokens.length) return { cache: entry.cache, reusedTokens: reusable };
    if (reusable < MIN_REUSED_TOKENS) {
      await entry.cache.dispose();
      return null;
    }
    try {
      return { cache: await this.crop(entry.cache, reusable), reusedTokens: reusable };
    } catch {
      // A cache that can't be cut back only costs the time to read the prompt again.
      return null;
    } finally {
      await entry.cache.dispose();
    }
  }

  /**
   * Keeps `cache` (holding `tokens`) for the next question of conversation `owner`; one over the bound, or of a
   * conversation that has ended meanwhile, is released instead.
   */
  async keep(
    key: string,
    tokens: readonly bigint[],
    cache: C,
    owner: string | null = null,
  ): Promise<boolean> {
    await this.release();
    const bytes = cacheBytes(cache);
    const ended = owner !== null && this.#ended.includes(owner);
    if (ended || bytes > this.maxBytes || tokens.length !== cache.get_seq_length()) {
      await cache.dispose();
      return false;
    }
    this.#entry = { key, tokens: [...tokens], cache, bytes, owner };
    return true;
  }

  /** The conversation `owner` is over: frees its entry now, and whatever a turn of it still running would keep. */
  async end(owner: string): Promise<void> {
    if (!this.#ended.includes(owner)) {
      this.#ended.push(owner);
      if (this.#ended.length > ENDED_REMEMBERED) this.#ended.shift();
    }
    if (this.#entry?.owner === owner) await this.release();
  }

  async release(): Promise<void> {
    const entry = this.#entry;
    this.#entry = null;
    await entry?.cache.dispose();
  }
}

/** A short, stable identity for an image's bytes (cyrb53 over the data URL): two images never share a cache. */
export function imageIdentity(dataUrl: string): string {
  let h1 = 0xdeadbeef ^ dataUrl.length;
  let h2 = 0x41c6ce57 ^ dataUrl.length;
  for (let i = 0; i < dataUrl.length; i++) {
    const c = dataUrl.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return `${dataUrl.length}:${(4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36)}`;
}
