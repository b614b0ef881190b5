/**
 * The baseline for engine overhead: the test model's three ONNX sessions driven directly with onnxruntime-web (the
 * version transformers.js uses, served from node_modules) in a plain 127.0.0.1 page, on inputs computed once in
 * Node (bench/direct-inputs.ts): vision encoder → embed tokens → image features into the image-token positions →
 * decoder with past key values, greedy until EOS. Only the sessions' work is timed; they are created beforehand.
 */
import { dirname, join } from 'node:path';
import type * as Ort from 'onnxruntime-web';
import type { BrowserContext, Page } from 'playwright-core';
import type { SessionDtypes } from '../src/inference/model-files/catalog';
import { downloadPlan, findModel, modelCatalog } from '../src/inference/model-files/catalog';
import { dtypesFor } from '../src/inference/model-files/file-choice';
import type { Backend, RuntimeBuild } from '../src/protocol/messages';
import { FIXTURE_MODEL_ID } from '../test/support/fixture';
import { type DirectInputs, type DirectModel, testModel } from './direct-inputs';
import { benchRuntimePaths } from './runtime-paths';
import { type StaticServer, startStaticServer } from './static-server';

const ORT_DIST = dirname(
  join(import.meta.dirname, '../node_modules/onnxruntime-web/dist/ort.webgpu.bundle.min.mjs'),
);

/**
 * The bundle transformers.js imports (`onnxruntime-web/webgpu`), with the runtime build the engine starts for the
 * same backends (src/inference/model-files/runtime-files.ts): the WebAssembly-only build for WASM alone.
 */
const pageHtml = (
  runtime: RuntimeBuild,
) => `<!doctype html><meta charset="utf-8"><title>direct onnxruntime-web</title>
<script type="module">
import * as ort from '/ort/ort.webgpu.bundle.min.mjs';
ort.env.wasm.wasmPaths = ${JSON.stringify(benchRuntimePaths(runtime))};
ort.env.wasm.proxy = false;
globalThis.ort = ort;
document.title = 'ready';
</script>`;

export interface DirectRun {
  ms: number;
  ids: number[];
}

export interface DirectPage {
  page: Page;
  /** Creates the sessions for `backend` (once) and returns the files used. */
  /** `dtypes`: the files the engine reported running (its answers' metrics); else what it would choose here. */
  prepare(backend: Backend, dtypes?: SessionDtypes): Promise<string[]>;
  run(backend: Backend, maxNewTokens: number): Promise<DirectRun>;
  close(): Promise<void>;
}

/** The files the engine loads for the test model on `backend` (no shader-f16 on SwiftShader). */
export function engineFiles(
  backend: Backend,
  modelId = FIXTURE_MODEL_ID,
  dtypes?: SessionDtypes,
): Record<'vision' | 'embed' | 'decoder', string> {
  const model = findModel(modelCatalog(), modelId);
  if (!model) throw new Error('test model missing from the catalog');
  const [vision, embed, decoder] = downloadPlan(model, dtypes ?? dtypesFor(model, backend, false)).files.map(
    (f) => f.path,
  );
  if (!vision || !embed || !decoder) throw new Error('the test model lacks a session');
  return { vision, embed, decoder };
}

/**
 * `wasmThreads`: the engine's WASM thread count (its ready event says it), so both sides compute alike. `runtime`:
 * the build the engine runs (its ready event says it); the WebGPU build runs both backends.
 */
