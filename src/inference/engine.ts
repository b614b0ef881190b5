/**
 * The on-device SmolVLM: loads a catalog model with transformers.js (AutoProcessor + AutoModelForVision2Seq, which
 * maps Idefics3/SmolVLM to its image-text-to-text class) on WebGPU or WASM, and answers one conversation at a time
 * with streamed tokens. Runs inside the inference worker; the host serialises requests, so calls never overlap.
 */
import {
  AutoModelForVision2Seq,
  AutoProcessor,
  type DynamicCache,
  env,
  InterruptableStoppingCriteria,
  type PreTrainedModel,
  type Processor,
  RawImage,
  type Tensor,
  TextStreamer,
} from '@huggingface/transformers';
import { DEFAULT_STALL_MS } from '../network/progress-watchdog';
import { userError } from '../protocol/errors';
import type {
  AnswerPlan,
  Backend,
  BackendPolicy,
  ChatTurn,
  EngineConfig,
  EngineWorkerCommand,
  GenerationMetrics,
  ImageInput,
  ModelDownloadProgress,
} from '../protocol/messages';
import { deviceKeyFor, orderBySpeed } from './backend/by-speed';
import { loadWithFallback } from './backend/fallback';
import { GpuLossWatch, gpuLostError, type LosableDevice } from './backend/gpu-loss';
import { probeGpu } from './backend/gpu-probe';
import { type MeasuredSpeed, speedOn } from './backend/measured-speed';
import { planBackends } from './backend/policy';
import { type WasmThreads, wasmThreadsFor } from './backend/wasm-threads';
import { chatMessagesFor, conversationProblem } from './generation/chat-prompt';
import { ConversationCache, conversationCacheBound, imageIdentity } from './generation/conversation-cache';
import { decodingOptions } from './generation/decoding-options';
import {
  chooseDetail,
  estimateWaitMs,
  firstDetail,
  isComplete,
  type ProcessorGeometry,
} from './generation/detail-choice';
import { generateReusing, type ProcessorInputs, type TextInputs } from './generation/generate-reusing';
import { expandImagePrompt, type ImageLayout, layoutFromProcessor } from './generation/image-prompt';
import { cropKeyValueCache } from './generation/kv-crop';
import {
  backendMayHelp,
  describeGenerationError,
  describeLoadError,
  type LoadContext,
  loadFailure,
} from './load-errors';
import { viewCostInTokens } from './measurement/compute-cost';
import { generationMetrics } from './measurement/metrics';
import { SessionClock } from './measurement/session-timing';
import { probeSpeed } from './measurement/speed-probe';
import { BUNDLED_MODELS_DIRECTORY, bundledModelIds } from './model-files/bundled-models';
import {
  type CatalogModel,
  downloadPlan,
  dtypesFor,
  findModel,
  modelCatalog,
  userModels,
} from './model-files/catalog';
import { modelFileFetch, prepareDownload } from './model-files/file-source';
import { DownloadTally, type LoaderProgress } from './model-files/progress-tally';
import { ortWasmPath } from './model-files/runtime-files';

const PROGRESS_INTERVAL_MS = 100;

export interface ModelReady {
  modelId: string;
  backend: Backend;
  loadMs: number;
  fallbackReason: string | null;
  /** Checked where the sessions are created: WASM gets threads only when this is true. */
  crossOriginIsolated: boolean;
  wasmThreads: number;
}

export interface EngineListener {
  progress(progress: ModelDownloadProgress): void;
  ready(ready: ModelReady): void;
  /** What will run and how long it should take, before the answer starts. */
  plan(plan: AnswerPlan): void;
  token(text: string): void;
}

interface LoadedModel extends ModelReady {
  policy: BackendPolicy;
  host: string;
  /** Browser and GPU adapter: whose measurements apply. */
  deviceKey: string;
  processor: Processor;
  model: PreTrainedModel;
  /**
   * This device's speed as a short probe estimated it, before the first answer on a device no answer has measured
   * (null when the probe couldn't say; absent when it hasn't run).
   */
  probe?: MeasuredSpeed | null;
}

/** What the worker's generate command carries, less its envelope. */
export type GenerateArgs = Omit<Extract<EngineWorkerCommand, { type: 'generate' }>, 'type' | 'requestId'>;

/**
 * Points transformers.js at where the model's files are (the model host, or the extension itself for a model
 * bundled into an offline build) and at the runtime files inside the extension.
 */
