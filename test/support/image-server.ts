/**
 * A 127.0.0.1 server for intake tests that need more than fixed responses: handlers that stream, lie about
 * Content-Length, redirect or hang, and a record of whether the client hung up before the body was sent.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ImageHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface ImageServer {
  /** e.g. http://127.0.0.1:41234 (no trailing slash) */
  origin: string;
  /** Serves `body` (or runs a handler) at `path`; returns the full URL. */
  route(
    path: string,
    response: ImageHandler | { body: string | Uint8Array; type: string; status?: number },
  ): string;
  /** Resolves once a request for `path` has arrived (now, if one already has). */
  requested(path: string): Promise<void>;
  close(): Promise<void>;
}

export async function startImageServer(): Promise<ImageServer> {
  const handlers = new Map<string, ImageHandler>();
  const seen = new Set<string>();
  const waiting = new Map<string, (() => void)[]>();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    seen.add(path);
    for (const wake of waiting.get(path) ?? []) wake();
    waiting.delete(path);
    res.setHeader('Cache-Control', 'no-store');
    const handler = handlers.get(path);
    if (handler) handler(req, res);
    else res.writeHead(404, { 'Content-Type': 'text/html' }).end('<!doctype html><title>Not found</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    route(path, response) {
      handlers.set(
        path,
        typeof response === 'function'
          ? response
          : (_req, res) =>
              res.writeHead(response.status ?? 200, { 'Content-Type': response.type }).end(response.body),
      );
      return `${origin}${path}`;
    },
    requested(path) {
      if (seen.has(path)) return Promise.resolve();
      return new Promise((resolve) => waiting.set(path, [...(waiting.get(path) ?? []), resolve]));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
