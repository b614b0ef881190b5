/**
 * A local stand-in for the Hugging Face hub on 127.0.0.1: serves `models/fixtures/<org>/<name>/<file>` at
 * `/<org>/<name>/resolve/<revision>/<file>` (every revision gives the same files), with the headers
 * transformers.js relies on (Content-Length, ETag, Range, CORS), a request log, and fault injection.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { FIXTURES_ROOT } from './fixture.ts';

export interface HubRequest {
  method: string;
  /** URL path as requested, e.g. /verdict-lens/tiny-smolvlm/resolve/main/config.json */
  path: string;
  /** 'org/name', or null when the path isn't a resolve URL */
  model: string | null;
  revision: string | null;
  /** Path inside the repo, e.g. onnx/decoder_model_merged_q4.onnx */
  file: string | null;
  range: string | null;
  status: number;
  /** What happened when a fault was injected: 'reset' | 'truncated' | 'stalled' */
  fault?: string;
  /** Body bytes written for this request (as far as the server got). */
  bytesSent: number;
}

export interface HubFaults {
  /** 'reset': accept connections and drop them; 'refuse': stop listening (connection refused). */
  offline: false | 'reset' | 'refuse';
  /** Repo file paths (e.g. 'onnx/embed_tokens_q4.onnx') answered with 404. */
  missing: Set<string>;
  /** Repo file path → bytes sent before the connection is cut (the headers still announce the full length). */
  truncated: Map<string, number>;
  /** Slow every body down to this many bytes per second (sent in small chunks); null for full speed. */
  bytesPerSecond: number | null;
  /** Repo file path → bytes sent before the server goes quiet, the connection left open (full responses only). */
  stalled: Map<string, number>;
  /** false: no Accept-Ranges, and Range headers are ignored (a whole 200 every time). */
  ranges: boolean;
  /** Repo file path → text mixed into its ETag, as if the file had changed on the hub. */
  etagSalt: Map<string, string>;
}

export interface HubServer {
  /** e.g. http://127.0.0.1:41234/ — use as transformers.js `env.remoteHost`. */
  url: string;
  port: number;
  requests: HubRequest[];
  faults: HubFaults;
  /** Requests for files of a model (GET of bodies and Range probes alike). */
  fileRequests(file?: string): HubRequest[];
  clearLog(): void;
  setOffline(mode: HubFaults['offline']): Promise<void>;
  /** Clears every fault (and comes back online). */
  heal(): Promise<void>;
  close(): Promise<void>;
}

/** transformers.js `env.remotePathTemplate` matching this server (and the real hub). */
export const HUB_PATH_TEMPLATE = '{model}/resolve/{revision}/';

const CONTENT_TYPES: Record<string, string> = {
  '.json': 'application/json; charset=utf-8',
  '.onnx': 'application/octet-stream',
  '.onnx_data': 'application/octet-stream',
  '.jinja': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

const RESOLVE = /^\/([^/]+)\/([^/]+)\/resolve\/([^/]+)\/(.+)$/;

function corsHeaders(res: ServerResponse): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Allow-Headers', 'Range, If-Range, Content-Type, Authorization');
  res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, OPTIONS');
  res.setHeader('Access-Control-Expose-Headers', 'Content-Length, Content-Range, ETag, Accept-Ranges');
}

/** Parses a single "bytes=a-b" range against a file size; null when absent or unsatisfiable. */
function parseRange(header: string | undefined, size: number): [number, number] | null {
  const m = header?.match(/^bytes=(\d*)-(\d*)$/);
  if (!m) return null;
  const [, a = '', b = ''] = m;
  let start: number;
  let end: number;
  if (a === '') {
    start = Math.max(0, size - Number(b));
    end = size - 1;
  } else {
    start = Number(a);
    end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  }
  return start <= end && start < size ? [start, end] : null;
}

async function sendBody(
  res: ServerResponse,
  body: Uint8Array,
  faults: HubFaults,
  cutAt: number | null,
  entry: HubRequest,
  stallAt: number | null = null,
) {
  const stop = stallAt ?? cutAt;
  const limit = stop === null ? body.length : Math.min(stop, body.length);
  const rate = faults.bytesPerSecond;
  const chunk = rate ? Math.max(1, Math.min(16 * 1024, Math.floor(rate / 10))) : limit || 1;
  for (let offset = 0; offset < limit; offset += chunk) {
    if (res.destroyed) return;
    const piece = body.subarray(offset, Math.min(limit, offset + chunk));
    const drained = res.write(piece);
    entry.bytesSent += piece.length;
    if (rate) await new Promise((r) => setTimeout(r, (piece.length / rate) * 1000));
    else if (!drained) await new Promise((r) => res.once('drain', r));
  }
  if (stallAt !== null && stallAt < body.length) {
    // Headers and part of the body are out; then nothing, with the connection open, until the client gives up.
    return;
  }
  if (cutAt !== null && cutAt < body.length) {
    // Let the partial body reach the client, then cut the connection mid-body.
    await new Promise((r) => setTimeout(r, 20));
    res.socket?.destroy();
    return;
  }
  res.end();
}

