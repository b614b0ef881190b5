/**
 * Every message that crosses a process boundary in Verdict Lens, as discriminated unions.
 * Flow goes one way: UI → request → background → engine → streamed events back.
 * Extension messaging is JSON-serialised in Chrome, so payloads hold only plain data (images travel as data URLs).
 */

import type { UserError } from './errors';
import type { FeedState } from './feed-state';

export type Backend = 'webgpu' | 'wasm';
export type BackendPolicy = 'auto' | 'webgpu' | 'wasm';

/** An image already normalised by intake: decoded, scaled down, re-encoded; never a remote URL. */
export interface ImageInput {
  dataUrl: string;
  width: number;
  height: number;
}

/**
 * Where the image for a request comes from. Remote images are fetched and normalised by the engine host (it holds
 * the host permission, so cross-origin pixels are readable and the page never sees them); images only the page can
 * read (`data:`, `blob:`) are normalised in the page first, so nothing large crosses a process boundary.
 */
export type ImageSource =
  | {
      kind: 'url';
      url: string;
      /**
       * The tab's page that showed the image: it decides whether cookies go with the request and whether a private
       * address may be fetched (intake/request-policy). The background sets it from the sender's tab for content
       * scripts, whatever they said; only the extension's own pages name it themselves.
       */
      pageUrl?: string;
    }
  | { kind: 'inline'; image: ImageInput };

/**
 * How much of the image the model looks at. 'single' is one global 512 px view (64 image tokens: one vision-encoder
 * pass, seconds on a CPU); 'split' is the processor's default, up to 16 tiles of 512 px plus the global view
 * (up to 17 encoder passes and 1,000+ prompt tokens: minutes on a CPU, detail a GPU can afford).
 */
export type ImageDetail = 'single' | 'split';

export interface ChatTurn {
  role: 'user' | 'assistant';
  text: string;
}

export interface GenerationOptions {
  maxNewTokens: number;
  backend: BackendPolicy;
}

export interface FileProgress {
  file: string;
  loaded: number;
  total: number;
}

export interface ModelDownloadProgress {
  modelId: string;
  files: FileProgress[];
  loaded: number;
  total: number;
}

export interface GenerationMetrics {
  modelId: string;
  backend: Backend;
  loadMs: number;
  imageEncodeMs: number;
  timeToFirstTokenMs: number;
  tokensPerSecond: number;
  tokens: number;
  /** Tokens the model read before answering: the conversation plus the image's tokens (64 per 512 px view). */
  promptTokens: number;
  totalMs: number;
  /** The image as the model received it, after intake scaled it down. */
  imageWidth: number;
  imageHeight: number;
  /** The detail level that ran. Absent in records kept before levels existed. */
  detail?: ImageDetail;
  /** What the model's sessions did and how long they took. Absent in records kept before it was measured. */
  sessions?: SessionTimings;
  /** The browser and GPU adapter the answer ran on (see SpeedSample). */
  deviceKey?: string;
  /** The file (dtype) each session loaded; absent in records kept before files were chosen by speed. */
  files?: SessionFiles;
}

/** Which file (transformers.js dtype, e.g. 'q8') each of the model's three sessions runs. */
export interface SessionFiles {
  vision_encoder: string;
  embed_tokens: string;
  decoder_model_merged: string;
}

/**
 * One answer's measured speeds on one device (browser version + GPU adapter), model and backend: what chooses the
 * image detail and, in Automatic, the backend. Kept by the background with the request log.
 */
export interface SpeedSample {
  at: number;
  deviceKey: string;
  modelId: string;
  backend: Backend;
  /** Vision encoder ms per 512 px view; null when the answer encoded no image (a follow-up). */
  msPerView: number | null;
  prefillTokensPerSecond: number | null;
  decodeTokensPerSecond: number | null;
  /** Load time when this answer loaded the model; null when it was loaded already. */
  loadMs: number | null;
  /** The files the answer ran: which file each measurement belongs to. Absent in older samples. */
  files?: SessionFiles;
}

/** What the engine will do for a generate request, sent before it starts (after any download). */
export interface AnswerPlan {
  detail: ImageDetail;
  views: number;
  /** Expected time to the first token on this device; null until something was measured here. */
  expectedWaitMs: number | null;
  /** What asking for the full split ("Look closer") would take; null when unmeasured or when it ran already. */
  closerWaitMs: number | null;
  /** Views in the full split of this image (1 when the image is too small to split). */
  splitViews: number;
  /** Why this level, in words (shown under the answer). */
  reason: string;
}

