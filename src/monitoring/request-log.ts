/**
 * The last requests the engine served, for the options page's Performance view. A bounded ring (oldest dropped),
 * stored in storage.local: small, local only, never synced or sent anywhere.
 */
import * as v from 'valibot';
import type { SpeedSample } from '../protocol/messages';

export const REQUEST_LOG_LIMIT = 50;

const nullableMs = v.nullable(v.pipe(v.number(), v.minValue(0)));

export const RequestRecordSchema = v.object({
  requestId: v.string(),
  /** When the request finished (ms since epoch). */
  at: v.number(),
  modelId: v.string(),
  backend: v.nullable(v.picklist(['webgpu', 'wasm'])),
  outcome: v.picklist(['done', 'error', 'cancelled']),
  /** Model load time for this request; 0 when the model was already loaded. */
  loadMs: nullableMs,
  timeToFirstTokenMs: nullableMs,
  tokensPerSecond: nullableMs,
  tokens: v.pipe(v.number(), v.integer(), v.minValue(0)),
  totalMs: nullableMs,
  /** The error code for failed requests. */
  errorCode: v.optional(v.string()),
  /** Measured speeds (absent in records from before they were measured): see inference/backend/measured-speed. */
  deviceKey: v.optional(v.string()),
  detail: v.optional(v.picklist(['single', 'split'])),
  views: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  msPerView: v.optional(nullableMs),
  prefillTokensPerSecond: v.optional(nullableMs),
  reusedTokens: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
});

export type RequestRecord = v.InferOutput<typeof RequestRecordSchema>;

/** The measured speeds the log keeps, as the engine takes them (newest last). */
export function speedSamples(log: readonly RequestRecord[]): SpeedSample[] {
  return log.flatMap((r) =>
    r.outcome === 'done' && r.deviceKey && r.backend
      ? [
          {
            at: r.at,
            deviceKey: r.deviceKey,
            modelId: r.modelId,
            backend: r.backend,
            msPerView: r.msPerView ?? null,
            prefillTokensPerSecond: r.prefillTokensPerSecond ?? null,
            decodeTokensPerSecond: r.tokens > 1 ? r.tokensPerSecond : null,
            loadMs: r.loadMs !== null && r.loadMs > 0 ? r.loadMs : null,
          },
        ]
      : [],
  );
}
export type RequestOutcome = RequestRecord['outcome'];

/** Adds a record at the end, dropping the oldest beyond `limit`. Returns a new array. */
export function appendRequest(
  log: readonly RequestRecord[],
  record: RequestRecord,
  limit = REQUEST_LOG_LIMIT,
): RequestRecord[] {
  const next = [...log, record];
  return next.length > limit ? next.slice(next.length - limit) : next;
}

/** Keeps each valid stored record and drops the rest, so one bad entry never hides the others. */
export function parseRequestLog(raw: unknown, limit = REQUEST_LOG_LIMIT): RequestRecord[] {
  if (!Array.isArray(raw)) return [];
  const out: RequestRecord[] = [];
  for (const item of raw) {
    const parsed = v.safeParse(RequestRecordSchema, item);
    if (parsed.success) out.push(parsed.output);
  }
  return out.slice(Math.max(0, out.length - limit));
}

export interface RequestTotals {
  requests: number;
  done: number;
  errors: number;
  cancelled: number;
  tokens: number;
  /** Means over completed requests; null when there are none. */
  meanTimeToFirstTokenMs: number | null;
  meanTokensPerSecond: number | null;
  byBackend: { webgpu: number; wasm: number };
}

const mean = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);

export function summarizeRequests(log: readonly RequestRecord[]): RequestTotals {
  const done = log.filter((r) => r.outcome === 'done');
  return {
    requests: log.length,
    done: done.length,
    errors: log.filter((r) => r.outcome === 'error').length,
    cancelled: log.filter((r) => r.outcome === 'cancelled').length,
    tokens: log.reduce((sum, r) => sum + r.tokens, 0),
    meanTimeToFirstTokenMs: mean(
      done.flatMap((r) => (r.timeToFirstTokenMs === null ? [] : [r.timeToFirstTokenMs])),
    ),
    meanTokensPerSecond: mean(done.flatMap((r) => (r.tokensPerSecond === null ? [] : [r.tokensPerSecond]))),
    byBackend: {
      webgpu: log.filter((r) => r.backend === 'webgpu').length,
      wasm: log.filter((r) => r.backend === 'wasm').length,
    },
  };
}
