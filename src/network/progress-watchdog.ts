/**
 * Time limits on progress, not on size: a download may take as long as it needs while bytes keep coming, but a
 * server that answers nothing, or sends part of a body and then goes quiet, is given up on after `stallMs` of
 * silence. Plain web APIs (fetch, streams, AbortController), so the same code guards image, model and feed
 * downloads, and runs in Node for the unit tests.
 */

/** How long a download may go without a single byte before it is abandoned, unless a setting says otherwise. */
export const DEFAULT_STALL_MS = 30_000;

/** A download that went `stallMs` without progress; `phase` says whether the headers or the body stalled. */
export class StallError extends Error {
  constructor(
    readonly url: string,
    readonly stallMs: number,
    readonly phase: 'headers' | 'body',
    /** Body bytes that had arrived before it went quiet. */
    readonly receivedBytes = 0,
  ) {
    super(`No progress from ${url} for ${stallMs} ms (${phase})`);
    this.name = 'StallError';
  }
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/**
 * fetch() with a limit on the wait for the response headers. The caller's signal still aborts it; the body is
 * read with `readWithStallLimit` (or `guardBody`), which limits each wait for the next chunk.
 */
export async function fetchWithStallLimit(
  url: string,
  init: RequestInit,
  stallMs: number,
  fetchImpl: FetchLike = fetch,
): Promise<Response> {
  const outer = init.signal ?? undefined;
  outer?.throwIfAborted();
  const controller = new AbortController();
  const stall = new StallError(url, stallMs, 'headers');
  const onOuterAbort = () => controller.abort(outer?.reason);
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  const timer = setTimeout(() => controller.abort(stall), stallMs);
  try {
    return await fetchImpl(url, { ...init, signal: controller.signal });
  } catch (error) {
    if (controller.signal.reason === stall) throw stall;
    throw error;
  } finally {
    // The caller's abort listener stays: it still has to reach the body, which is read after this returns.
    clearTimeout(timer);
  }
}

/**
 * Reads a body chunk by chunk, failing with StallError when a chunk takes longer than `stallMs` to come; the
 * stream is cancelled (the connection dropped) on any failure or when the consumer stops early.
 */
export async function* readWithStallLimit(
  body: ReadableStream<Uint8Array>,
  url: string,
  stallMs: number,
  signal?: AbortSignal,
): AsyncGenerator<Uint8Array, void, undefined> {
  const reader = body.getReader();
  let received = 0;
  let finished = false;
  try {
    for (;;) {
      signal?.throwIfAborted();
      const { done, value } = await nextWithin(
        reader,
        stallMs,
        signal,
        () => new StallError(url, stallMs, 'body', received),
      );
      if (done) {
        finished = true;
        return;
      }
      received += value.byteLength;
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

/**
 * The same response with a body that fails with StallError after `stallMs` without bytes: for code that reads the
 * body itself (transformers.js), so its download can't hang on a quiet server.
 */
export function guardBody(response: Response, url: string, stallMs: number): Response {
  const source = response.body;
  if (!source) return response;
  const chunks = readWithStallLimit(source, url, stallMs);
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

/** "1 second", "2.5 seconds": a stall limit as a message says it. */
export function secondsText(ms: number): string {
  const seconds = Math.round(ms / 100) / 10;
  return `${seconds} ${seconds === 1 ? 'second' : 'seconds'}`;
}

/** host[:port] of an address, for messages that name the site. */
export function siteOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}
