/**
 * The on-device SmolVLM: one model loaded at a time (load-model.ts), one conversation answered at a time
 * (answer-request.ts). Runs inside the inference worker; the host serialises requests, so calls never overlap.
 * What lives across requests lives here: the loaded model, the sessions' clock, the watch on the GPU device and
 * the conversation's cache.
 */
import type { DynamicCache } from '@huggingface/transformers';
import type { BackendPolicy, EngineConfig, ModelDownloadProgress, ModelReady } from '../protocol/messages';
import {
  type Answer,
  type AnswerListener,
  type AnswerState,
  answerRequest,
  checkConversation,
  type GenerateJob,
} from './answer-request';
import { GpuLossWatch } from './backend/gpu-loss';
import { ConversationCache, conversationCacheBound } from './generation/conversation-cache';
import { cropKeyValueCache } from './generation/kv-crop';
import { type LoadEnvironment, type LoadedModel, loadModel, readyOf, servesRequest } from './load-model';
import { SessionClock } from './measurement/session-timing';

export interface EngineListener extends AnswerListener {
  progress(progress: ModelDownloadProgress): void;
  ready(ready: ModelReady): void;
}

export class SmolVlmEngine {
  #loaded: LoadedModel | null = null;
  readonly #state: AnswerState = {
    clock: new SessionClock(),
    gpu: new GpuLossWatch(),
    conversation: new ConversationCache<DynamicCache>(
      conversationCacheBound((globalThis.navigator as { deviceMemory?: number } | undefined)?.deviceMemory),
      cropKeyValueCache,
    ),
    layout: null,
  };

  constructor(private readonly environment: LoadEnvironment) {}

  get loaded(): ModelReady | null {
    return this.#loaded ? readyOf(this.#loaded) : null;
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
    if (servesRequest(this.#loaded, modelId, policy, config)) {
      listener.ready({ ...readyOf(this.#loaded), loadMs: 0 });
      return this.#loaded;
    }
    await this.unload();
    const loaded = await loadModel(
      modelId,
      policy,
      config,
      this.environment,
      (p) => listener.progress(p),
      stop,
    );
    if (loaded.gpuDevice) this.#state.gpu.watch(loaded.gpuDevice);
    // transformers.js keeps its sessions on the model object; the clock times their runs.
    this.#state.clock.watch((loaded.model as unknown as { sessions: Record<string, unknown> }).sessions);
    this.#loaded = loaded;
    listener.ready(readyOf(loaded));
    return loaded;
  }

  async generate(
    job: GenerateJob,
    config: EngineConfig,
    listener: EngineListener,
    signal: AbortSignal,
  ): Promise<Answer> {
    checkConversation(job);
    const loadStarted = performance.now();
    const loaded = await this.load(job.modelId, job.options.backend, config, listener, signal);
    return answerRequest(loaded, job, config, this.#state, listener, signal, loadStarted);
  }

  async unload(): Promise<void> {
    const current = this.#loaded;
    this.#loaded = null;
    this.#state.layout = null;
    await this.#state.conversation.release();
    await current?.model.dispose();
  }

  /** Fault injection for the e2e tests: see GpuLossWatch.loseAtNextToken. */
  loseGpuAtNextToken(): void {
    this.#state.gpu.loseAtNextToken();
  }

  /** Its person closed the conversation: gives back the memory kept for its follow-ups. */
  async endConversation(conversationId: string): Promise<void> {
    await this.#state.conversation.end(conversationId);
  }
}