function configureTransformers(
  config: EngineConfig,
  extensionBase: string,
  bundled: boolean,
  threads: WasmThreads,
  stop: AbortSignal | undefined,
): void {
  env.allowLocalModels = bundled;
  env.allowRemoteModels = !bundled;
  env.localModelPath = new URL(BUNDLED_MODELS_DIRECTORY, extensionBase).href;
  env.remoteHost = config.modelHost;
  env.remotePathTemplate = '{model}/resolve/{revision}/';
  env.useBrowserCache = true;
  // Cache Storage keeps the files; letting the HTTP cache keep them too would double hundreds of MB on disk. A cut
  // or stalled download resumes from its own kept bytes, verified by ETag and size (model-files/resumable-download).
  env.fetch = modelFileFetch(config.stallMs ?? DEFAULT_STALL_MS, stop);
  // The runtime is part of the extension already; caching a copy would only double it on disk.
  env.useWasmCache = false;
  const wasm = env.backends.onnx.wasm;
  if (wasm) {
    wasm.wasmPaths = { wasm: ortWasmPath(extensionBase) };
    wasm.proxy = false;
    wasm.numThreads = threads.threads;
  }
}

export class SmolVlmEngine {
  #loaded: LoadedModel | null = null;
  readonly #clock = new SessionClock();
  readonly #gpu = new GpuLossWatch();
  /** The last conversation's keys and values, for its follow-ups; bounded by the device's memory. */
  /** How the conversation's image was split (by its key), so a follow-up's prompt is built without the image. */
  #layout: { key: string; layout: ImageLayout } | null = null;
  readonly #conversation = new ConversationCache<DynamicCache>(
    conversationCacheBound((globalThis.navigator as { deviceMemory?: number } | undefined)?.deviceMemory),
    cropKeyValueCache,
  );

  constructor(private readonly extensionBase: string) {}

  get loaded(): ModelReady | null {
    return this.#loaded;
  }

  /**
   * Loads `modelId` unless it is already loaded on a backend the policy allows; reports progress and ready. `stop`
   * ends its downloads (keeping what arrived) and the load with `cancelled`, so a stopped request frees the line.
   */
  async load(
    modelId: string,
    policy: BackendPolicy,
    config: EngineConfig,
    listener: EngineListener,
    stop?: AbortSignal,
  ): Promise<LoadedModel> {
    const current = this.#loaded;
    if (
      current &&
      current.modelId === modelId &&
      current.host === config.modelHost &&
      (policy === 'auto' ? current.policy === 'auto' : current.backend === policy)
    ) {
      listener.ready({ ...current, loadMs: 0 });
      return current;
    }
    await this.unload();
    const entry = findModel(modelCatalog(), modelId);
    if (!entry) {
      throw userError(
        'model-load-failed',
        `${modelId} isn't a model Verdict Lens knows how to run.`,
        'Choose a model from the list in Options.',
      );
    }
    const bundled = (await bundledModelIds(this.extensionBase)).includes(modelId);
    const isolated = globalThis.crossOriginIsolated === true;
    const threads = wasmThreadsFor({
      crossOriginIsolated: isolated,
      hardwareConcurrency: globalThis.navigator?.hardwareConcurrency,
    });
    configureTransformers(config, this.extensionBase, bundled, threads, stop);
    const started = performance.now();
    const gpu = await probeGpu();
    const inFlight = new Map<string, number>();
    const deviceKey = deviceKeyFor(
      globalThis.navigator?.userAgent ?? '',
      gpu.adapter ? (gpu.adapterName ?? 'gpu') : null,
    );
    const measured = (backend: Backend) =>
      speedOn(config.measurements ?? [], { deviceKey, modelId, backend });
    // In Automatic, the backend measured faster on this device for this model goes first.
    const plan =
      policy === 'auto'
        ? orderBySpeed(planBackends(policy, gpu), { webgpu: measured('webgpu'), wasm: measured('wasm') })
        : planBackends(policy, gpu);
    const expectedFiles = (backend: Backend | undefined) =>
      backend ? downloadPlan(entry, dtypesFor(entry, backend, gpu.shaderF16)).files : [];
    const context: LoadContext = {
      host: config.modelHost,
      inFlight,
      model: {
        label: entry.label,
        minDeviceMemoryGb: entry.minDeviceMemoryGb,
        downloadBytes: expectedFiles(plan.order[0]).reduce((sum, f) => sum + f.bytes, 0),
      },
      smaller: smallerModel(entry),
    };
    // Expected sizes first, so the bar's total is right before the first byte arrives; files still in the cache
    // count as done, and only the missing ones (never downloaded, or evicted) must fit in the space left.
    let tally = new DownloadTally(modelId, expectedFiles(plan.order[0]));
    if (!bundled) {
      try {
        const prepared = await prepareDownload(entry, expectedFiles(plan.order[0]), config.modelHost);
        for (const file of prepared.cached) tally.update({ status: 'done', file });
      } catch (error) {
        throw loadFailure(error, context);
      }
    }
    listener.progress(tally.snapshot());
    let lastSent = 0;
    const onProgress = (info: LoaderProgress) => {
      if (info.status === 'progress' && info.file) inFlight.set(info.file, info.loaded ?? 0);
      if (info.status === 'done' && info.file) inFlight.delete(info.file);
      const snapshot = tally.update(info);
      const now = performance.now();
      if (snapshot && (info.status === 'done' || now - lastSent >= PROGRESS_INTERVAL_MS)) {
        lastSent = now;
        listener.progress(snapshot);
      }
    };
    const options = { revision: entry.revision, progress_callback: onProgress };
    try {
      const processor = await AutoProcessor.from_pretrained(modelId, options);
      const loaded = await loadWithFallback(
        plan,
        async (backend) => {
          const dtype = dtypesFor(entry, backend, gpu.shaderF16);
          if (backend !== plan.order[0]) {
            // A fallback backend needs other files: start its bar afresh.
            tally = new DownloadTally(modelId, expectedFiles(backend));
            listener.progress(tally.snapshot());
          }
          return (await AutoModelForVision2Seq.from_pretrained(modelId, {
            ...options,
            dtype,
            device: backend,
          })) as PreTrainedModel;
        },
        (error) => !stop?.aborted && backendMayHelp(describeLoadError(error, context), inFlight.size),
      );
      if (loaded.backend === 'webgpu') {
        // onnxruntime-web's device, once its first WebGPU session exists (a getter returning a promise).
        const device = await (env.backends.onnx.webgpu as { device?: Promise<LosableDevice> } | undefined)
          ?.device;
        if (device) this.#gpu.watch(device);
      }
      // transformers.js keeps its sessions on the model object; the clock times their runs.
      this.#clock.watch((loaded.value as unknown as { sessions: Record<string, unknown> }).sessions);
      this.#loaded = {
        modelId,
        policy,
        host: config.modelHost,
        deviceKey,
        processor,
        model: loaded.value,
        backend: loaded.backend,
        fallbackReason: loaded.fallbackReason,
        loadMs: Math.round(performance.now() - started),
        crossOriginIsolated: isolated,
        // onnxruntime writes back 1 when it found no shared memory, so this is what it really runs with.
        wasmThreads: env.backends.onnx.wasm?.numThreads ?? threads.threads,
      };
      listener.ready(this.#loaded);
      return this.#loaded;
    } catch (error) {
      if (stop?.aborted) throw cancelled();
      throw loadFailure(error, context);
    }
  }

  async generate(
    args: GenerateArgs,
    listener: EngineListener,
    signal: AbortSignal,
  ): Promise<{
    text: string;
    metrics: GenerationMetrics;
  }> {
    const problem = conversationProblem(args.conversation);
    if (problem) throw userError('bad-message', problem);
    const loadStarted = performance.now();
    const loaded = await this.load(args.modelId, args.backend, args.config, listener, signal);
    // A first answer on a device no answer has measured: a short probe first, so its wait can be told. Not at load:
    // a model loaded ahead of any question (or never asked one) needn't pay for it.
    const measured = this.#measured(loaded, args);
    if (loaded.probe === undefined && !isComplete(measured)) {
      loaded.probe = await this.#probe(loaded.model, loaded.processor);
    }
    // Time this request spent getting the model ready (near zero when it was loaded already).
    const loadMs = performance.now() - loadStarted;
    if (signal.aborted) throw cancelled();
    // A WebGPU model whose device was lost while idle has dead sessions: the host replaces this worker on this error.
    // (A WASM model never minds: onnxruntime may let the device go when a WebGPU model is unloaded.)
    const onGpu = loaded.backend === 'webgpu';
    if (onGpu && this.#gpu.lost) throw gpuLostError();
    const startedAt = performance.now();
    try {
      // The chat template accepts structured content; transformers.js's typings only describe string content.
      const messages = chatMessagesFor(args.conversation) as unknown as Parameters<
        Processor['apply_chat_template']
      >[0];
      const prompt = loaded.processor.apply_chat_template(messages, {
        add_generation_prompt: true,
      }) as string;
      const tokenizer = loaded.processor.tokenizer;
      if (!tokenizer) throw new Error('The model has no tokenizer.');
      // Hashing the picture's bytes once: the plan and the cache key both need it.
      const identity = imageIdentity(args.image.dataUrl);
      const plan = this.#plan(loaded, args, identity, measured, tokenizer.encode(prompt).length);
      listener.plan(plan);
      // The same image, model, backend and detail: a follow-up can take up where the last answer stopped.
      const conversationKey = this.#conversationKey(loaded, plan.detail, identity);
      let imageReadyAt: number | null = null;
      const inputs = {
        text: this.#followUpInputs(loaded, conversationKey, prompt),
        withImage: async () => {
          const image = await RawImage.fromURL(args.image.dataUrl);
          // 'single' skips the split into 512 px tiles: one global view, one vision-encoder pass.
          const processed = (await loaded.processor(prompt, [image], {
            do_image_splitting: plan.detail === 'split',
          })) as ProcessorInputs;
          const layout = layoutFromProcessor(processed);
          this.#layout = layout ? { key: conversationKey, layout } : null;
          imageReadyAt = performance.now();
          return processed;
        },
      };
      const textReadyAt = performance.now();
      let text = '';
      let firstTokenAt: number | null = null;
      const streamer = new TextStreamer(tokenizer, {
        skip_prompt: true,
        skip_special_tokens: true,
        callback_function: (piece: string) => {
          if (piece === '') return;
          text += piece;
          listener.token(piece);
        },
        token_callback_function: () => {
          firstTokenAt ??= performance.now();
          if (onGpu) this.#gpu.onToken();
        },
      });
      const stop = new InterruptableStoppingCriteria();
      const onAbort = () => stop.interrupt();
      signal.addEventListener('abort', onAbort);
      this.#clock.reset();
      let outcome: Awaited<ReturnType<typeof generateReusing>>;
      try {
        const answering = generateReusing(
          loaded.model,
          inputs,
          { ...decodingOptions(args.maxNewTokens), streamer, stopping_criteria: stop },
          this.#conversation,
          conversationKey,
          args.conversationId,
        );
        outcome = await (onGpu ? this.#gpu.race(answering) : answering);
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
      if (signal.aborted) throw cancelled();
      const promptLength = outcome.promptTokens;
      const tokens = Math.max(0, outcome.sequence.length - promptLength);
      const sessionTimes = this.#clock.times;
      return {
        text: text.trim(),
        metrics: generationMetrics({
          modelId: loaded.modelId,
          backend: loaded.backend,
          loadMs,
          startedAt,
          // A follow-up answered from the cache never reads the image: its input was ready with the prompt's ids.
          imageReadyAt: imageReadyAt ?? textReadyAt,
          firstTokenAt,
          endedAt: performance.now(),
          tokens,
          promptTokens: promptLength,
          image: { width: args.image.width, height: args.image.height },
          detail: plan.detail,
          deviceKey: loaded.deviceKey,
          sessions: {
            ...sessionTimes,
            reusedTokens: outcome.reusedTokens,
            imageProcessed: outcome.imageProcessed,
          },
        }),
      };
    } catch (error) {
      throw describeGenerationError(error);
    }
  }

  /**
   * A follow-up's prompt token ids without reading the image: built from the layout its first answer's processor
   * made, when the conversation's cache holds that image at that detail (else null: the processor runs).
   */
  #followUpInputs(loaded: LoadedModel, key: string, prompt: string): TextInputs | null {
    const kept = this.#layout;
    if (!kept || kept.key !== key || this.#conversation.held?.key !== key) return null;
    const text = expandImagePrompt(prompt, kept.layout, geometryOf(loaded.processor).tokensPerView);
    const tokenizer = loaded.processor.tokenizer as unknown as ((texts: string[]) => TextInputs) | undefined;
    return text && tokenizer ? tokenizer([text]) : null;
  }

  #conversationKey(loaded: LoadedModel, detail: string, identity: string): string {
    return [loaded.modelId, loaded.backend, detail, identity].join('|');
  }

  /**
   * The detail to run and the wait to expect: the request's own detail, else the most detailed level this device's
   * measured speed answers within a few seconds. A follow-up whose image is already read waits for its words only.
   */
  #plan(
    loaded: LoadedModel,
    args: GenerateArgs,
    identity: string,
    speed: MeasuredSpeed | null,
    textTokens: number,
  ): AnswerPlan {
    const geometry = geometryOf(loaded.processor);
    const choice = isComplete(speed)
      ? chooseDetail(args.image, textTokens, geometry, speed)
      : firstDetail(args.image, textTokens, geometry, loaded.probe ?? null);
    // Until an answer has measured this device, its waits are the probe's.
    const rates = isComplete(speed) ? speed : (loaded.probe ?? null);
    const detail = args.detail ?? choice.detail;
    const followUp = this.#conversation.held?.key === this.#conversationKey(loaded, detail, identity);
    const closer = detail === 'single' && choice.views.split > 1;
    return {
      detail,
      views: choice.views[detail],
      expectedWaitMs: followUp ? estimateWaitMs(0, textTokens, geometry, rates) : choice.estimates[detail],
      closerWaitMs: closer ? choice.estimates.split : null,
      splitViews: choice.views.split,
      reason: followUp
        ? 'a follow-up: the image is already read'
        : args.detail === 'split'
          ? `all ${choice.views.split} views, as asked`
          : args.detail === 'single'
            ? 'one view, as asked'
            : choice.reason,
    };
  }

  /** What answers measured on this device for the loaded model and backend (from the request's measurements). */
  #measured(loaded: LoadedModel, args: GenerateArgs): MeasuredSpeed | null {
    return speedOn(args.config.measurements ?? [], {
      deviceKey: loaded.deviceKey,
      modelId: loaded.modelId,
      backend: loaded.backend,
    });
  }

  /**
   * Estimates this device's speed for a model no answer has measured here (see speed-probe.ts). A failed probe
   * costs only the estimate: the answer still runs, without an expected wait.
   */
  async #probe(model: PreTrainedModel, processor: Processor): Promise<MeasuredSpeed | null> {
    try {
      // Any ordinary token will do: the probe times the reading, not what is read.
      const tokenId = BigInt(processor.tokenizer?.encode(' the', { add_special_tokens: false })[0] ?? 0);
      return await probeSpeed(model, viewCostInTokens(model.config), tokenId);
    } catch (error) {
      console.warn('Speed probe failed:', error instanceof Error ? error.message : String(error));
      return null;
    }
  }

  async unload(): Promise<void> {
    const current = this.#loaded;
    this.#loaded = null;
    this.#layout = null;
    await this.#conversation.release();
    await current?.model.dispose();
  }

  /** Fault injection for the e2e tests: see GpuLossWatch.loseAtNextToken. */
  loseGpuAtNextToken(): void {
    this.#gpu.loseAtNextToken();
  }

  /** Its person closed the conversation: gives back the memory kept for its follow-ups. */
  async endConversation(conversationId: string): Promise<void> {
    await this.#conversation.end(conversationId);
  }
}