export async function startHubServer(options: { root?: string } = {}): Promise<HubServer> {
  const root = options.root ?? FIXTURES_ROOT;
  const requests: HubRequest[] = [];
  const faults: HubFaults = {
    offline: false,
    missing: new Set(),
    truncated: new Map(),
    bytesPerSecond: null,
    stalled: new Map(),
    ranges: true,
    etagSalt: new Map(),
  };
  const sockets = new Set<Socket>();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const match = path.match(RESOLVE);
    const entry: HubRequest = {
      method: req.method ?? 'GET',
      path,
      model: match ? `${match[1]}/${match[2]}` : null,
      revision: match?.[3] ?? null,
      file: match?.[4] ?? null,
      range: req.headers.range ?? null,
      status: 0,
      bytesSent: 0,
    };
    requests.push(entry);
    if (faults.offline === 'reset') {
      entry.fault = 'reset';
      req.socket.destroy();
      return;
    }
    corsHeaders(res);
    if (entry.method === 'OPTIONS') {
      entry.status = 204;
      res.writeHead(204).end();
      return;
    }
    const notFound = (why: string) => {
      entry.status = 404;
      // The hub answers a missing file with 404 and an error header; transformers.js only reads the status.
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Error-Code': 'EntryNotFound' });
      res.end(why);
    };
    if (!match || (entry.method !== 'GET' && entry.method !== 'HEAD')) return notFound('Not a resolve URL');
    const file = entry.file as string;
    const target = normalize(join(root, match[1] as string, match[2] as string, file));
    if (!target.startsWith(root + sep) || faults.missing.has(file)) return notFound('Entry not found');
    let size: number;
    let modified: number;
    try {
      const stat = statSync(target);
      if (!stat.isFile()) return notFound('Entry not found');
      size = stat.size;
      modified = stat.mtimeMs;
    } catch {
      return notFound('Entry not found');
    }

    // From the file's identity rather than its bytes: hashing every request of a 100 MB model file would cost
    // more than serving it, and a rewritten file gets a new mtime. A salt stands for a file changed on the hub.
    const salt = faults.etagSalt.get(file) ?? '';
    const etag = `"${createHash('sha256').update(`${target}:${size}:${modified}${salt}`).digest('hex').slice(0, 32)}"`;
    res.setHeader('ETag', etag);
    if (faults.ranges) res.setHeader('Accept-Ranges', 'bytes');
    res.setHeader('Content-Type', CONTENT_TYPES[extname(file)] ?? 'application/octet-stream');
    res.setHeader('Cache-Control', 'no-cache');
    // If-Range: the range only while the file is still the version the client holds part of.
    const ifRange = req.headers['if-range'];
    const range =
      faults.ranges && (ifRange === undefined || ifRange === etag)
        ? parseRange(req.headers.range, size)
        : null;
    let status = 200;
    let [start, end] = [0, size - 1];
    if (range) {
      status = 206;
      res.setHeader('Content-Range', `bytes ${range[0]}-${range[1]}/${size}`);
      [start, end] = range;
    }
    res.setHeader('Content-Length', String(end - start + 1));
    entry.status = status;
    res.writeHead(status);
    if (entry.method === 'HEAD') {
      res.end();
      return;
    }
    let body: Uint8Array;
    try {
      body = readFileSync(target).subarray(start, end + 1);
    } catch {
      res.destroy();
      return;
    }
    const cut = status === 200 ? (faults.truncated.get(file) ?? null) : null;
    if (cut !== null) entry.fault = 'truncated';
    const stall = status === 200 ? (faults.stalled.get(file) ?? null) : null;
    if (stall !== null) entry.fault = 'stalled';
    await sendBody(res, body, faults, cut, entry, stall);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      if (!server.listening) return resolve();
      server.close(() => resolve());
    });

  const port = await listen(0);
  const hub: HubServer = {
    url: `http://127.0.0.1:${port}/`,
    port,
    requests,
    faults,
    fileRequests: (file) =>
      requests.filter((r) => r.file !== null && (file === undefined || r.file === file)),
    clearLog: () => void requests.splice(0),
    async setOffline(mode) {
      if (mode === 'refuse' && server.listening) await stop();
      if (mode !== 'refuse' && !server.listening) await listen(port);
      faults.offline = mode;
    },
    async heal() {
      faults.missing.clear();
      faults.truncated.clear();
      faults.bytesPerSecond = null;
      faults.stalled.clear();
      faults.ranges = true;
      faults.etagSalt.clear();
      await hub.setOffline(false);
    },
    close: stop,
  };
  return hub;
}
