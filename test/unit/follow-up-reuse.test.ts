/**
 * Follow-up questions reuse what the conversation computed (the decoder's keys and values, image tokens included),
 * on the generated test model through transformers.js in Node: the answers are the ones a run without reuse gives
 * (the test model's answers depend on the image's pixels and the question's words), the follow-up runs no vision
 * encoder and reads only the tokens past the cache, and a new image, model or history never reuses a stale cache.
 */
import { type DynamicCache, type PreTrainedModel, type Processor, RawImage } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatMessagesFor } from '../../src/inference/generation/chat-prompt';
import {
  ConversationCache,
  cacheBytes,
  conversationCacheBound,
  imageIdentity,
  type KeyValueCache,
  reusableLength,
} from '../../src/inference/generation/conversation-cache';
import { decodingOptions } from '../../src/inference/generation/decoding-options';
import {
  generateReusing,
  type ProcessorInputs,
  type TextInputs,
} from '../../src/inference/generation/generate-reusing';
import {
  expandImagePrompt,
  type ImageLayout,
  layoutFromProcessor,
} from '../../src/inference/generation/image-prompt';
import { cropKeyValueCache } from '../../src/inference/generation/kv-crop';
import type { ChatTurn } from '../../src/protocol/messages';
import { type FixtureInNode, loadFixtureInNode, type SessionRuns } from '../support/fixture-in-node';

type Rgb = readonly [number, number, number];
const RED: Rgb = [230, 20, 30];
const BLUE: Rgb = [20, 40, 240];

function solid(rgb: Rgb, width = 24, height = 16): RawImage {
  const data = new Uint8ClampedArray(width * height * 3);
  for (let i = 0; i < width * height; i++) data.set(rgb, i * 3);
  return new RawImage(data, width, height, 3);
}

