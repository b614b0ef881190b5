/**
 * The shape-faithful SmolVLM stand-ins (models/README.md): the real models' configs and tokenizer, sessions with
 * the real interfaces, widths, quantisation and sizes, finite activations through every layer, and generation
 * through transformers.js as the engine drives it (q8/q4 as WASM gets, q4f16 with a float16 KV cache as GPUs
 * with shader-f16 get), in Node with onnxruntime-node.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  AutoModelForVision2Seq,
  AutoProcessor,
  AutoTokenizer,
  env,
  type PreTrainedModel,
  type Processor,
  RawImage,
  type Tensor,
} from '@huggingface/transformers';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summariseOnnx } from '../../models/scripts/onnx/onnx-reader.ts';
import { tokenizerJson } from '../../models/scripts/shaped/repo-files.ts';
import { REFERENCE_ROOT } from '../../models/scripts/shaped/shapes.ts';
import {
  catalogBytes,
  modelShape,
  onnxPath,
  PROFILES,
  SHAPED_MODELS,
  type SHAPED_SESSIONS,
  selectedFiles,
} from '../../models/scripts/shaped/write-shaped.ts';
import { decodingOptions } from '../../src/inference/generation/decoding-options.ts';
import { findModel, modelCatalog } from '../../src/inference/model-files/catalog.ts';
import { dtypesFor } from '../../src/inference/model-files/file-choice.ts';
import { FIXTURES_ROOT } from '../support/fixture.ts';
import { useLocalModels } from '../support/fixture-in-node.ts';
import { ensureShapedModel, SHAPED_256M_ID } from '../support/shaped.ts';

const REFERENCE_256M = join(REFERENCE_ROOT, 'HuggingFaceTB/SmolVLM-256M-Instruct');
const model256 = SHAPED_MODELS['256m'];

function json<T = Record<string, unknown>>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** Counts NaN and ±Inf in float32 data, or in float16 bit patterns (exponent all ones). */
function nonFinite(tensor: ort.Tensor): number {
  let bad = 0;
  if (tensor.type === 'float16') {
    const bits = new Uint16Array((tensor.data as Uint16Array).buffer);
    for (const b of bits) if ((b & 0x7c00) === 0x7c00) bad++;
  } else {
    for (const v of tensor.data as Float32Array) if (!Number.isFinite(v)) bad++;
  }
  return bad;
}

