/**
 * Turns the engine's event stream into request records. The background taps every request it forwards and every
 * event coming back; a record is produced when a request ends (done or error). Pure and synchronous, so it is
 * tested without an engine. Requests in flight live in memory only: if the service worker stops mid-request, that
 * one request goes unrecorded, which the log can afford.
 */

import { sampleFromMetrics } from '../inference/backend/measured-speed';
import type { EngineEvent, EngineRequest, GenerationMetrics } from '../protocol/messages';
import type { RequestRecord } from './request-log';

/** The speed fields of a record: what detail and backend choices are made from. */
function measuredSpeeds(metrics: GenerationMetrics, now: number): Partial<RequestRecord> {
  const sample = sampleFromMetrics(metrics, now);
  if (!sample) return {};
  return {
    deviceKey: sample.deviceKey,
    ...(metrics.detail ? { detail: metrics.detail } : {}),
    views: metrics.sessions?.views ?? 0,
    msPerView: sample.msPerView === null ? null : Math.round(sample.msPerView * 10) / 10,
    prefillTokensPerSecond:
      sample.prefillTokensPerSecond === null ? null : Math.round(sample.prefillTokensPerSecond * 10) / 10,
    reusedTokens: metrics.sessions?.reusedTokens ?? 0,
  };
}

interface Pending {
  modelId: string;
  backend: RequestRecord['backend'];
  loadMs: number | null;
}

export class RequestTracker {
  readonly #pending = new Map<string, Pending>();

  observeRequest(request: EngineRequest): void {
    // Only generations are measured; a bare `load` (download ahead of time) has no tokens to time.
    if (request.type === 'generate') {
      this.#pending.set(request.requestId, { modelId: request.modelId, backend: null, loadMs: null });
    }
  }

  /** Returns the finished record when `event` ends a tracked request, else null. */
  observeEvent(event: EngineEvent, now: number): RequestRecord | null {
    const pending = this.#pending.get(event.requestId);
    if (!pending) return null;
    switch (event.type) {
      case 'ready':
        pending.modelId = event.modelId;
        pending.backend = event.backend;
        pending.loadMs = event.loadMs;
        return null;
      case 'done': {
        this.#pending.delete(event.requestId);
        const m = event.metrics;
        return {
          requestId: event.requestId,
          at: now,
          modelId: m.modelId,
          backend: m.backend,
          outcome: 'done',
          loadMs: m.loadMs,
          timeToFirstTokenMs: m.timeToFirstTokenMs,
          tokensPerSecond: m.tokensPerSecond,
          tokens: m.tokens,
          totalMs: m.totalMs,
          ...measuredSpeeds(event.metrics, now),
        };
      }
      case 'error':
        this.#pending.delete(event.requestId);
        return {
          requestId: event.requestId,
          at: now,
          modelId: pending.modelId,
          backend: pending.backend,
          outcome: event.error.code === 'cancelled' ? 'cancelled' : 'error',
          loadMs: pending.loadMs,
          timeToFirstTokenMs: null,
          tokensPerSecond: null,
          tokens: 0,
          totalMs: null,
          errorCode: event.error.code,
        };
      default:
        return null;
    }
  }
}
