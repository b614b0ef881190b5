/**
 * The engine client's logic, free of browser APIs so it runs under Node tests: requests with ids, streamed events,
 * cancel, and re-attaching after the port drops (the service worker was stopped) so a caller never hangs.
 */
import { userError } from './errors';
import type {
  BackendPolicy,
  EngineEvent,
  EngineEventEnvelope,
  EngineRequest,
  EngineStatus,
  GenerateRequest,
} from './messages';
import { randomId } from './random-id';

export const ENGINE_PORT_NAME = 'engine';

/** The part of a runtime Port the client needs; a fake one in tests. */
export interface EnginePortLike {
  postMessage(message: EngineRequest): void;
  disconnect(): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}

/** A generate request less what the client fills in; a `conversationId` keeps its cache until `endConversation`. */
export type GenerateInput = Omit<GenerateRequest, 'type' | 'requestId'>;

export interface EngineCall {
  requestId: string;
  /** Resolves with the request's last event: `done`, `ready`, `status` or `error` (never rejects, never hangs). */
  finished: Promise<EngineEvent>;
  cancel(): void;
}

export interface EngineClient {
  generate(input: GenerateInput, onEvent?: (event: EngineEvent) => void): EngineCall;
  load(modelId: string, backend: BackendPolicy, onEvent?: (event: EngineEvent) => void): EngineCall;
  status(): Promise<EngineStatus>;
  unload(): Promise<EngineStatus>;
  /** The conversation is over (its panel or popup closed): the engine frees its cache. Expects no answer. */
  endConversation(conversationId: string): void;
  /** Drops the port; pending calls end with a `cancelled` error. */
  close(): void;
}

export interface EngineClientOptions {
  connect: () => EnginePortLike;
  /** How many reconnects in a row may fail before pending calls end with `worker-died`. */
  maxReconnects?: number;
  /** Delay before a reconnect, so a stopping worker has finished stopping. */
  reconnectDelayMs?: number;
  newId?: () => string;
  /** Delivers a conversation's end as a one-shot message (see EndConversationNotice); none in Node tests. */
  endConversation?: (conversationId: string) => void;
}

const TERMINAL: ReadonlySet<EngineEvent['type']> = new Set(['done', 'ready', 'status', 'error']);

export function isTerminalEvent(event: EngineEvent, request: EngineRequest['type']): boolean {
  if (event.type === 'error') return true;
  if (request === 'generate') return event.type === 'done';
  return TERMINAL.has(event.type);
}

interface Pending {
  request: EngineRequest;
  lastSeq: number;
  onEvent: (event: EngineEvent) => void;
  resolve: (event: EngineEvent) => void;
}

function isEnvelope(value: unknown): value is EngineEventEnvelope {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<EngineEventEnvelope>;
  return typeof v.seq === 'number' && typeof v.event === 'object' && v.event !== null;
}

let counter = 0;
function defaultId(): string {
  counter += 1;
  return `${randomId()}-${counter}`;
}

export function createEngineClientCore(options: EngineClientOptions): EngineClient {
  const maxReconnects = options.maxReconnects ?? 3;
  const reconnectDelayMs = options.reconnectDelayMs ?? 150;
  const newId = options.newId ?? defaultId;
  const pending = new Map<string, Pending>();
  let port: EnginePortLike | null = null;
  let failedReconnects = 0;
  let closed = false;

  const finish = (id: string, event: EngineEvent) => {
    const call = pending.get(id);
    if (!call) return;
    pending.delete(id);
    call.resolve(event);
  };

  const failAll = (code: 'worker-died' | 'cancelled') => {
    // Giving up ends these calls; a later request starts with its full share of reconnects.
    failedReconnects = 0;
    for (const [id, call] of [...pending]) {
      const error =
        code === 'worker-died'
          ? userError(
              'worker-died',
              'The on-device model stopped responding before it finished.',
              'Try again; the model restarts on its own.',
            )
          : userError('cancelled', 'The request was stopped.');
      const event: EngineEvent = { type: 'error', requestId: id, error };
      call.onEvent(event);
      finish(id, event);
    }
  };

  const onMessage = (message: unknown) => {
    if (!isEnvelope(message)) return;
    const call = pending.get(message.event.requestId);
    if (!call || message.seq <= call.lastSeq) return;
    call.lastSeq = message.seq;
    failedReconnects = 0;
    call.onEvent(message.event);
    if (isTerminalEvent(message.event, call.request.type)) finish(message.event.requestId, message.event);
  };

  const open = (): EnginePortLike => {
    const next = options.connect();
    next.onMessage.addListener(onMessage);
    next.onDisconnect.addListener(() => {
      if (port === next) port = null;
      if (closed || pending.size === 0) return;
      // The background was stopped (or restarted): wake it and ask for what we missed, by request id.
      failedReconnects += 1;
      if (failedReconnects > maxReconnects) {
        failAll('worker-died');
        return;
      }
      setTimeout(reattach, reconnectDelayMs);
    });
    port = next;
    return next;
  };

  const reattach = () => {
    if (closed || pending.size === 0) return;
    let next: EnginePortLike;
    try {
      next = port ?? open();
    } catch {
      failAll('worker-died');
      return;
    }
    for (const [requestId, call] of pending) {
      next.postMessage({ type: 'attach', requestId, afterSeq: call.lastSeq });
    }
  };

  const send = (request: EngineRequest, onEvent: (event: EngineEvent) => void): Promise<EngineEvent> =>
    new Promise<EngineEvent>((resolve) => {
      if (closed) {
        resolve({
          type: 'error',
          requestId: request.requestId,
          error: userError('cancelled', 'The engine client was closed.'),
        });
        return;
      }
      pending.set(request.requestId, { request, lastSeq: 0, onEvent, resolve });
      try {
        (port ?? open()).postMessage(request);
      } catch {
        failAll('worker-died');
      }
    });

  const cancel = (requestId: string) => {
    if (!pending.has(requestId)) return;
    try {
      (port ?? open()).postMessage({ type: 'cancel', requestId });
    } catch {
      failAll('worker-died');
    }
  };

  const call = (request: EngineRequest, onEvent: (event: EngineEvent) => void = () => {}): EngineCall => ({
    requestId: request.requestId,
    finished: send(request, onEvent),
    cancel: () => cancel(request.requestId),
  });

  const statusOf = async (request: EngineRequest): Promise<EngineStatus> => {
    const last = await call(request).finished;
    if (last.type === 'status') return last.status;
    throw new Error(last.type === 'error' ? last.error.message : `unexpected ${last.type}`);
  };

  return {
    generate(input, onEvent) {
      return call({ type: 'generate', requestId: newId(), ...input }, onEvent);
    },
    load(modelId, backend, onEvent) {
      return call({ type: 'load', requestId: newId(), modelId, backend }, onEvent);
    },
    status: () => statusOf({ type: 'status', requestId: newId() }),
    unload: () => statusOf({ type: 'unload', requestId: newId() }),
    // Not tied to the port: a view ends its conversation as it goes away, after (or while) closing its client.
    endConversation(conversationId) {
      options.endConversation?.(conversationId);
    },
    close() {
      closed = true;
      failAll('cancelled');
      port?.disconnect();
      port = null;
    },
  };
}
