/**
 * The decoder session as transformers.js sees it, with the key/value cache kept here between steps instead of
 * copied out of onnxruntime and back in whole every step.
 *
 * Each layer's cache lives in one array with room to grow (CAPACITY_STEP tokens at a time). A step hands
 * onnxruntime the whole array (the slots not yet used are hidden by the attention mask), fetches only the logits
 * and the step's new keys and values (step-outputs.ts), and writes those into the next free slots. What it returns
 * for `present.N.*` are stand-ins the size transformers.js expects; their data is copied out only if something
 * reads it (the conversation cache cropping what it keeps), and they always read the tokens they were made with.
 *
 * Why the mask may hide slots in the middle: the exported decoders place a query after the whole cache it is given
 * (the causal mask counts from the cache's length) and take each token's position from `position_ids`, so hidden
 * slots change nothing but the time spent skipping them.
 */
import { CACHE_KINDS, type CacheKind, pastName, presentName, stepName } from './step-outputs';

/** Cache slots added at a time: a step's extra work is at most this many hidden slots, a copy of the whole cache
 * happens once every this many tokens. */
export const CAPACITY_STEP = 64;

/** What the adapter needs of an onnxruntime tensor. */
export interface RuntimeTensor {
  readonly type: string;
  readonly dims: readonly number[];
  readonly data: unknown;
}

/** What the adapter needs of an onnxruntime session (web and node alike). */
export interface RuntimeSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(
    feeds: Record<string, RuntimeTensor>,
    fetches?: readonly string[],
  ): Promise<Record<string, RuntimeTensor>>;
  release(): Promise<void>;
}

/** The runtime's Tensor class: made through it, and stand-ins share its prototype (transformers.js checks). */
export interface RuntimeTensorClass {
  new (type: string, data: unknown, dims: readonly number[]): RuntimeTensor;
  prototype: object;
}

/** A typed array of cache entries (Float32Array, or a 16-bit array for a float16 cache). */
interface CacheArray {
  readonly length: number;
  subarray(begin: number, end: number): CacheArray;
  set(source: CacheArray, offset: number): void;
}
type CacheArrayClass = new (length: number) => CacheArray;

/** What every entry of a cache shares: its element type and array class, heads and head size. */
interface CacheLayout {
  type: string;
  make: CacheArrayClass;
  heads: number;
  headDim: number;
}

/** The layout of a [1, heads, tokens, headDim] cache tensor. */
const layoutOf = (tensor: RuntimeTensor): CacheLayout => ({
  type: tensor.type,
  make: (tensor.data as object).constructor as CacheArrayClass,
  heads: tensor.dims[1] ?? 0,
  headDim: tensor.dims[3] ?? 0,
});

/** Every layer's keys and values for one sequence, with room for `capacity` tokens per head. */
class KeptCache {
  constructor(
    readonly layout: CacheLayout,
    readonly entries: readonly CacheArray[],
    readonly capacity: number,
    public length: number,
  ) {}

  /** `count` empty entries of `layout` with room for `capacity` tokens. */
  static empty(layout: CacheLayout, count: number, capacity: number): KeptCache {
    const size = layout.heads * capacity * layout.headDim;
    return new KeptCache(
      layout,
      Array.from({ length: count }, () => new layout.make(size)),
      capacity,
      0,
    );
  }

  /** Entry `index`'s first `length` tokens as a dense [1, heads, length, headDim] array. */
  read(index: number, length: number): CacheArray {
    const { make, heads, headDim } = this.layout;
    const from = this.entries[index] as CacheArray;
    const out = new make(heads * length * headDim);
    const run = length * headDim;
    for (let h = 0; h < heads; h++) {
      const start = h * this.capacity * headDim;
      out.set(from.subarray(start, start + run), h * run);
    }
    return out;
  }

  /** Writes dense [1, heads, count, headDim] entries into entry `index` from token `at` on. */
  write(index: number, dense: CacheArray, at: number, count: number): void {
    const { heads, headDim } = this.layout;
    const to = this.entries[index] as CacheArray;
    const run = count * headDim;
    for (let h = 0; h < heads; h++)
      to.set(dense.subarray(h * run, (h + 1) * run), (h * this.capacity + at) * headDim);
  }
}

const roundUp = (n: number) => Math.max(CAPACITY_STEP, Math.ceil(n / CAPACITY_STEP) * CAPACITY_STEP);

/** Marks a stand-in `present` tensor: the cache it reads and how many tokens. */
const KEPT = Symbol('kept cache');
interface KeptRef {
  cache: KeptCache;
  index: number;
  length: number;
}
const keptOf = (tensor: RuntimeTensor | undefined): KeptRef | undefined =>
  (tensor as { [KEPT]?: KeptRef } | undefined)?.[KEPT];

export class KeptCacheSession implements RuntimeSession {
  /** transformers.js stores its session settings here. */
  config: unknown;
  /** The cache the last step extended: the only one a next step may extend in place. */
  private live: KeptCache | null = null;

  constructor(
    private readonly session: RuntimeSession,
    private readonly Tensor: RuntimeTensorClass,
    private readonly layers: number,
  ) {}

  get inputNames(): readonly string[] {
    return this.session.inputNames;
  }

  /** The file's outputs as transformers.js knows them (the step outputs are this adapter's business). */
  get outputNames(): readonly string[] {
    return this.session.outputNames.filter((name) => !name.startsWith('step_key_values.'));
  }

  get inputMetadata(): unknown {
    return (this.session as { inputMetadata?: unknown }).inputMetadata;
  }