export async function openDirectPage(
  context: BrowserContext,
  inputs: DirectInputs,
  model: DirectModel = testModel(),
  wasmThreads?: number,
  runtime: RuntimeBuild = 'webgpu',
): Promise<DirectPage> {
  const server: StaticServer = await startStaticServer(
    { '/ort/': ORT_DIST, '/model/': model.dir },
    { '/': { body: pageHtml(runtime), type: 'text/html; charset=utf-8' } },
  );
  const page = await context.newPage();
  // tsx names the page functions' inner helpers through __name(); give the page a no-op one.
  await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  await page.goto(`${server.origin}/`);
  await page.waitForFunction(() => document.title === 'ready');
  await page.evaluate(
    ({ saved, wasmThreads }) => {
      (globalThis as unknown as { directInputs: DirectInputs }).directInputs = saved;
      const ort = (globalThis as unknown as { ort: typeof Ort }).ort;
      if (wasmThreads !== undefined) ort.env.wasm.numThreads = wasmThreads;
    },
    { saved: inputs, wasmThreads },
  );

  return {
    page,
    async prepare(backend, dtypes) {
      const files = engineFiles(backend, model.id, dtypes);
      await page.evaluate(
        async ({ backend, files }) => {
          const ort = (globalThis as unknown as { ort: typeof Ort }).ort;
          const g = globalThis as unknown as {
            sessions?: Record<string, Record<string, Ort.InferenceSession>>;
          };
          g.sessions ??= {};
          if (g.sessions[backend]) return;
          const create = async (path: string, cache: boolean) => {
            const bytes = new Uint8Array(await (await fetch(`/model/${path}`)).arrayBuffer());
            const options: Ort.InferenceSession.SessionOptions = { executionProviders: [backend] };
            const probe = await ort.InferenceSession.create(bytes, options);
            // As transformers.js does on WebGPU: keep the key/value cache on the GPU between steps.
            if (cache && backend === 'webgpu') {
              const location: Record<string, 'gpu-buffer'> = {};
              for (const name of probe.outputNames)
                if (name.startsWith('present')) location[name] = 'gpu-buffer';
              await probe.release();
              return ort.InferenceSession.create(bytes, { ...options, preferredOutputLocation: location });
            }
            return probe;
          };
          g.sessions[backend] = {
            vision: await create(files.vision, false),
            embed: await create(files.embed, false),
            decoder: await create(files.decoder, true),
          };
        },
        { backend, files },
      );
      return Object.values(files);
    },
    async run(backend, maxNewTokens) {
      return page.evaluate(
        async ({ backend, maxNewTokens }) => {
          const ort = (globalThis as unknown as { ort: typeof Ort }).ort;
          const inputs = (globalThis as unknown as { directInputs: DirectInputs }).directInputs;
          const sessions = (
            globalThis as unknown as { sessions: Record<string, Record<string, Ort.InferenceSession>> }
          ).sessions[backend];
          if (!sessions?.vision || !sessions.embed || !sessions.decoder)
            throw new Error('sessions not prepared');
          const { vision, embed, decoder } = sessions;
          // Typed arrays are made before the clock starts: the inputs count as given.
          const ids = BigInt64Array.from(inputs.input_ids.data.map((v) => BigInt(v)));
          const pixels = Float32Array.from(inputs.pixel_values.data as number[]);
          const pixelMask = Uint8Array.from(inputs.pixel_attention_mask.data as number[]);
          const seq = ids.length;

          const started = performance.now();
          const [visionOut] = vision.outputNames;
          const features = (
            await vision.run({
              pixel_values: new ort.Tensor('float32', pixels, inputs.pixel_values.dims),
              pixel_attention_mask: new ort.Tensor('bool', pixelMask, inputs.pixel_attention_mask.dims),
            })
          )[visionOut as string] as Ort.Tensor;
          const embedName = embed.outputNames[0] as string;
          const embeds = (await embed.run({ input_ids: new ort.Tensor('int64', ids, [1, seq]) }))[
            embedName
          ] as Ort.Tensor;
          const hidden = embeds.dims[2] as number;
          const merged = new Float32Array(embeds.data as Float32Array);
          const featureData = features.data as Float32Array;
          let row = 0;
          for (let i = 0; i < seq; i++) {
            if (ids[i] !== BigInt(inputs.imageTokenId)) continue;
            merged.set(featureData.subarray(row * hidden, (row + 1) * hidden), i * hidden);
            row += 1;
          }
          if (row * hidden !== featureData.length) throw new Error(`image tokens ${row} ≠ features`);

          const generated: number[] = [];
          const seen = new Set(Array.from(ids, (id) => Number(id)));
          let inputsEmbeds = new ort.Tensor('float32', merged, [1, seq, hidden]);
          let past: Record<string, Ort.Tensor> = {};
          for (let layer = 0; layer < inputs.layers; layer++) {
            for (const kind of ['key', 'value']) {
              past[`past_key_values.${layer}.${kind}`] = new ort.Tensor('float32', new Float32Array(0), [
                1,
                inputs.kvHeads,
                0,
                inputs.headDim,
              ]);
            }
          }
          let length = seq;
          let step = seq;
          while (generated.length < maxNewTokens) {
            const feeds: Record<string, Ort.Tensor> = {
              inputs_embeds: inputsEmbeds,
              attention_mask: new ort.Tensor('int64', new BigInt64Array(length).fill(1n), [1, length]),
              ...past,
            };
            if (decoder.inputNames.includes('position_ids')) {
              const positions = new BigInt64Array(step);
              for (let i = 0; i < step; i++) positions[i] = BigInt(length - step + i);
              feeds.position_ids = new ort.Tensor('int64', positions, [1, step]);
            }
            const out = await decoder.run(feeds);
            const logits = out.logits as Ort.Tensor;
            const vocab = logits.dims[2] as number;
            const values = logits.data as Float32Array;
            const offset = (step - 1) * vocab;
            // The engine's repetition penalty, over every token seen so far (prompt and answer).
            for (const token of seen) {
              const at = offset + token;
              const value = values[at] as number;
              values[at] = value < 0 ? value * inputs.repetitionPenalty : value / inputs.repetitionPenalty;
            }
            let best = 0;
            for (let v = 1; v < vocab; v++)
              if ((values[offset + v] as number) > (values[offset + best] as number)) best = v;
            for (const tensor of Object.values(past)) if (tensor.location === 'gpu-buffer') tensor.dispose();
            past = {};
            for (const [name, tensor] of Object.entries(out)) {
              if (name.startsWith('present')) past[name.replace('present', 'past_key_values')] = tensor;
            }
            generated.push(best);
            seen.add(best);
            if (inputs.eosTokenIds.includes(best)) break;
            const next = (
              await embed.run({ input_ids: new ort.Tensor('int64', BigInt64Array.of(BigInt(best)), [1, 1]) })
            )[embedName] as Ort.Tensor;
            inputsEmbeds = new ort.Tensor('float32', next.data as Float32Array, [1, 1, hidden]);
            length += 1;
            step = 1;
          }
          for (const tensor of Object.values(past)) if (tensor.location === 'gpu-buffer') tensor.dispose();
          return { ms: performance.now() - started, ids: generated };
        },
        { backend, maxNewTokens },
      );
    },
    async close() {
      await page.close();
      await server.close();
    },
  };
}
