/**
 * The engine host: what sits between the background and the inference worker. It queues requests (one runs at a
 * time, in order, each cancellable while it waits), fetches and normalises `url` images before the worker sees
 * them, numbers every event for re-attaching clients, restarts a worker that died, and reports when it has been
 * idle so the memory can be given back. Free of extension APIs: the offscreen document (Chrome) and the background
 * page (Firefox) each inject how to start a worker and how to send events.
 */

import { isTerminalEvent } from '../protocol/engine-client-core';
import { isUserError, type UserError, userError } from '../protocol/errors';
import type {
  EngineConfig,
  EngineEvent,
  EngineEventEnvelope,
  EngineHostCommand,
  EngineRequest,
  EngineRequestType,
  EngineStatus,
  EngineWorkerCommand,
  EngineWorkerMessage,
  ImageInput,
} from '../protocol/messages';
import { EventLog } from './event-log';
import { JobQueue } from './job-queue';

export interface WorkerHandle {
  postMessage(command: EngineWorkerCommand): void;
  terminate(): void;
}

export interface EngineHostDeps {
  startWorker(
    onMessage: (message: EngineWorkerMessage) => void,
    onCrash: (detail: string) => void,
  ): WorkerHandle;
  send(envelope: EngineEventEnvelope): void;
  /** Fetches and normalises a `url` image; gives up after `stallMs` without a byte from its host. */
  fetchImage(url: string, signal: AbortSignal, stallMs?: number): Promise<ImageInput>;
  /**
   * Checks an image that came inline with the request the way a fetched one is checked (size, format, decode);
   * throws intake's error. Without it inline images pass as sent.
   */
  checkInlineImage?(image: ImageInput, signal: AbortSignal): Promise<ImageInput>;
  /** Called once nothing has run or waited for `idleMs`. */
  onIdle(idleMs: number): void;
  idleMs: number;
  /** How long a cancelled generation may take to stop before its worker is replaced. */
  cancelGraceMs?: number;
  now?: () => number;
}

type Job = {
  id: string;
  request: Extract<EngineRequest, { type: 'load' | 'generate' }>;
  config: EngineConfig;
};

const WORKER_DIED: UserError = userError(
  'worker-died',
  'The on-device model stopped unexpectedly (it may have run out of memory).',
  'Try again; the model restarts on its own. A smaller model in Options uses less memory.',
);