// The engine keeps the decoder's cache itself on WASM (src/inference/kept-cache): every answer and every reuse must
// be the same either way.
describe.each([
  { decoder: 'the plain decoder session', keptCache: false },
  { decoder: 'the kept-cache decoder session', keptCache: true },
])('follow-up questions reuse the conversation’s cache ($decoder)', ({ keptCache }) => {
  let fixture: FixtureInNode;
  let processor: Processor;
  let model: PreTrainedModel;
  /** Vision encoder passes, and how many positions each decoder pass read. */
  let runs: SessionRuns;

  beforeAll(async () => {
    fixture = await loadFixtureInNode({ keptCache });
    ({ processor, model, runs } = fixture);
  }, 60_000);
  afterAll(async () => {
    await fixture?.close();
  });

  function promptFor(conversation: ChatTurn[]): string {
    const messages = chatMessagesFor(conversation) as unknown as Parameters<
      Processor['apply_chat_template']
    >[0];
    return processor.apply_chat_template(messages, { add_generation_prompt: true }) as string;
  }

  /** The prompt's token ids from a known layout, without the image (what the engine does on a follow-up). */
  function textInputs(prompt: string, layout: ImageLayout): TextInputs {
    const seqLen = (processor as unknown as { config: { image_seq_len: number } }).config.image_seq_len;
    const text = expandImagePrompt(prompt, layout, seqLen);
    if (text === null) throw new Error('no image placeholder');
    const tokenizer = processor.tokenizer as unknown as (texts: string[]) => TextInputs;
    return tokenizer([text]);
  }

  /** Answers; with `layout`, the image is processed only when the cache can't answer from token ids. */
  async function answer(
    store: ConversationCache<DynamicCache>,
    picture: RawImage,
    conversation: ChatTurn[],
    key = `m|wasm|split|${picture.width}x${picture.height}:${picture.data[0]}`,
    layout: ImageLayout | null = null,
  ) {
    const prompt = promptFor(conversation);
    const inputs = {
      text: layout ? textInputs(prompt, layout) : null,
      withImage: async () => (await processor(prompt, [picture])) as ProcessorInputs,
    };
    const outcome = await generateReusing(model, inputs, { ...decodingOptions(24) }, store, key);
    const [text] = processor.batch_decode([outcome.sequence.slice(outcome.promptTokens).map(Number)], {
      skip_special_tokens: true,
    });
    return { ...outcome, text: (text as string).trim() };
  }

  function freshStore() {
    return new ConversationCache<DynamicCache>(conversationCacheBound(8), cropKeyValueCache);
  }

  it('answers a follow-up exactly as a run without reuse would, without the vision encoder', async () => {
    const store = freshStore();
    const first: ChatTurn[] = [{ role: 'user', text: 'What is the cat doing?' }];
    const one = await answer(store, solid(RED), first);
    expect(one.text).toBe('a red image about cat.');
    expect(one.visionEncoded).toBe(true);
    expect(one.kept).toBe(true);

    const followUp: ChatTurn[] = [
      ...first,
      { role: 'assistant', text: one.text },
      { role: 'user', text: 'Is there a dog?' },
    ];
    const visionBefore = runs.vision;
    runs.decoderPositions = [];
    const reused = await answer(store, solid(RED), followUp);
    expect(reused.text).toBe('a red image about dog.');
    expect(runs.vision).toBe(visionBefore);
    expect(reused.visionEncoded).toBe(false);
    // The first question's prompt (the image's tokens among them) came from the cache...
    expect(reused.reusedTokens).toBeGreaterThanOrEqual(one.promptTokens);
    // ...so the first decoder pass read only what follows it, then one token per step.
    expect(runs.decoderPositions[0]).toBe(reused.promptTokens - reused.reusedTokens);
    expect(runs.decoderPositions.slice(1).every((n) => n === 1)).toBe(true);

    const withoutReuse = await answer(freshStore(), solid(RED), followUp);
    expect(withoutReuse.visionEncoded).toBe(true);
    expect(withoutReuse.reusedTokens).toBe(0);
    expect(reused.sequence).toEqual(withoutReuse.sequence);
    expect(reused.text).toBe(withoutReuse.text);

    // A third turn builds on the second's cache.
    const third: ChatTurn[] = [
      ...followUp,
      { role: 'assistant', text: reused.text },
      { role: 'user', text: 'And a boat?' },
    ];
    const again = await answer(store, solid(RED), third);
    expect(again.visionEncoded).toBe(false);
    expect(again.reusedTokens).toBeGreaterThan(reused.reusedTokens);
    expect(again.sequence).toEqual((await answer(freshStore(), solid(RED), third)).sequence);
  });

  it('never reuses across images, and reads an edited history afresh from where it differs', async () => {
    const store = freshStore();
    const first: ChatTurn[] = [{ role: 'user', text: 'What is the cat doing?' }];
    const red = await answer(store, solid(RED), first);
    // Same size, same question, other pixels: the image tokens look alike, the identity key doesn't.
    const followUp: ChatTurn[] = [
      ...first,
      { role: 'assistant', text: red.text },
      { role: 'user', text: 'A car?' },
    ];
    const blue = await answer(store, solid(BLUE), followUp);
    expect(blue.visionEncoded).toBe(true);
    expect(blue.text).toBe('a blue image about car.');
    // The cache now holds the blue conversation; an edited first question shares too little to keep.
    const edited: ChatTurn[] = [{ role: 'user', text: 'Where is the dog?' }];
    const dog = await answer(store, solid(BLUE), edited);
    expect(dog.text).toBe('a blue image about dog.');
    expect(dog.reusedTokens).toBeLessThan(dog.promptTokens);
    expect(dog.sequence).toEqual((await answer(freshStore(), solid(BLUE), edited)).sequence);
  });

  it('builds the processor’s own token ids from an image’s layout, split or one view', async () => {
    const prompt = promptFor([{ role: 'user', text: 'What is the cat doing?' }]);
    for (const [picture, split] of [
      [solid(RED, 96, 40), true],
      [solid(RED, 96, 40), false],
      [solid(BLUE, 20, 30), true],
    ] as const) {
      const processed = (await processor(prompt, [picture], {
        do_image_splitting: split,
      })) as ProcessorInputs;
      const layout = layoutFromProcessor(processed);
      expect(layout).not.toBeNull();
      if (split && picture.width === 96) expect((layout as ImageLayout).cols).toBeGreaterThan(1);
      const built = textInputs(prompt, layout as ImageLayout);
      expect(built.input_ids.tolist()).toEqual(processed.input_ids.tolist());
      expect(built.attention_mask.tolist()).toEqual(processed.attention_mask.tolist());
    }
    expect(expandImagePrompt('no image here', { rows: 0, cols: 0 }, 4)).toBeNull();
  });

  it('answers a follow-up from token ids alone, processing the image only when the cache can’t answer', async () => {
    const store = freshStore();
    const picture = solid(RED, 96, 40);
    const first: ChatTurn[] = [{ role: 'user', text: 'What is the cat doing?' }];
    const processed = (await processor(promptFor(first), [picture])) as ProcessorInputs;
    const layout = layoutFromProcessor(processed) as ImageLayout;
    const one = await answer(store, picture, first);
    expect(one.imageProcessed).toBe(true);

    const followUp: ChatTurn[] = [
      ...first,
      { role: 'assistant', text: one.text },
      { role: 'user', text: 'Is there a dog?' },
    ];
    const reused = await answer(store, picture, followUp, undefined, layout);
    expect(reused.imageProcessed).toBe(false);
    expect(reused.visionEncoded).toBe(false);
    const withoutReuse = await answer(freshStore(), picture, followUp);
    expect(reused.sequence).toEqual(withoutReuse.sequence);
    expect(reused.text).toBe('a red image about dog.');

    // An edited question: the cache is cut back to the image, still without processing it.
    const edited: ChatTurn[] = [{ role: 'user', text: 'Where is the boat?' }];
    const cut = await answer(store, picture, edited, undefined, layout);
    expect(cut.imageProcessed).toBe(false);
    expect(cut.reusedTokens).toBeGreaterThan(0);
    expect(cut.sequence).toEqual((await answer(freshStore(), picture, edited)).sequence);

    // The cache can't answer (it holds another conversation): the image is processed after all.
    const missed = await answer(store, picture, followUp, 'another image', layout);
    expect(missed.imageProcessed).toBe(true);
    expect(missed.visionEncoded).toBe(true);
    expect(missed.sequence).toEqual(withoutReuse.sequence);
  });

  it('keeps nothing over its memory bound', async () => {
    const tiny = new ConversationCache<DynamicCache>(16, cropKeyValueCache);
    const one = await answer(tiny, solid(RED), [{ role: 'user', text: 'What is the cat doing?' }]);
    expect(one.kept).toBe(false);
    expect(tiny.held).toBeNull();
  });
});

