/**
 * The one way a download of untrusted size is read: the headers and every chunk of the body under the stall limit,
 * the body under a byte cap (Content-Length may be missing or a lie, so the bytes are counted as they come), and the
 * whole thing under an overall deadline, so a server that trickles one byte just inside the stall limit can't hold
 * the line forever either. Images and the feed read their bodies whole through `fetchCapped`; model files, which
 * are streamed on to transformers.js, read theirs through `readChunks`. Plain web APIs, so it runs in Node for the
 * unit tests.
 */
import { type FetchLike, fetchWithStallLimit, StallError } from './progress-watchdog';

export interface DownloadLimits {
  /** How long the headers, or the next chunk of the body, may take. */
  stallMs: number;
  /** Body bytes allowed; more ends the read with TooLargeError. */
  maxBytes?: number;
  /** How long the whole download may take, headers and body together; past it, DeadlineError. */
  deadlineMs?: number;
}

/** The body is over `maxBytes`: `declared` is the size the server announced, null when counting found out. */
export class TooLargeError extends Error {
  constructor(
    readonly url: string,
    readonly maxBytes: number,
    readonly declared: number | null,
  ) {
    super(`${url} is larger than ${maxBytes} bytes`);
    this.name = 'TooLargeError';
  }
}

/** The download as a whole took longer than `deadlineMs`, though bytes may still have been coming. */
export class DeadlineError extends Error {
  constructor(
    readonly url: string,
    readonly deadlineMs: number,
  ) {
    super(`${url} took longer than ${deadlineMs} ms`);
    this.name = 'DeadlineError';
  }
}

/**
 * Reads a body chunk by chunk: StallError when a chunk takes longer than `stallMs`, TooLargeError once the bytes
 * pass `maxBytes`, the signal's reason when it aborts. The stream is cancelled (the connection dropped) on any
 * failure or when the consumer stops early.
 */
export async function* readChunks(
  body: ReadableStream<Uint8Array>,
  url: string,
  limits: Pick<DownloadLimits, 'stallMs' | 'maxBytes'>,
  signal?: AbortSignal,
): AsyncGenerator<Uint8Array, void, undefined> {
  const reader = body.getReader();
  const maxBytes = limits.maxBytes ?? Number.POSITIVE_INFINITY;
  let received = 0;
  let finished = false;
  try {
    for (;;) {
      signal?.throwIfAborted();
      const { done, value } = await nextWithin(
        reader,
        limits.stallMs,
        signal,
        () => new StallError(url, limits.stallMs, 'body', received),
      );
      if (done) {
        finished = true;
        return;
      }
      received += value.byteLength;
      if (received > maxBytes) throw new TooLargeError(url, maxBytes, null);
      yield value;
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/** One read, raced against the stall timer and the caller's signal. */
function nextWithin(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  stallMs: number,
  signal: AbortSignal | undefined,
  stalled: () => StallError,
): Promise<ReadableStreamReadResult<Uint8Array>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => settle(() => reject(stalled())), stallMs);
    const onAbort = () => settle(() => reject(signal?.reason));
    let settled = false;
    function settle(then: () => void): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      then();
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    reader.read().then(
      (result) => settle(() => resolve(result)),
      (error: unknown) => settle(() => reject(error)),
    );
  });
}

/** A response whose body is still to be read under the same limits and deadline. */
export interface CappedResponse {
  response: Response;
  /** The whole body; TooLargeError at once when the declared length is over the cap. */
  bytes(): Promise<Uint8Array>;
  /** Drops the body unread (a status that carries nothing worth reading). */
  discard(): Promise<void>;
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/**
 * fetch() under every limit: the headers within the stall limit and the deadline; the body, when asked for,
 * within the stall limit per chunk, the byte cap and what is left of the deadline. Throws StallError,
 * TooLargeError, DeadlineError, the caller's abort reason, or fetch's own failure.
 */
export async function fetchCapped(
  url: string,
  init: RequestInit,
  limits: DownloadLimits,
  fetchImpl: FetchLike = fetch,
): Promise<CappedResponse> {
  const outer = init.signal ?? undefined;
  outer?.throwIfAborted();
  const deadline = new AbortController();
  const overdue = limits.deadlineMs === undefined ? null : new DeadlineError(url, limits.deadlineMs);
  const timer = overdue ? setTimeout(() => deadline.abort(overdue), limits.deadlineMs) : null;
  const signal = outer ? AbortSignal.any([outer, deadline.signal]) : deadline.signal;
  const end = () => {
    if (timer) clearTimeout(timer);
  };
  /** The deadline's own error for whatever the abort made the platform throw (fetch may wrap the reason). */
  const why = (error: unknown) => (overdue && deadline.signal.aborted && !outer?.aborted ? overdue : error);
  let response: Response;
  try {
    response = await fetchWithStallLimit(url, { ...init, signal }, limits.stallMs, fetchImpl);
  } catch (error) {
    end();
    throw why(error);
  }
  const discard = async () => {
    end();
    await response.body?.cancel().catch(() => undefined);
  };
  const bytes = async (): Promise<Uint8Array> => {
    try {
      const maxBytes = limits.maxBytes ?? Number.POSITIVE_INFINITY;
      const header = response.headers.get('content-length');
      const declared = header === null ? Number.NaN : Number(header);
      if (Number.isFinite(declared) && declared > maxBytes) {
        await response.body?.cancel().catch(() => undefined);
        throw new TooLargeError(url, maxBytes, declared);
      }
      if (!response.body) return new Uint8Array();
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of readChunks(response.body, url, limits, signal)) {
        chunks.push(chunk);
        size += chunk.byteLength;
      }
      return concat(chunks, size);
    } catch (error) {
      throw why(error);
    } finally {
      end();
    }
  };
  return { response, bytes, discard };
}

/**
 * The same response with a body that fails with StallError after `stallMs` without bytes: for code that reads the
 * body itself (transformers.js), so its download can't hang on a quiet server.
 */
export function guardBody(response: Response, url: string, stallMs: number): Response {
  const source = response.body;
  if (!source) return response;
  const chunks = readChunks(source, url, { stallMs });
  // highWaterMark 0: nothing is read before the consumer asks. A response only looked at for its headers (a size
  // probe) must not start a read that pins its connection: Chrome has six per host, and the seventh fetch waits.
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const next = await chunks.next();
          if (next.done) controller.close();
          else controller.enqueue(next.value);
        } catch (error) {
          controller.error(error);
        }
      },
      async cancel() {
        await chunks.return(undefined);
        if (!source.locked) await source.cancel().catch(() => undefined);
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