/** Measured per answer: they give this device's per-view encode time and prefill rate. */
export interface SessionTimings {
  /** Vision encoder time, and the 512 px views it encoded (0 when a follow-up reused the image's tokens). */
  visionMs: number;
  views: number;
  /** The decoder's first pass: the prompt tokens it read, and how long that took. */
  prefillMs: number;
  prefillTokens: number;
  /** Prompt tokens taken from the conversation's cache instead of read again. */
  reusedTokens: number;
  /** Whether the image was decoded and processed (a follow-up answered from the cache needs only token ids). */
  imageProcessed?: boolean;
}

/** A UI asks the engine to load a model (ahead of a question, or from Options). */
export interface LoadRequest {
  type: 'load';
  requestId: string;
  modelId: string;
  backend: BackendPolicy;
}

/** A UI asks the engine about an image. */
export interface GenerateRequest {
  type: 'generate';
  requestId: string;
  modelId: string;
  image: ImageSource;
  conversation: ChatTurn[];
  options: GenerationOptions;
  /** Absent: the engine chooses by this device's measured speed (see inference/generation/detail-choice). */
  detail?: ImageDetail;
  /** The UI's id for the conversation (a panel, a popup demo): what it computed is kept under it. */
  conversationId?: string;
}

/** The requests that queue and run in the engine's worker; everything else the host answers itself. */
export type EngineJobRequest = LoadRequest | GenerateRequest;

/** What a UI asks of the engine over a long-lived port; each request carries an id chosen by the caller. */
export type EngineRequest =
  | EngineJobRequest
  | { type: 'cancel'; requestId: string }
  | { type: 'status'; requestId: string }
  | { type: 'unload'; requestId: string }
  /**
   * Re-attaches to a request after the port dropped (the service worker was stopped): the engine replays the events
   * numbered after `afterSeq`, or answers `worker-died` when it no longer knows the request.
   */
  | { type: 'attach'; requestId: string; afterSeq: number };

export type EngineRequestType = EngineRequest['type'];
/** Requests the host answers without the worker, and without the settings a job needs. */
export type EngineControlRequest = Exclude<EngineRequest, EngineJobRequest>;

export interface EngineStatus {
  modelId: string | null;
  backend: Backend | null;
  fallbackReason: string | null;
  busy: boolean;
  queued: number;
  /** How long the model stays loaded once idle (the keep-alive of the latest request). */
  keepAliveMs: number;
}

/** A model ready to answer, as the engine reports it. */
export interface ModelReady {
  modelId: string;
  backend: Backend;
  loadMs: number;
  fallbackReason: string | null;
  /** Whether the context that runs the model is cross-origin isolated (shared memory, so WASM threads). */
  crossOriginIsolated: boolean;
  /** Threads onnxruntime-web's WASM backend was given (onnxruntime writes back 1 when it found no shared memory). */
  wasmThreads: number;
  /**
   * Whether the engine keeps the decoder's key/value cache between steps itself (WASM, with a decoder of the known
   * layout) rather than having onnxruntime copy all of it out and back in every step.
   */
  keptCache: boolean;
  /**
   * Which onnxruntime-web build the worker's runtime started with: 'wasm', the WebAssembly-only build (smaller, so
   * it compiles and warms up in a fraction of the time), or 'webgpu', the build that also drives WebGPU.
   */
  runtime: RuntimeBuild;
}

/** onnxruntime-web's builds the extension ships (model-files/runtime-files.ts). */
export type RuntimeBuild = 'wasm' | 'webgpu';

/** What the engine streams back, each tagged with the request it answers. */
export type EngineEvent =
  | { type: 'queued'; requestId: string; position: number }
  | { type: 'progress'; requestId: string; progress: ModelDownloadProgress }
  | ({ type: 'ready'; requestId: string } & ModelReady)
  | { type: 'plan'; requestId: string; plan: AnswerPlan }
  | { type: 'token'; requestId: string; text: string }
  | { type: 'done'; requestId: string; text: string; metrics: GenerationMetrics }
  | { type: 'status'; requestId: string; status: EngineStatus }
  | { type: 'error'; requestId: string; error: UserError };

export type EngineEventType = EngineEvent['type'];

/**
 * An event as it travels from the engine host to a UI: numbered per request (from 1), so a client that re-attaches
 * asks only for what it missed. The worker's events are bare; the host adds the number, and nothing else wraps it.
 */
export interface EngineEventEnvelope {
  seq: number;
  event: EngineEvent;
}

