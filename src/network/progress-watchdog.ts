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
 * read with `readChunks` (or `guardBody`) from ./capped-read, which limits each wait for the next chunk.
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
