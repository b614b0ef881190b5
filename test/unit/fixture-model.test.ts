/**
 * The generated test model (models/README.md) through transformers.js exactly as the engine loads a real
 * SmolVLM: AutoProcessor + AutoModelForVision2Seq, chat template, greedy generation with a TextStreamer.
 * From a local folder and from the local hub server.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import {
  AutoModelForVision2Seq,
  AutoProcessor,
  env,
  type PreTrainedModel,
  type Processor,
  RawImage,
  type Tensor,
  TextStreamer,
} from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshFixture, writeFixture } from '../../models/scripts/fixture/write-fixture.ts';
import { decodingOptions } from '../../src/inference/generation/decoding-options.ts';
import { ensureFixture, FIXTURE_MODEL_ID, SESSIONS } from '../support/fixture.ts';
import { useLocalModels } from '../support/fixture-in-node.ts';
import { HUB_PATH_TEMPLATE, type HubServer, startHubServer } from '../support/hub-server.ts';

type Rgb = readonly [number, number, number];

/** A `width`×`height` image of `base` with an optional `stripe` colour over its first `stripeRows` rows. */
function image(base: Rgb, width = 8, height = 8, stripe?: { rgb: Rgb; rows: number }): RawImage {
  const data = new Uint8ClampedArray(width * height * 3);
  for (let y = 0; y < height; y++) {
    const rgb = stripe && y < stripe.rows ? stripe.rgb : base;
    for (let x = 0; x < width; x++) data.set(rgb, (y * width + x) * 3);
  }
  return new RawImage(data, width, height, 3);
}

const RED: Rgb = [230, 20, 30];
const GREEN: Rgb = [10, 200, 40];
const BLUE: Rgb = [20, 40, 240];

interface Answer {
  text: string;
  /** Pieces of text the streamer emitted */
  chunks: string[];
  /** Token-by-token callbacks (one per generated token) */
  tokenEvents: number;
  lastTokenId: number;
}

function tokenizerOf(processor: Processor) {
  if (!processor.tokenizer) throw new Error('The fixture processor has no tokenizer');
  return processor.tokenizer;
}

async function ask(
  processor: Processor,
  model: PreTrainedModel,
  picture: RawImage,
  question: string,
): Promise<Answer> {
  const messages = [{ role: 'user', content: [{ type: 'image' }, { type: 'text', text: question }] }];
  const prompt = processor.apply_chat_template(messages, { add_generation_prompt: true }) as string;
  const inputs = await processor(prompt, [picture]);
  const chunks: string[] = [];
  let tokenEvents = 0;
  const streamer = new TextStreamer(tokenizerOf(processor), {
    skip_prompt: true,
    skip_special_tokens: true,
    callback_function: (text: string) => chunks.push(text),
    token_callback_function: () => void tokenEvents++,
  });
  const output = (await model.generate({
    ...inputs,
    // The engine's decoding options (greedy with its repetition penalty): the answers hold under them.
    ...decodingOptions(24),
    streamer,
  })) as Tensor;
  const promptLength = (inputs.input_ids as Tensor).dims[1] as number;
  const generated = output.slice(null, [promptLength, output.dims[1] as number]);
  const [text] = processor.batch_decode(generated, { skip_special_tokens: true });
  const ids = generated.tolist()[0] as bigint[];
  return { text: text as string, chunks, tokenEvents, lastTokenId: Number(ids.at(-1)) };
}

function useCleanEnv() {
  const saved = { ...env };
  // Node would otherwise cache downloads under node_modules/@huggingface/transformers/.cache.
  env.useFSCache = false;
  env.useBrowserCache = false;
  return () => Object.assign(env, saved);
}

describe('test model from a local folder', () => {
  let processor: Processor;
  let model: PreTrainedModel;
  let restore: () => void;

  beforeAll(async () => {
    ensureFixture();
    restore = useLocalModels();
    processor = await AutoProcessor.from_pretrained(FIXTURE_MODEL_ID);
    model = await AutoModelForVision2Seq.from_pretrained(FIXTURE_MODEL_ID, { dtype: 'fp32', device: 'cpu' });
  }, 60_000);
  afterAll(async () => {
    await model?.dispose();
    restore?.();
  });

  it.each([
    ['red', RED],
    ['green', GREEN],
    ['blue', BLUE],
  ] as const)('names a %s image', async (colour, rgb) => {
    const answer = await ask(processor, model, image(rgb), 'What is the cat doing?');
    expect(answer.text).toBe(`a ${colour} image about cat.`);
  });

  it('names the dominant colour of a non-square, two-coloured image', async () => {
    const mostlyBlue = image(BLUE, 40, 24, { rgb: RED, rows: 6 });
    expect((await ask(processor, model, mostlyBlue, 'Describe the sky.')).text).toBe(
      'a blue image about sky.',
    );
    const mostlyGreen = image(GREEN, 20, 50, { rgb: BLUE, rows: 15 });
    expect((await ask(processor, model, mostlyGreen, 'Describe the tree.')).text).toBe(
      'a green image about tree.',
    );
  });

  it('repeats the last known word of the question, or says "something"', async () => {
    const red = image(RED);
    expect((await ask(processor, model, red, 'Is the dog next to the car?')).text).toBe(
      'a red image about car.',
    );
    expect((await ask(processor, model, red, 'Is the car next to the dog?')).text).toBe(
      'a red image about dog.',
    );
    expect((await ask(processor, model, red, 'Where is the Flower?')).text).toBe('a red image about flower.');
    expect((await ask(processor, model, red, 'Describe this image.')).text).toBe(
      'a red image about something.',
    );
  });

  it('streams token by token and ends with <end_of_utterance>', async () => {
    const answer = await ask(processor, model, image(GREEN), 'What colour is the ball?');
    expect(answer.text).toBe('a green image about ball.');
    // "a", " green", " image", " about", " ball", ".", EOS
    expect(answer.tokenEvents).toBe(7);
    expect(answer.chunks.length).toBeGreaterThan(1);
    expect(answer.chunks.join('')).toBe(answer.text);
    expect(answer.lastTokenId).toBe(tokenizerOf(processor).convert_tokens_to_ids('<end_of_utterance>'));
  });
});