/** What the background adds to a job before it reaches the engine: read from settings, never from the UI. */
export interface EngineConfig {
  /** Hub or mirror laid out like the hub, ending in '/'. */
  modelHost: string;
  /** Milliseconds a download may go without a byte before it is given up on (settings' stallSeconds); 30 s if absent. */
  stallMs?: number;
  /** Milliseconds an image download may take in all (settings' downloadDeadlineSeconds); intake's default if absent. */
  deadlineMs?: number;
  /** This device's measured speeds from earlier answers (all models and backends; the engine picks its own). */
  measurements?: SpeedSample[];
  /** How long the model stays loaded with nothing to do (see inference/measurement/keep-alive); the host's default if absent. */
  keepAliveMs?: number;
  /** Files chosen in Options for the requested model, per session (settings' modelFiles); Automatic if absent. */
  fileOverride?: Partial<SessionFiles>;
}

/**
 * A conversation is over (its panel or popup went away): a running engine frees what it kept for the follow-ups.
 * Sent as a one-shot runtime message, since a port's last message is lost when the view closes right after it.
 */
export interface EndConversationNotice {
  target: 'engine-relay';
  type: 'end-conversation';
  conversationId: string;
}

/** Commands that reach the worker past the queue: they must not wait behind other people's answers. */
export type EngineOutOfBandCommand =
  | { type: 'end-conversation'; conversationId: string }
  /** Fault injection for the e2e tests (only the extension's own contexts can send it): see inference/backend/gpu-loss. */
  | { type: 'lose-gpu-at-next-token' };

/** Background → engine host (offscreen document or, on Firefox, the background page itself). */
export type EngineHostCommand =
  | { type: 'job'; request: EngineJobRequest; config: EngineConfig }
  | { type: 'control'; request: EngineControlRequest }
  | EngineOutOfBandCommand;

/** Runtime messages addressed to the engine host; other extension pages ignore them by `target`. */
export interface EngineHostMessage {
  target: 'engine-host';
  command: EngineHostCommand;
}

/** A job as the worker runs it: the request with its image already fetched and normalised by the host. */
export type EngineWorkerJob = LoadRequest | (Omit<GenerateRequest, 'image'> & { image: ImageInput });

/**
 * Worker → engine host: the job's events, or word that this worker's runtime can't run the job (it started as the
 * WebAssembly-only build and the job may need WebGPU), so the host runs the same job in a fresh worker.
 */
export type EngineWorkerEvent = EngineEvent | { type: 'fresh-worker'; requestId: string };

/** Engine host → inference worker; the worker posts back `EngineWorkerEvent`s of the job it runs. */
export type EngineWorkerCommand =
  | { type: 'job'; request: EngineWorkerJob; config: EngineConfig }
  | { type: 'cancel'; requestId: string }
  | EngineOutOfBandCommand;

/** Engine host → background, over runtime messages. */
export type EngineHostNotice =
  | { target: 'background'; type: 'engine-event'; envelope: EngineEventEnvelope }
  /** Nothing ran or waited for `idleMs`: the background may close the document to give the memory back. */
  | { target: 'background'; type: 'engine-idle'; idleMs: number };

/**
 * The image someone chose with "Ask about this image", as the background keeps it in storage.session for that tab's
 * side panel (the conversation lives there, out of the page's reach). A new right-click replaces it.
 */
export interface AskTarget {
  /** New for every right-click: the side panel starts a new conversation when it changes. */
  id: string;
  tabId: number;
  frameId: number;
  /** The image's address as the menu gave it (http(s), data: or blob:). */
  srcUrl: string;
  /** The page it was chosen on, so the panel can name it after the tab moves on. */
  pageUrl: string;
  pageTitle: string;
}

/**
 * Side panel → a script injected into the chosen image's frame: read a `blob:` image, which only its page can
 * (tabs.sendMessage, so a page can't forge it). Answered with `ReadImageReply`.
 */
export interface ReadImageCommand {
  target: 'read-image';
  srcUrl: string;
}

export type ReadImageReply = { ok: true; source: ImageSource } | { ok: false; error: UserError };

/**
 * One-shot requests from the options page to the background (runtime.sendMessage), each answered with a reply.
 * The feed is fetched only in the background, so scheduled and on-demand refreshes share one path and one lock.
 */
export type OptionsRequest = { type: 'feed-refresh' };

export type OptionsReply = { type: 'feed-refreshed'; state: FeedState } | { type: 'error'; error: UserError };
