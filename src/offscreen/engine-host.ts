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
  EngineControlRequest,
  EngineEvent,
  EngineEventEnvelope,
  EngineHostCommand,
  EngineJobRequest,
  EngineRequestType,
  EngineStatus,
  EngineWorkerCommand,
  EngineWorkerEvent,
  EngineWorkerJob,
  ImageInput,
} from '../protocol/messages';
import { EventLog } from './event-log';
import { JobQueue } from './job-queue';

export interface WorkerHandle {
  postMessage(command: EngineWorkerCommand): void;
  terminate(): void;
}

export interface EngineHostDeps {
  startWorker(onEvent: (event: EngineWorkerEvent) => void, onCrash: (detail: string) => void): WorkerHandle;
  send(envelope: EngineEventEnvelope): void;
  /**
   * Fetches and normalises a `url` image as the page that showed it could (`pageUrl`); gives up after `stallMs`
   * without a byte from its host, or `deadlineMs` in all.
   */
  fetchImage(
    url: string,
    signal: AbortSignal,
    options: { pageUrl?: string | undefined; stallMs?: number | undefined; deadlineMs?: number | undefined },
  ): Promise<ImageInput>;
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
  request: EngineJobRequest;
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
  /** The job the worker runs: its command, kept so a fresh worker can run it again (once). */
  #active: { requestId: string; finish: () => void; command: EngineWorkerCommand; rerun: boolean } | null =
    null;
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
    switch (command.type) {
      case 'job':
        // The background works out the keep-alive from settings and measurements; the latest job's value holds.
        if (command.config.keepAliveMs) this.#idleMs = command.config.keepAliveMs;
        this.#types.set(command.request.requestId, command.request.type);
        this.#queue.enqueue({
          id: command.request.requestId,
          request: command.request,
          config: command.config,
        });
        break;
      case 'control':
        this.#control(command.request);
        break;
      default:
        // Not queued: freeing a closed conversation's cache shouldn't wait behind other people's answers.
        this.#worker?.postMessage(command);
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

  #control(request: EngineControlRequest): void {
    switch (request.type) {
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
            ? await this.#deps.fetchImage(source.url, signal, {
                pageUrl: source.pageUrl,
                stallMs: job.config.stallMs,
                deadlineMs: job.config.deadlineMs,
              })
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
    const request: EngineWorkerJob =
      job.request.type === 'load' ? job.request : { ...job.request, image: image as ImageInput };
    const command: EngineWorkerCommand = { type: 'job', request, config: job.config };
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
      this.#active = { requestId: job.id, finish, command, rerun: false };
      this.#ensureWorker().postMessage(command);
    });
  }

  #ensureWorker(): WorkerHandle {
    this.#worker ??= this.#deps.startWorker(
      (event) => this.#onWorkerEvent(event),
      () => this.#onWorkerCrash(),
    );
    return this.#worker;
  }

  #restartWorker(): void {
    this.#worker?.terminate();
    this.#worker = null;
    this.#model = { modelId: null, backend: null, fallbackReason: null };
  }

  #onWorkerEvent(event: EngineWorkerEvent): void {
    if (event.type === 'fresh-worker') {
      this.#rerunInFreshWorker(event.requestId);
      return;
    }
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

  /**
   * The worker's runtime can't run the active job (onnxruntime started there as the WebAssembly-only build, and the
   * job may need WebGPU): a fresh worker runs the same job. Once: a fresh worker has no runtime yet, so a second
   * request means something is wrong, and the job ends with an error rather than a loop.
   */
  #rerunInFreshWorker(requestId: string): void {
    const active = this.#active;
    if (active?.requestId !== requestId) return;
    this.#restartWorker();
    // Stopped while the first worker found out: nothing to run again.
    const stoppedFirst = this.#stopping.has(requestId);
    if (active.rerun || stoppedFirst) {
      this.#emit({ type: 'error', requestId, error: stoppedFirst ? stopped() : WORKER_DIED });
      active.finish();
      return;
    }
    active.rerun = true;
    this.#ensureWorker().postMessage(active.command);
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
