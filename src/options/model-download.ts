/**
 * A download ahead of time as the Model section shows it, folded from the engine's `load` events: waiting in the
 * queue, bytes done of the total, ready on a backend, or the error. Pure, so each event's effect is unit-tested.
 */
import type { UserError } from '../protocol/errors';
import type { Backend, EngineEvent } from '../protocol/messages';

export interface ModelDownload {
  modelId: string;
  status: 'running' | 'done' | 'error' | 'stopped';
  loaded: number;
  total: number;
  /** Requests ahead of this one in the engine's queue; 0 when it runs. */
  queuedBehind: number;
  backend?: Backend;
  fallbackReason?: string | null;
  error?: UserError;
}

export function startedDownload(modelId: string): ModelDownload {
  return { modelId, status: 'running', loaded: 0, total: 0, queuedBehind: 0 };
}

export function nextDownload(current: ModelDownload, event: EngineEvent): ModelDownload {
  switch (event.type) {
    case 'queued':
      return { ...current, queuedBehind: event.position };
    case 'progress':
      return {
        ...current,
        status: 'running',
        queuedBehind: 0,
        loaded: event.progress.loaded,
        total: event.progress.total,
      };
    case 'ready':
      return {
        ...current,
        status: 'done',
        queuedBehind: 0,
        loaded: Math.max(current.loaded, current.total),
        backend: event.backend,
        fallbackReason: event.fallbackReason,
      };
    case 'error':
      return event.error.code === 'cancelled'
        ? { ...current, status: 'stopped', queuedBehind: 0 }
        : { ...current, status: 'error', queuedBehind: 0, error: event.error };
    default:
      return current;
  }
}