  get outputMetadata(): unknown {
    const all = (this.session as { outputMetadata?: { name: string }[] }).outputMetadata;
    return all?.filter((m) => !m.name.startsWith('step_key_values.'));
  }

  release(): Promise<void> {
    this.live = null;
    return this.session.release();
  }

  async run(
    feeds: Record<string, RuntimeTensor>,
    fetches?: readonly string[],
  ): Promise<Record<string, RuntimeTensor>> {
    const embeds = feeds.inputs_embeds;
    const mask = feeds.attention_mask;
    const first = feeds[pastName(0, 'key')];
    // Anything but one sequence with a cache (or a caller choosing its outputs) runs the plain way.
    if (fetches) return this.session.run(feeds, fetches);
    if (!embeds || !mask || !first || embeds.dims[0] !== 1 || first.dims[0] !== 1)
      return this.session.run(feeds, this.outputNames);
    const added = embeds.dims[1] ?? 0;
    const past = first.dims[2] ?? 0;
    if (mask.dims[1] !== past + added) return this.session.run(feeds, this.outputNames);

    let cache = this.continuing(feeds, past) ?? this.adopted(feeds, first, past);
    if (cache.capacity < past + added) cache = this.grown(cache, past + added);
    const run: Record<string, RuntimeTensor> = {
      ...feeds,
      attention_mask: this.gappedMask(mask, past, cache.capacity, added),
    };
    const fetched = ['logits'];
    this.forEachEntry((layer, kind, index) => {
      const { type, heads, headDim } = cache.layout;
      run[pastName(layer, kind)] = new this.Tensor(type, cache.entries[index], [
        1,
        heads,
        cache.capacity,
        headDim,
      ]);
      fetched.push(stepName(layer, kind));
    });
    const out = await this.session.run(run, fetched);
    const result: Record<string, RuntimeTensor> = { logits: out.logits as RuntimeTensor };
    this.forEachEntry((layer, kind, index) => {
      cache.write(index, (out[stepName(layer, kind)] as RuntimeTensor).data as CacheArray, past, added);
    });
    cache.length = past + added;
    this.live = cache;
    this.forEachEntry((layer, kind, index) => {
      result[presentName(layer, kind)] = this.standIn(cache, index, past + added);
    });
    return result;
  }

  private forEachEntry(visit: (layer: number, kind: CacheKind, index: number) => void): void {
    for (let layer = 0; layer < this.layers; layer++)
      CACHE_KINDS.forEach((kind, k) => {
        visit(layer, kind, layer * 2 + k);
      });
  }

  /** The live cache, when every past feed is this adapter's stand-in for all of it. */
  private continuing(feeds: Record<string, RuntimeTensor>, past: number): KeptCache | null {
    const live = this.live;
    if (!live || live.length !== past) return null;
    let all = true;
    this.forEachEntry((layer, kind, index) => {
      const ref = keptOf(feeds[pastName(layer, kind)]);
      if (ref?.cache !== live || ref.index !== index || ref.length !== past) all = false;
    });
    return all ? live : null;
  }

  /** A new cache holding the given past (a first question's empty one, or a cache kept from an earlier answer). */
  private adopted(feeds: Record<string, RuntimeTensor>, first: RuntimeTensor, past: number): KeptCache {
    const cache = KeptCache.empty(layoutOf(first), this.layers * 2, roundUp(past + 1));
    this.forEachEntry((layer, kind, index) => {
      const tensor = feeds[pastName(layer, kind)] as RuntimeTensor;
      const ref = keptOf(tensor);
      const dense = ref ? ref.cache.read(ref.index, ref.length) : (tensor.data as CacheArray);
      cache.write(index, dense, 0, past);
    });
    cache.length = past;
    return cache;
  }

  /** A larger copy of `cache` (stand-ins made from the old one keep reading it). */
  private grown(cache: KeptCache, needed: number): KeptCache {
    const bigger = KeptCache.empty(cache.layout, cache.entries.length, roundUp(needed));
    cache.entries.forEach((_, index) => {
      bigger.write(index, cache.read(index, cache.length), 0, cache.length);
    });
    bigger.length = cache.length;
    return bigger;
  }

  /** The mask for [cache slots, new tokens]: the kept tokens' own mask, 0 over the unused slots. */
  private gappedMask(mask: RuntimeTensor, past: number, capacity: number, added: number): RuntimeTensor {
    const given = mask.data as BigInt64Array;
    const gapped = new BigInt64Array(capacity + added);
    gapped.set(given.subarray(0, past), 0);
    gapped.set(given.subarray(past, past + added), capacity);
    return new this.Tensor('int64', gapped, [1, capacity + added]);
  }

  /** A `present` tensor for transformers.js: the right shape, its data read from the cache only when asked. */
  private standIn(cache: KeptCache, index: number, length: number): RuntimeTensor {
    let dense: CacheArray | undefined;
    const data = () => {
      dense ??= cache.read(index, length);
      return dense;
    };
    const ref: KeptRef = { cache, index, length };
    const { type, heads, headDim } = cache.layout;
    return Object.create(this.Tensor.prototype, {
      [KEPT]: { value: ref },
      type: { value: type },
      dims: { value: [1, heads, length, headDim], writable: true },
      size: { value: heads * length * headDim },
      location: { value: 'cpu' },
      data: { get: data },
      cpuData: { get: data },
      getData: { value: async () => data() },
      dispose: { value: () => {} },
    }) as RuntimeTensor;
  }
}