// Real-scale sessions on two shared cores: generous time limits (correctness is asserted, never speed).
describe('shape-faithful stand-ins', { timeout: 120_000 }, () => {
  let dir: string;
  beforeAll(() => {
    // Every dtype the three backend profiles load (about 580 MB, a few seconds the first time).
    dir = ensureShapedModel('256m', { profiles: [...PROFILES] });
  }, 120_000);

  it("carry the real SmolVLM-256M's configuration files byte for byte", () => {
    for (const name of [
      'config.json',
      'generation_config.json',
      'preprocessor_config.json',
      'processor_config.json',
      'tokenizer_config.json',
    ]) {
      expect(readFileSync(join(dir, name)).equals(readFileSync(join(REFERENCE_256M, name))), name).toBe(true);
    }
    const config = json<{
      model_type: string;
      scale_factor: number;
      image_token_id: number;
      vision_config: Record<string, number>;
      text_config: Record<string, number>;
      'transformers.js_config': unknown;
    }>(join(dir, 'config.json'));
    expect(config).toMatchObject({ model_type: 'idefics3', scale_factor: 4, image_token_id: 49190 });
    expect(config.vision_config).toMatchObject({
      image_size: 512,
      patch_size: 16,
      hidden_size: 768,
      num_hidden_layers: 12,
      num_attention_heads: 12,
    });
    expect(config.text_config).toMatchObject({
      hidden_size: 576,
      num_hidden_layers: 30,
      num_attention_heads: 9,
      num_key_value_heads: 3,
      head_dim: 64,
      vocab_size: 49280,
    });
    expect(config['transformers.js_config']).toEqual({
      kv_cache_dtype: { q4f16: 'float16', fp16: 'float16' },
    });
    expect(json(join(dir, 'preprocessor_config.json'))).toMatchObject({
      size: { longest_edge: 2048 },
      max_image_size: { longest_edge: 512 },
      do_image_splitting: true,
    });
    expect(json(join(dir, 'processor_config.json'))).toMatchObject({ image_seq_len: 64 });
  });

  it('the 500M stand-in has the 500M text model and the same vision tower', () => {
    const shape = modelShape(SHAPED_MODELS['500m']);
    expect(shape.text).toMatchObject({
      hidden: 960,
      layers: 32,
      heads: 15,
      kvHeads: 5,
      headDim: 64,
      vocab: 49280,
    });
    expect(shape.vision).toMatchObject({ hidden: 768, layers: 12, heads: 12, imageSize: 512, patchSize: 16 });
  });

  it('has the real tokenizer: special tokens at their real ids and the real chat template', async () => {
    const rebuilt = tokenizerJson(REFERENCE_256M) as {
      model: { vocab: object; merges: unknown[] };
      added_tokens: unknown[];
    };
    expect(Object.keys(rebuilt.model.vocab)).toHaveLength(49152);
    expect(rebuilt.model.merges).toHaveLength(48900);
    expect(rebuilt.added_tokens).toHaveLength(145);

    env.allowLocalModels = true;
    env.localModelPath = FIXTURES_ROOT;
    const tokenizer = await AutoTokenizer.from_pretrained(SHAPED_256M_ID, { local_files_only: true });
    const ids: Record<string, number> = {
      '<|im_start|>': 1,
      '<|im_end|>': 2,
      '<global-img>': 49152,
      '<row_1_col_1>': 49153,
      '<row_6_col_6>': 49188,
      '<fake_token_around_image>': 49189,
      '<image>': 49190,
      '<end_of_utterance>': 49279,
    };
    for (const [token, id] of Object.entries(ids)) {
      expect(tokenizer.encode(token, { add_special_tokens: false }), token).toEqual([id]);
    }
    const template = json<{ chat_template: string }>(
      join(REFERENCE_256M, 'chat_template.json'),
    ).chat_template;
    expect(json<{ chat_template: string }>(join(dir, 'tokenizer_config.json')).chat_template).toBe(template);
    const rendered = tokenizer.apply_chat_template(
      [{ role: 'user', content: [{ type: 'image' }, { type: 'text', text: 'What is this?' }] }] as never,
      { tokenize: false, add_generation_prompt: true },
    );
    expect(rendered).toBe('<|im_start|>User:<image>What is this?<end_of_utterance>\nAssistant:');
  });

  it('splits a 224×224 picture as the real processor does: 17 views of 512 px, 1,141 prompt tokens', async () => {
    env.allowLocalModels = true;
    env.localModelPath = FIXTURES_ROOT;
    const processor = await AutoProcessor.from_pretrained(SHAPED_256M_ID);
    const prompt = processor.apply_chat_template(
      [
        {
          role: 'user',
          content: [{ type: 'image' }, { type: 'text', text: 'Can you describe this image?' }],
        },
      ] as never,
      { add_generation_prompt: true },
    ) as string;
    const pixels = new Uint8ClampedArray(224 * 224 * 3).fill(128);
    const split = await processor(prompt, [new RawImage(pixels, 224, 224, 3)]);
    expect((split.pixel_values as Tensor).dims).toEqual([1, 17, 3, 512, 512]);
    // 53.5 MB of float32 pixels.
    expect((split.pixel_values as Tensor).data.length * 4).toBe(53_477_376);
    expect((split.input_ids as Tensor).dims[1]).toBe(1141);
    const single = await processor(prompt, [new RawImage(pixels, 224, 224, 3)], {
      do_image_splitting: false,
    });
    expect((single.pixel_values as Tensor).dims).toEqual([1, 1, 3, 512, 512]);
  });

  it('has every session of every profile under its real file name, with the real inputs and outputs', async () => {
    const { text } = modelShape(model256);
    for (const { session, dtype } of selectedFiles(model256, { profiles: [...PROFILES] })) {
      const path = join(dir, onnxPath(session, dtype));
      const s = await ort.InferenceSession.create(path);
      const types = Object.fromEntries(
        [...s.inputMetadata, ...s.outputMetadata].map((m) => [m.name, m.isTensor ? m.type : 'other']),
      );
      if (session === 'vision_encoder') {
        expect(s.inputNames).toEqual(['pixel_values', 'pixel_attention_mask']);
        expect(s.outputNames).toEqual(['image_features']);
        expect(types).toMatchObject({
          pixel_values: 'float32',
          pixel_attention_mask: 'bool',
          image_features: 'float32',
        });
      } else if (session === 'embed_tokens') {
        expect(s.inputNames).toEqual(['input_ids']);
        expect(types).toMatchObject({ input_ids: 'int64', inputs_embeds: 'float32' });
      } else {
        const cache = dtype === 'q4f16' ? 'float16' : 'float32';
        expect(s.inputNames.slice(0, 3)).toEqual(['inputs_embeds', 'attention_mask', 'position_ids']);
        expect(s.inputNames).toHaveLength(3 + 2 * text.layers);
        expect(s.inputNames.at(-1)).toBe(`past_key_values.${text.layers - 1}.value`);
        expect(s.outputNames[0]).toBe('logits');
        expect(s.outputNames.at(-1)).toBe(`present.${text.layers - 1}.value`);
        expect(types).toMatchObject({
          inputs_embeds: 'float32',
          logits: 'float32',
          'past_key_values.0.key': cache,
          'present.29.value': cache,
        });
        const past = s.inputMetadata.find((m) => m.name === 'past_key_values.0.key');
        expect(past && 'shape' in past ? past.shape : null).toEqual([
          'batch_size',
          3,
          'past_sequence_length',
          64,
        ]);
      }
      await s.release();
    }
  });

  it('quantises each dtype the way the hub exports do', () => {
    const ops = (session: (typeof SHAPED_SESSIONS)[number], dtype: Parameters<typeof onnxPath>[1]) =>
      summariseOnnx(readFileSync(join(dir, onnxPath(session, dtype))));
    const q4 = ops('decoder_model_merged', 'q4');
    // 7 projections in each of 30 layers, plus the LM head: 4-bit blockwise.
    expect(q4.operators.get('com.microsoft:MatMulNBits')).toBe(7 * 30 + 1);
    expect(q4.initializers.some((t) => t.type === 10)).toBe(false);
    const q4f16 = ops('decoder_model_merged', 'q4f16');
    expect(q4f16.operators.get('com.microsoft:MatMulNBits')).toBe(7 * 30 + 1);
    expect(
      q4f16.initializers.filter((t) => t.name.endsWith('weight_scales')).every((t) => t.type === 10),
    ).toBe(true);
    const q8 = ops('vision_encoder', 'q8');
    expect(q8.operators.get('MatMulInteger')).toBe(6 * 12 + 1);
    expect(q8.operators.get('DynamicQuantizeLinear')).toBe(6 * 12 + 1);
    expect(ops('embed_tokens', 'q8').operators.get('DequantizeLinear')).toBe(1);
  });

  it('has file sizes within 10% of the real files, and exactly the sizes the catalog promises', () => {
    const real = json<Record<string, { bytes: number }>>(join(REFERENCE_256M, 'onnx-files.json'));
    for (const { session, dtype } of selectedFiles(model256, { profiles: [...PROFILES] })) {
      const path = onnxPath(session, dtype);
      const size = statSync(join(dir, path)).size;
      const realSize = real[path]?.bytes ?? 0;
      expect(Math.abs(size - realSize) / realSize, `${path}: ${size} vs ${realSize}`).toBeLessThan(0.1);
      expect(catalogBytes(model256, session, dtype), path).toBe(size);
    }
  });

  it('keeps activations finite through every layer (vision, embeddings and decoder with its cache)', async () => {
    const { text } = modelShape(model256);
    const pixels = new Float32Array(3 * 512 * 512).map((_, i) => Math.sin(i * 0.37));
    for (const dtype of ['q8', 'q4', 'q4f16'] as const) {
      const vision = await ort.InferenceSession.create(join(dir, onnxPath('vision_encoder', dtype)));
      const out = await vision.run({
        pixel_values: new ort.Tensor('float32', pixels, [1, 1, 3, 512, 512]),
        pixel_attention_mask: new ort.Tensor('bool', new Uint8Array(512 * 512).fill(1), [1, 1, 512, 512]),
      });
      expect(out.image_features?.dims).toEqual([1, 64, 576]);
      expect(nonFinite(out.image_features as ort.Tensor), `vision ${dtype}`).toBe(0);
      await vision.release();
    }
    for (const dtype of ['q8', 'fp32', 'fp16'] as const) {
      const embed = await ort.InferenceSession.create(join(dir, onnxPath('embed_tokens', dtype)));
      const out = await embed.run({
        input_ids: new ort.Tensor('int64', BigInt64Array.of(1n, 49190n, 49279n), [1, 3]),
      });
      expect(nonFinite(out.inputs_embeds as ort.Tensor), `embed ${dtype}`).toBe(0);
      await embed.release();
    }
    for (const dtype of ['q4', 'q4f16'] as const) {
      const decoder = await ort.InferenceSession.create(join(dir, onnxPath('decoder_model_merged', dtype)));
      const cacheType = dtype === 'q4f16' ? 'float16' : 'float32';
      const prompt = 80;
      let feeds: Record<string, ort.Tensor> = {
        inputs_embeds: new ort.Tensor(
          'float32',
          Float32Array.from({ length: prompt * 576 }, (_, i) => Math.cos(i)),
          [1, prompt, 576],
        ),
        attention_mask: new ort.Tensor('int64', new BigInt64Array(prompt).fill(1n), [1, prompt]),
        position_ids: new ort.Tensor(
          'int64',
          BigInt64Array.from({ length: prompt }, (_, i) => BigInt(i)),
          [1, prompt],
        ),
      };
      for (let i = 0; i < text.layers; i++) {
        for (const kv of ['key', 'value']) {
          feeds[`past_key_values.${i}.${kv}`] = new ort.Tensor(
            cacheType,
            cacheType === 'float16' ? new Uint16Array(0) : new Float32Array(0),
            [1, 3, 0, 64],
          );
        }
      }
      for (let step = 0; step < 3; step++) {
        const out = await decoder.run(feeds);
        for (const [name, tensor] of Object.entries(out))
          expect(nonFinite(tensor), `${dtype} ${name} step ${step}`).toBe(0);
        expect(out['present.0.key']?.type).toBe(cacheType);
        const total = prompt + step + 1;
        feeds = {
          inputs_embeds: new ort.Tensor('float32', new Float32Array(576).fill(0.5), [1, 1, 576]),
          attention_mask: new ort.Tensor('int64', new BigInt64Array(total).fill(1n), [1, total]),
          position_ids: new ort.Tensor('int64', BigInt64Array.of(BigInt(total - 1)), [1, 1]),
        };
        for (let i = 0; i < text.layers; i++) {
          for (const kv of ['key', 'value'])
            feeds[`past_key_values.${i}.${kv}`] = out[`present.${i}.${kv}`] as ort.Tensor;
        }
      }
      await decoder.release();
    }
  }, 120_000);
});

