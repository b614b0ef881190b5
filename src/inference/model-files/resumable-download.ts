/**
 * A download that survives a stall or a dropped connection: when the body stops (no bytes for the stall limit, or
 * the connection is cut), it asks the server for the rest with an HTTP Range request and carries on from the byte
 * where it stopped; bytes already held are kept in a PartialStore, so even a later attempt (after the person
 * retried, or the browser restarted) starts where the last one stopped. A resumed part is used only when it is
 * verifiably the same file: the server answers 206 from exactly that byte, for the same total size, with the same
 * ETag (sent as If-Range, so a changed file comes back whole). A file that can't be verified (no ETag, no range
 * support) is fetched afresh. The consumer sees one ordinary 200 response with the whole file's length, so its
 * progress counts the bytes already held as done: truthfully, since they are.
 */
import { guardBody, readChunks } from '../../network/capped-read';
import { type FetchLike, fetchWithStallLimit } from '../../network/progress-watchdog';
import type { FileIdentity, PartialFile, PartialStore } from '../../protocol/partial-downloads';

export type { FileIdentity, PartialFile, PartialStore };

export interface ResumableOptions {
  fetch?: FetchLike;
  stallMs: number;
  store?: PartialStore | undefined;
  /** Resume attempts within one download before it gives up (the held bytes stay for the next attempt). */
  maxResumes?: number;
  /** Bytes gathered before they are written to the store (and always on a failure). */
  flushBytes?: number;
}

/** The download failed part-way; `received` bytes of `total` are held for the next attempt. */
export class DownloadCutError extends Error {
  constructor(
    readonly url: string,
    readonly received: number,
    readonly total: number,
    override readonly cause: unknown,
    readonly resumable: boolean,
  ) {
    super(`Download of ${url} stopped at ${received} of ${total} bytes`);
    this.name = 'DownloadCutError';
  }
}

/** A strong ETag (a weak one promises nothing about bytes, so it can't vouch for a resumed part). */
function strongEtag(response: Response): string | null {
  const etag = response.headers.get('etag');
  return etag && !etag.startsWith('W/') ? etag : null;
}

/** "bytes a-b/total" → [a, total]; null when absent or malformed. */
function contentRange(response: Response): [number, number] | null {
  const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(response.headers.get('content-range') ?? '');
  return m ? [Number(m[1]), Number(m[3])] : null;
}

/** Whether a response to `Range: bytes=from-` continues exactly the file we hold part of. */
export function continues(response: Response, from: number, identity: FileIdentity): boolean {
  if (response.status !== 206) return false;
  const range = contentRange(response);
  const etag = strongEtag(response);
  return range !== null && range[0] === from && range[1] === identity.total && etag === identity.etag;
}

function rangeInit(init: RequestInit, from: number, etag: string): RequestInit {
  const headers = new Headers(init.headers);
  headers.set('Range', `bytes=${from}-`);
  // A file that changed since comes back whole (200), never as a splice of two versions.
  headers.set('If-Range', etag);
  return { ...init, headers };
}

