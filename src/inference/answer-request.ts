/**
 * Answering one request with a loaded model: the chat prompt, the image detail and the wait to expect (by this
 * device's measured speed, or a short probe's estimate before anything was measured), the conversation's cache for
 * follow-ups, streamed tokens, Stop, and the answer's measurements.
 */
import {
  type DynamicCache,
  InterruptableStoppingCriteria,
  type PreTrainedModel,
  type Processor,
  RawImage,
  TextStreamer,
} from '@huggingface/transformers';
import { userError } from '../protocol/errors';
import type { AnswerPlan, EngineConfig, EngineWorkerJob, GenerationMetrics } from '../protocol/messages';
import type { GpuLossWatch } from './backend/gpu-loss';
import { gpuLostError } from './backend/gpu-loss';
import { type MeasuredSpeed, speedOn } from './backend/measured-speed';
import { chatMessagesFor, conversationProblem } from './generation/chat-prompt';
import { type ConversationCache, imageIdentity } from './generation/conversation-cache';
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
import { processorFor } from './generation/view-processor';
import { describeGenerationError } from './load-errors';
import type { LoadedModel } from './load-model';
import { viewCostInTokens } from './measurement/compute-cost';
import { generationMetrics } from './measurement/metrics';
import type { SessionClock } from './measurement/session-timing';
import { probeSpeed } from './measurement/speed-probe';

/** A generate job as the worker runs it (its image already fetched and normalised by the host). */
export type GenerateJob = Extract<EngineWorkerJob, { type: 'generate' }>;

/** What answering keeps between requests; owned by the engine. */
export interface AnswerState {
  readonly clock: SessionClock;
  readonly gpu: GpuLossWatch;
  /** The last conversation's keys and values, for its follow-ups; bounded by the device's memory. */
  readonly conversation: ConversationCache<DynamicCache>;
  /** How the conversation's image was split (by its key), so a follow-up's prompt is built without the image. */
  layout: { key: string; layout: ImageLayout } | null;
}

export interface AnswerListener {
  /** What will run and how long it should take, before the answer starts. */
  plan(plan: AnswerPlan): void;
  token(text: string): void;
}

export interface Answer {
  text: string;
  metrics: GenerationMetrics;
}

/** Throws a `bad-message` error when the conversation can't be answered (it must end with the person's turn). */
export function checkConversation(job: GenerateJob): void {
  const problem = conversationProblem(job.conversation);
  if (problem) throw userError('bad-message', problem);
}

/**
 * Answers `job` with `loaded`. `loadMs` is what this request spent getting the model ready (near zero when it was
 * loaded already).
 */