describe('conversation cache bookkeeping', () => {
  class FakeCache implements KeyValueCache {
    disposed = false;
    readonly length: number;
    constructor(length: number) {
      this.length = length;
      // Shaped like a real entry: [batch, heads, positions, head size].
      Object.assign(this, { 'past_key_values.0.key': { dims: [1, 2, length, 4], type: 'float32' } });
    }
    get_seq_length() {
      return this.length;
    }
    async dispose() {
      this.disposed = true;
    }
  }
  const crop = async (cache: FakeCache, length: number) => new FakeCache(Math.min(length, cache.length));

  it('measures a cache by its tensors’ shapes and bounds by device memory', () => {
    expect(cacheBytes(new FakeCache(10))).toBe(1 * 2 * 10 * 4 * 4);
    expect(conversationCacheBound(8)).toBe(512 * 1024 * 1024);
    expect(conversationCacheBound(undefined)).toBe(256 * 1024 * 1024);
    expect(conversationCacheBound(0.5)).toBe(64 * 1024 * 1024);
  });

  it('reuses the common start, always leaving a prompt token to read', () => {
    expect(reusableLength([1n, 2n, 3n, 4n], [1n, 2n, 3n])).toBe(3);
    expect(reusableLength([1n, 2n, 3n], [1n, 2n, 3n])).toBe(2);
    expect(reusableLength([1n, 9n, 3n], [1n, 2n, 3n])).toBe(1);
  });

  it('hands over, cuts back, or releases what it keeps', async () => {
    const store = new ConversationCache<FakeCache>(1 << 20, crop);
    const ids = Array.from({ length: 20 }, (_, i) => BigInt(i));
    const whole = new FakeCache(12);
    expect(await store.keep('k', ids.slice(0, 12), whole)).toBe(true);
    expect(await store.take('k', ids)).toEqual({ cache: whole, reusedTokens: 12 });
    expect(store.held).toBeNull();

    const longer = new FakeCache(12);
    await store.keep('k', ids.slice(0, 12), longer);
    const edited = [...ids.slice(0, 10), 99n, ...ids.slice(11)];
    const cut = await store.take('k', edited);
    expect(cut?.reusedTokens).toBe(10);
    expect(cut?.cache.length).toBe(10);
    expect(longer.disposed).toBe(true);

    const other = new FakeCache(12);
    await store.keep('k', ids.slice(0, 12), other);
    expect(await store.take('another image', ids)).toBeNull();
    expect(other.disposed).toBe(true);

    const kept = new FakeCache(12);
    await store.keep('k', ids.slice(0, 12), kept);
    await store.release();
    expect(kept.disposed).toBe(true);
    expect(store.held).toBeNull();
  });

  it('frees a conversation when its UI ends it, and nothing a turn of it still running would keep', async () => {
    const store = new ConversationCache<FakeCache>(1 << 20, crop);
    const ids = Array.from({ length: 12 }, (_, i) => BigInt(i));
    const panel = new FakeCache(12);
    await store.keep('k', ids, panel, 'panel');
    // Another view ending its own conversation leaves this one's cache alone.
    await store.end('popup');
    expect(store.held?.owner).toBe('panel');
    expect(panel.disposed).toBe(false);

    await store.end('panel');
    expect(store.held).toBeNull();
    expect(panel.disposed).toBe(true);

    // A turn of the ended conversation that finishes afterwards keeps nothing; a new conversation does.
    const late = new FakeCache(12);
    expect(await store.keep('k', ids, late, 'panel')).toBe(false);
    expect(late.disposed).toBe(true);
    expect(store.held).toBeNull();
    const next = new FakeCache(12);
    expect(await store.keep('k', ids, next, 'next panel')).toBe(true);
    expect(store.held?.owner).toBe('next panel');
  });

  it('tells images apart by their bytes', () => {
    expect(imageIdentity('data:image/png;base64,AAAA')).toBe(imageIdentity('data:image/png;base64,AAAA'));
    expect(imageIdentity('data:image/png;base64,AAAA')).not.toBe(imageIdentity('data:image/png;base64,AAAB'));
  });
});