describe('test model from the local hub server', () => {
  let hub: HubServer;
  let restore: () => void;
  let cacheDir: string;

  beforeAll(async () => {
    ensureFixture();
    hub = await startHubServer();
    restore = useCleanEnv();
    // In Node, transformers.js hands onnxruntime-node a file path for remote ONNX files, so downloads must go
    // through its file cache: point it at a throwaway folder.
    cacheDir = mkdtempSync(join(tmpdir(), 'vl-hub-cache-'));
    env.useFSCache = true;
    env.cacheDir = cacheDir;
    env.allowLocalModels = false;
    env.allowRemoteModels = true;
    env.remoteHost = hub.url;
    env.remotePathTemplate = HUB_PATH_TEMPLATE;
  });
  afterAll(async () => {
    restore?.();
    await hub?.close();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('loads the q4 files at a pinned revision and answers', async () => {
    const revision = 'b1c2d3e';
    const processor = await AutoProcessor.from_pretrained(FIXTURE_MODEL_ID, { revision });
    const model = await AutoModelForVision2Seq.from_pretrained(FIXTURE_MODEL_ID, { revision, dtype: 'q4' });
    try {
      expect((await ask(processor, model, image(BLUE), 'Is this a photo?')).text).toBe(
        'a blue image about photo.',
      );
    } finally {
      await model.dispose();
    }
    const files = new Set(hub.fileRequests().map((r) => r.file));
    for (const session of SESSIONS) expect(files).toContain(`onnx/${session}_q4.onnx`);
    expect(files).toContain('tokenizer.json');
    expect(files).toContain('preprocessor_config.json');
    expect(hub.requests.every((r) => r.model === FIXTURE_MODEL_ID)).toBe(true);
    // Every download uses the pinned revision; transformers.js 4.3.1 only probes tokenizer_config.json
    // (a one-byte Range request) at 'main'.
    const downloads = hub.requests.filter((r) => r.range === null);
    expect(downloads.length).toBeGreaterThanOrEqual(9);
    expect(downloads.every((r) => r.revision === revision)).toBe(true);
    expect(hub.requests.every((r) => r.status === 200 || r.status === 206 || r.status === 404)).toBe(true);
  }, 60_000);
});

describe('fixture generator', () => {
  const listFiles = (dir: string): string[] =>
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((p) => statSync(join(dir, p)).isFile())
      .sort();

  it('writes byte-identical files on every run, under 5 MB in total', () => {
    const a = mkdtempSync(join(tmpdir(), 'vl-fixture-a-'));
    const b = mkdtempSync(join(tmpdir(), 'vl-fixture-b-'));
    try {
      const size = writeFixture(a);
      writeFixture(b);
      const files = listFiles(a);
      expect(files).toEqual(listFiles(b));
      for (const f of files) expect(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), f).toBe(true);
      expect(size).toBeLessThan(5 * 1024 * 1024);
      expect(files.map((f) => relative(a, join(a, f)))).toEqual(
        expect.arrayContaining([
          'config.json',
          'generation_config.json',
          'preprocessor_config.json',
          'processor_config.json',
          'tokenizer.json',
          'tokenizer_config.json',
          'onnx/vision_encoder.onnx',
          'onnx/embed_tokens.onnx',
          'onnx/decoder_model_merged.onnx',
        ]),
      );
    } finally {
      rmSync(a, { recursive: true, force: true });
      rmSync(b, { recursive: true, force: true });
    }
  });

  it('refreshes only missing or stale files, without deleting others', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vl-fixture-refresh-'));
    try {
      writeFixture(dir);
      writeFileSync(join(dir, 'onnx/decoder_model_merged_q4.onnx'), 'stale');
      rmSync(join(dir, 'tokenizer.json'));
      writeFileSync(join(dir, 'extra.txt'), 'kept');
      expect(refreshFixture(dir).sort()).toEqual(['onnx/decoder_model_merged_q4.onnx', 'tokenizer.json']);
      expect(refreshFixture(dir)).toEqual([]);
      expect(readFileSync(join(dir, 'onnx/decoder_model_merged_q4.onnx')).length).toBeGreaterThan(1000);
      expect(readFileSync(join(dir, 'extra.txt'), 'utf8')).toBe('kept');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