export async function answerRequest(
  loaded: LoadedModel,
  job: GenerateJob,
  config: EngineConfig,
  state: AnswerState,
  listener: AnswerListener,
  signal: AbortSignal,
  loadStarted: number,
): Promise<Answer> {
  // A first answer on a device no answer has measured: a short probe first, so its wait can be told. Not at load:
  // a model loaded ahead of any question (or never asked one) needn't pay for it.
  const measured = speedOn(config.measurements ?? [], {
    deviceKey: loaded.deviceKey,
    modelId: loaded.modelId,
    backend: loaded.backend,
  });
  if (loaded.probe === undefined && !isComplete(measured)) {
    loaded.probe = await probe(loaded.model, loaded.processor);
  }
  const loadMs = performance.now() - loadStarted;
  if (signal.aborted) throw cancelled();
  // A WebGPU model whose device was lost while idle has dead sessions: the host replaces this worker on this error.
  // (A WASM model never minds: onnxruntime may let the device go when a WebGPU model is unloaded.)
  const onGpu = loaded.backend === 'webgpu';
  if (onGpu && state.gpu.lost) throw gpuLostError();
  const startedAt = performance.now();
  try {
    // The chat template accepts structured content; transformers.js's typings only describe string content.
    const messages = chatMessagesFor(job.conversation) as unknown as Parameters<
      Processor['apply_chat_template']
    >[0];
    const prompt = loaded.processor.apply_chat_template(messages, { add_generation_prompt: true }) as string;
    const tokenizer = loaded.processor.tokenizer;
    if (!tokenizer) throw new Error('The model has no tokenizer.');
    // Hashing the picture's bytes once: the plan and the cache key both need it.
    const identity = imageIdentity(job.image.dataUrl);
    const plan = planAnswer(loaded, job, state, identity, measured, tokenizer.encode(prompt).length);
    listener.plan(plan);
    // The same image, model, backend and detail: a follow-up can take up where the last answer stopped.
    const conversationKey = conversationKeyOf(loaded, plan.detail, identity);
    let imageReadyAt: number | null = null;
    const inputs = {
      text: followUpInputs(loaded, state, conversationKey, prompt),
      withImage: async () => {
        const image = await RawImage.fromURL(job.image.dataUrl);
        // 'single' skips the split into 512 px tiles: one global view, one vision-encoder pass.
        const processed = (await processorFor(loaded.processor, plan.detail)(prompt, [image], {
          do_image_splitting: plan.detail === 'split',
        })) as ProcessorInputs;
        const layout = layoutFromProcessor(processed);
        state.layout = layout ? { key: conversationKey, layout } : null;
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
        if (onGpu) state.gpu.onToken();
      },
    });
    const stop = new InterruptableStoppingCriteria();
    const onAbort = () => stop.interrupt();
    signal.addEventListener('abort', onAbort);
    state.clock.reset();
    let outcome: Awaited<ReturnType<typeof generateReusing>>;
    try {
      const answering = generateReusing(
        loaded.model,
        inputs,
        { ...decodingOptions(job.options.maxNewTokens), streamer, stopping_criteria: stop },
        state.conversation,
        conversationKey,
        job.conversationId ?? null,
      );
      outcome = await (onGpu ? state.gpu.race(answering) : answering);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
    if (signal.aborted) throw cancelled();
    const promptLength = outcome.promptTokens;
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
        tokens: Math.max(0, outcome.sequence.length - promptLength),
        promptTokens: promptLength,
        image: { width: job.image.width, height: job.image.height },
        detail: plan.detail,
        deviceKey: loaded.deviceKey,
        files: loaded.files,
        sessions: {
          ...state.clock.times,
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
function followUpInputs(
  loaded: LoadedModel,
  state: AnswerState,
  key: string,
  prompt: string,
): TextInputs | null {
  const kept = state.layout;
  if (!kept || kept.key !== key || state.conversation.held?.key !== key) return null;
  const text = expandImagePrompt(prompt, kept.layout, geometryOf(loaded.processor).tokensPerView);
  const tokenizer = loaded.processor.tokenizer as unknown as ((texts: string[]) => TextInputs) | undefined;
  return text && tokenizer ? tokenizer([text]) : null;
}

function conversationKeyOf(loaded: LoadedModel, detail: string, identity: string): string {
  return [loaded.modelId, loaded.backend, detail, identity].join('|');
}

/**
 * The detail to run and the wait to expect: the request's own detail, else the most detailed level this device's
 * measured speed answers within a few seconds. A follow-up whose image is already read waits for its words only.
 */
function planAnswer(
  loaded: LoadedModel,
  job: GenerateJob,
  state: AnswerState,
  identity: string,
  speed: MeasuredSpeed | null,
  textTokens: number,
): AnswerPlan {
  const geometry = geometryOf(loaded.processor);
  const choice = isComplete(speed)
    ? chooseDetail(job.image, textTokens, geometry, speed)
    : firstDetail(job.image, textTokens, geometry, loaded.probe ?? null);
  // Until an answer has measured this device, its waits are the probe's.
  const rates = isComplete(speed) ? speed : (loaded.probe ?? null);
  const detail = job.detail ?? choice.detail;
  const followUp = state.conversation.held?.key === conversationKeyOf(loaded, detail, identity);
  const closer = detail === 'single' && choice.views.split > 1;
  return {
    detail,
    views: choice.views[detail],
    expectedWaitMs: followUp ? estimateWaitMs(0, textTokens, geometry, rates) : choice.estimates[detail],
    closerWaitMs: closer ? choice.estimates.split : null,
    splitViews: choice.views.split,
    reason: followUp
      ? 'a follow-up: the image is already read'
      : job.detail === 'split'
        ? `all ${choice.views.split} views, as asked`
        : job.detail === 'single'
          ? 'one view, as asked'
          : choice.reason,
  };
}

/**
 * Estimates this device's speed for a model no answer has measured here (see speed-probe.ts). A failed probe
 * costs only the estimate: the answer still runs, without an expected wait.
 */
async function probe(model: PreTrainedModel, processor: Processor): Promise<MeasuredSpeed | null> {
  try {
    // Any ordinary token will do: the probe times the reading, not what is read.
    const tokenId = BigInt(processor.tokenizer?.encode(' the', { add_special_tokens: false })[0] ?? 0);
    return await probeSpeed(model, viewCostInTokens(model.config), tokenId);
  } catch (error) {
    console.warn('Speed probe failed:', error instanceof Error ? error.message : String(error));
    return null;
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

function cancelled() {
  return userError('cancelled', 'Stopped.');
}