function concat(chunks: Uint8Array[], bytes: number): Uint8Array {
  const out = new Uint8Array(bytes);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/**
 * fetch() for a file that may be large: the same signature, a 200 response whose body resumes on its own. Responses
 * other than a successful full or verified partial one are passed back as they came.
 */
export async function resumableFetch(
  url: string,
  init: RequestInit,
  options: ResumableOptions,
): Promise<Response> {
  const fetchImpl = options.fetch ?? fetch;
  const { stallMs, store } = options;
  const maxResumes = options.maxResumes ?? 5;
  const flushBytes = options.flushBytes ?? 8 * 1024 * 1024;
  const get = (requestInit: RequestInit) => fetchWithStallLimit(url, requestInit, stallMs, fetchImpl);

  const method = (init.method ?? 'GET').toUpperCase();
  if (!/^https?:/i.test(url)) return fetchImpl(url, init);
  if (method !== 'GET' || new Headers(init.headers).has('Range')) {
    // A probe for the size (transformers.js asks for bytes=0-0) or any other partial read: the caller wants exactly
    // that, so it only gets the stall limit.
    const response = await get(init);
    return guardBody(response, url, stallMs);
  }
  const saved = await store?.load(url).catch(() => null);
  let held: Uint8Array[] = [];
  let offset = 0;
  let response: Response;
  if (saved && saved.bytes > 0 && saved.bytes < saved.total) {
    response = await get(rangeInit(init, saved.bytes, saved.etag));
    if (continues(response, saved.bytes, saved)) {
      held = saved.chunks;
      offset = saved.bytes;
    } else {
      // Not the same file any more (or no range support): what is held is worthless.
      await store?.clear(url).catch(() => undefined);
      if (response.status !== 200) {
        await response.body?.cancel().catch(() => undefined);
        response = await get(init);
      }
    }
  } else {
    if (saved) await store?.clear(url).catch(() => undefined);
    response = await get(init);
  }
  if ((response.status !== 200 && response.status !== 206) || !response.body) return response;

  const etag = strongEtag(response);
  const total =
    offset > 0 ? (saved?.total ?? 0) : Number(response.headers.get('content-length') ?? Number.NaN);
  const canResume =
    etag !== null && Number.isFinite(total) && total > 0 && response.headers.get('accept-ranges') === 'bytes';
  const identity: FileIdentity | null = canResume ? { etag, total } : null;

  let body: ReadableStream<Uint8Array> = response.body;
  let chunks = readChunks(body, url, { stallMs }, init.signal ?? undefined);
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let resumes = 0;
  const flush = async () => {
    if (!identity || !store || pendingBytes === 0) return;
    const bytes = concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    await store.append(url, identity, bytes).catch(() => undefined);
  };

  /** After a failure at `offset`: the rest of the file, or null when it can't be had verifiably. */
  const resume = async (): Promise<boolean> => {
    if (!identity || resumes >= maxResumes || init.signal?.aborted) return false;
    resumes += 1;
    let next: Response;
    try {
      next = await get(rangeInit(init, offset, identity.etag));
    } catch {
      return false;
    }
    if (!continues(next, offset, identity) || !next.body) {
      await next.body?.cancel().catch(() => undefined);
      return false;
    }
    body = next.body;
    chunks = readChunks(body, url, { stallMs }, init.signal ?? undefined);
    return true;
  };

  // highWaterMark 0: nothing is read before the consumer asks (see guardBody).
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        for (const chunk of held) controller.enqueue(chunk);
        held = [];
      },
      async pull(controller) {
        for (;;) {
          let failure: unknown = null;
          try {
            const next = await chunks.next();
            if (!next.done) {
              offset += next.value.byteLength;
              if (identity) {
                pending.push(next.value);
                pendingBytes += next.value.byteLength;
                if (pendingBytes >= flushBytes) await flush();
              }
              controller.enqueue(next.value);
              return;
            }
            if (!Number.isFinite(total) || offset >= total) {
              await store?.clear(url).catch(() => undefined);
              controller.close();
              return;
            }
            // The server closed the body early (a proxy's cut, a lying length): the same as a dropped connection.
            failure = new Error(`the body ended at ${offset} of ${total} bytes`);
          } catch (error) {
            failure = error;
          }
          if (init.signal?.aborted) {
            await flush();
            controller.error(init.signal.reason);
            return;
          }
          await flush();
          if (await resume()) continue;
          controller.error(new DownloadCutError(url, offset, total, failure, identity !== null));
          return;
        }
      },
      async cancel() {
        await flush();
        await chunks.return(undefined);
        if (!body.locked) await body.cancel().catch(() => undefined);
      },
    },
    { highWaterMark: 0 },
  );
  const headers = new Headers(response.headers);
  headers.delete('content-range');
  if (Number.isFinite(total)) headers.set('content-length', String(total));
  return new Response(stream, { status: 200, statusText: 'OK', headers });
}