export class EngineHost {
  readonly #deps: EngineHostDeps;
  readonly #log: EventLog;
  readonly #types = new Map<string, EngineRequestType>();
  readonly #done = new Set<string>();
  readonly #stopping = new Set<string>();
  readonly #queue: JobQueue<Job>;
  #worker: WorkerHandle | null = null;
  #active: { requestId: string; finish: () => void } | null = null;
  #model: Pick<EngineStatus, 'modelId' | 'backend' | 'fallbackReason'> = {
    modelId: null,
    backend: null,
    fallbackReason: null,
  };
  #idleTimer: ReturnType<typeof setTimeout> | null = null;
  #idleMs: number;

  constructor(deps: EngineHostDeps) {
    this.#deps = deps;
    this.#idleMs = deps.idleMs;
    this.#log = new EventLog(deps.now ?? Date.now);
    this.#queue = new JobQueue<Job>({
      run: (job, signal) => this.#run(job, signal),
      onPosition: (job, position) => this.#emit({ type: 'queued', requestId: job.id, position }),
      onCancelledWhileWaiting: (job) =>
        this.#emit({
          type: 'error',
          requestId: job.id,
          error: userError('cancelled', 'Stopped before it started.'),
        }),
    });
  }

  handle(command: EngineHostCommand): void {
    this.#stopIdleTimer();
    // The background works out the keep-alive from settings and measurements; the latest request's value holds.
    if (command.type === 'request' && command.config.keepAliveMs) this.#idleMs = command.config.keepAliveMs;
    if (command.type === 'end-conversation' || command.type === 'lose-gpu-at-next-token') {
      // Not queued: freeing a closed conversation's cache shouldn't wait behind other people's answers.
      this.#worker?.postMessage(command);
    } else if (command.type === 'attach') {
      this.#replay(command.requestId, command.afterSeq);
    } else {
      this.#request(command.request, command.config);
    }
    this.#armIdleTimer();
  }

  status(): EngineStatus {
    return {
      ...this.#model,
      busy: this.#queue.runningId !== null,
      queued: this.#queue.size,
      keepAliveMs: this.#idleMs,
    };
  }

  /** Stops the worker and timers for good (Firefox's background page releasing the engine). */
  dispose(): void {
    this.#stopIdleTimer();
    this.#unload();
  }

  #request(request: EngineRequest, config: EngineConfig): void {
    switch (request.type) {
      case 'load':
      case 'generate':
        this.#types.set(request.requestId, request.type);
        this.#queue.enqueue({ id: request.requestId, request, config });
        return;
      case 'cancel':
        // Tokens already on their way would make "stop" look slow: from here on the request shows none.
        if (this.#queue.cancel(request.requestId) === 'running') this.#stopping.add(request.requestId);
        return;
      case 'status':
        this.#types.set(request.requestId, 'status');
        this.#emit({ type: 'status', requestId: request.requestId, status: this.status() });
        return;
      case 'unload':
        this.#types.set(request.requestId, 'unload');
        this.#unload();
        this.#emit({ type: 'status', requestId: request.requestId, status: this.status() });
        return;
      case 'attach':
        this.#replay(request.requestId, request.afterSeq);
        return;
    }
  }

  #replay(requestId: string, afterSeq: number): void {
    const missed = this.#log.since(requestId, afterSeq);
    if (missed) {
      for (const envelope of missed) this.#deps.send(envelope);
      return;
    }
    // Unknown here (this host started after the request): say so, numbered after what the client has seen.
    this.#deps.send({ seq: afterSeq + 1, event: { type: 'error', requestId, error: WORKER_DIED } });
  }

  /** Frees the model's memory now; requests still waiting run afterwards and load it again. */
  #unload(): void {
    this.#worker?.terminate();
    this.#worker = null;
    this.#model = { modelId: null, backend: null, fallbackReason: null };
    if (this.#active) {
      this.#emit({
        type: 'error',
        requestId: this.#active.requestId,
        error: userError('cancelled', 'The model was unloaded.'),
      });
      this.#active.finish();
    }
  }

  async #run(job: Job, signal: AbortSignal): Promise<void> {
    let image: ImageInput | null = null;
    if (job.request.type === 'generate') {
      const source = job.request.image;
      try {
        image =
          source.kind === 'url'
            ? await this.#deps.fetchImage(source.url, signal, job.config.stallMs)
            : this.#deps.checkInlineImage
              ? await this.#deps.checkInlineImage(source.image, signal)
              : source.image;
      } catch (error) {
        this.#emit({
          type: 'error',
          requestId: job.id,
          error: signal.aborted ? stopped() : intakeError(error),
        });
        return;
      }
    }
    if (signal.aborted) {
      this.#emit({ type: 'error', requestId: job.id, error: stopped() });
      return;
    }
    const command: EngineWorkerCommand =
      job.request.type === 'load'
        ? {
            type: 'load',
            requestId: job.id,
            modelId: job.request.modelId,
            backend: job.request.backend,
            config: job.config,
          }
        : {
            type: 'generate',
            requestId: job.id,
            modelId: job.request.modelId,
            backend: job.request.options.backend,
            config: job.config,
            image: image as ImageInput,
            conversation: job.request.conversation,
            maxNewTokens: job.request.options.maxNewTokens,
            detail: job.request.detail ?? null,
            conversationId: job.request.conversationId ?? null,
          };
    await new Promise<void>((resolve) => {
      let graceTimer: ReturnType<typeof setTimeout> | null = null;
      const finish = () => {
        if (graceTimer) clearTimeout(graceTimer);
        signal.removeEventListener('abort', onAbort);
        if (this.#active?.requestId === job.id) this.#active = null;
        resolve();
      };
      const onAbort = () => {
        this.#worker?.postMessage({ type: 'cancel', requestId: job.id });
        graceTimer = setTimeout(() => {
          // The worker didn't stop (a long synchronous kernel): replace it rather than let the line stall.
          this.#restartWorker();
          this.#emit({ type: 'error', requestId: job.id, error: stopped() });
          finish();
        }, this.#deps.cancelGraceMs ?? 5_000);
      };
      signal.addEventListener('abort', onAbort);
      this.#active = { requestId: job.id, finish };
      this.#ensureWorker().postMessage(command);
    });
  }

  #ensureWorker(): WorkerHandle {
    this.#worker ??= this.#deps.startWorker(
      (message) => this.#onWorkerMessage(message),
      () => this.#onWorkerCrash(),
    );
    return this.#worker;
  }

  #restartWorker(): void {
    this.#worker?.terminate();
    this.#worker = null;
    this.#model = { modelId: null, backend: null, fallbackReason: null };
  }

  #onWorkerMessage(message: EngineWorkerMessage): void {
    const event = message.event;
    if (event.type === 'ready') {
      this.#model = { modelId: event.modelId, backend: event.backend, fallbackReason: event.fallbackReason };
    }
    // onnxruntime can't leave a lost GPU device inside its worker: a new worker loads the model afresh next time.
    // A model that didn't fit leaves the sessions created before the one that failed (transformers.js creates them
    // side by side and never releases them) in a WASM heap that can't shrink: even a small model would not load.
    if (event.type === 'error' && (event.error.code === 'gpu-lost' || event.error.code === 'model-too-large'))
      this.#restartWorker();
    const terminal = this.#emit(event);
    if (terminal && this.#active?.requestId === event.requestId) this.#active.finish();
  }

  #onWorkerCrash(): void {
    const active = this.#active;
    this.#restartWorker();
    if (active) {
      this.#emit({ type: 'error', requestId: active.requestId, error: WORKER_DIED });
      active.finish();
    }
  }

  /** Numbers, keeps and sends an event; returns whether it ends its request. */
  #emit(event: EngineEvent): boolean {
    // A late event after the end (a token racing a cancel) would reopen a finished request.
    if (this.#done.has(event.requestId)) return false;
    if (event.type === 'token' && this.#stopping.has(event.requestId)) return false;
    const type = this.#types.get(event.requestId) ?? 'generate';
    const terminal = isTerminalEvent(event, type);
    this.#deps.send(this.#log.append(event, terminal));
    if (terminal) this.#done.add(event.requestId);
    return terminal;
  }

  #stopIdleTimer(): void {
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = null;
  }

  #armIdleTimer(): void {
    this.#stopIdleTimer();
    this.#idleTimer = setTimeout(() => {
      if (this.#queue.runningId !== null || this.#queue.size > 0) this.#armIdleTimer();
      else this.#deps.onIdle(this.#idleMs);
    }, this.#idleMs);
  }
}

function stopped(): UserError {
  return userError('cancelled', 'Stopped.');
}

/** Intake throws errors that carry a UserError (IntakeError) or plain failures; both become a message. */
function intakeError(error: unknown): UserError {
  if (isUserError(error)) return error;
  const carried = (error as { userError?: unknown } | null)?.userError;
  if (isUserError(carried)) return carried;
  // A browser's exception text means nothing to a person: keep it for developers, say what happened.
  console.warn('Image intake failed:', error);
  return userError('image-fetch-failed', "The image couldn't be read.", 'Try another image.');
}