describe('the stand-in through transformers.js, as the engine drives it', { timeout: 120_000 }, () => {
  const entry = findModel(modelCatalog(), SHAPED_256M_ID);
  if (!entry) throw new Error('the 256M stand-in is missing from models/catalog.json');
  let processor: Processor;
  let inputs: Record<string, unknown>;
  let promptLength: number;
  let restore: () => void;

  beforeAll(async () => {
    ensureShapedModel('256m', { profiles: ['wasm', 'webgpu-f16'] });
    restore = useLocalModels();
    processor = await AutoProcessor.from_pretrained(SHAPED_256M_ID);
    const pixels = new Uint8ClampedArray(224 * 224 * 3).map((_, i) => (i * 37) % 256);
    const prompt = processor.apply_chat_template(
      [
        { role: 'user', content: [{ type: 'image' }, { type: 'text', text: 'What is in this picture?' }] },
      ] as never,
      { add_generation_prompt: true },
    ) as string;
    // One global 512 px view (the engine's 'single' detail): 64 image tokens.
    inputs = await processor(prompt, [new RawImage(pixels, 224, 224, 3)], { do_image_splitting: false });
    promptLength = (inputs.input_ids as Tensor).dims[1] as number;
  }, 120_000);
  afterAll(() => restore());

  async function generated(model: PreTrainedModel, options: object): Promise<number[]> {
    const out = (await model.generate({ ...inputs, ...options })) as Tensor;
    return (out.tolist()[0] as bigint[]).slice(promptLength).map(Number);
  }

  describe('with the WASM profile (q8 vision and embeddings, q4 decoder)', () => {
    let model: PreTrainedModel;
    beforeAll(async () => {
      // The catalog's own WASM files (q4 decoder), not the speed table's pick: the loop is a property of this file.
      model = (await AutoModelForVision2Seq.from_pretrained(SHAPED_256M_ID, {
        dtype: entry.dtypes.wasm,
        device: 'cpu',
      })) as PreTrainedModel;
    }, 60_000);
    afterAll(() => model?.dispose());

    it('answers with exactly max_new_tokens (end of sequence is held down); one view is 64 image tokens', async () => {
      const imageTokens = (inputs.input_ids as Tensor).tolist()[0].filter((id: bigint) => id === 49190n);
      expect(imageTokens).toHaveLength(64);
      expect(await generated(model, decodingOptions(6))).toHaveLength(6);
    });

    it('loops under pure greedy decoding, and the engine’s repetition penalty breaks the loop', async () => {
      const greedy = await generated(model, { max_new_tokens: 10, do_sample: false });
      expect(new Set(greedy).size).toBe(1);
      const penalised = await generated(model, decodingOptions(10));
      expect(decodingOptions(10).repetition_penalty).toBe(1.1);
      expect(new Set(penalised).size).toBeGreaterThan(5);
    });
  });

  it('runs the q4f16 profile with its float16 KV cache (what GPUs with shader-f16 load)', async () => {
    const dtype = dtypesFor(entry, 'webgpu', true);
    expect(dtype).toEqual({ vision_encoder: 'q4f16', embed_tokens: 'fp16', decoder_model_merged: 'q4f16' });
    const model = (await AutoModelForVision2Seq.from_pretrained(SHAPED_256M_ID, {
      dtype,
      device: 'cpu',
    })) as PreTrainedModel;
    try {
      // transformers.js sizes and types the empty cache from the decoder's own inputs.
      const decoder = (model as unknown as { sessions: Record<string, ort.InferenceSession> }).sessions
        .decoder_model_merged as ort.InferenceSession;
      const past = decoder.inputMetadata.find((m) => m.name === 'past_key_values.0.key');
      expect(past && 'type' in past ? past.type : null).toBe('float16');
      expect(await generated(model, decodingOptions(3))).toHaveLength(3);
    } finally {
      await model.dispose();
    }
  }, 120_000);
});