/** The processor's image geometry (see detail-choice), from its configs; SmolVLM 256M's values where one is missing. */
function geometryOf(processor: Processor): ProcessorGeometry {
  // transformers.js keeps the parsed preprocessor_config.json and processor_config.json on these objects.
  const p = processor as unknown as {
    config?: { image_seq_len?: number };
    image_processor?: {
      config?: { size?: { longest_edge?: number }; max_image_size?: { longest_edge?: number } };
    };
  };
  const image = p.image_processor?.config;
  return {
    longestEdge: image?.size?.longest_edge ?? 2048,
    tileEdge: image?.max_image_size?.longest_edge ?? 512,
    tokensPerView: p.config?.image_seq_len ?? 64,
  };
}

/** The largest model a person may choose that needs less memory than `entry`; null when none does. */
function smallerModel(entry: CatalogModel): { label: string; minDeviceMemoryGb: number } | null {
  const lighter = userModels(modelCatalog())
    .filter((m) => m.minDeviceMemoryGb < entry.minDeviceMemoryGb)
    .sort((a, b) => b.minDeviceMemoryGb - a.minDeviceMemoryGb)[0];
  return lighter ? { label: lighter.label, minDeviceMemoryGb: lighter.minDeviceMemoryGb } : null;
}

function cancelled() {
  return userError('cancelled', 'Stopped.');
}
