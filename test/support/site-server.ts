/**
 * A plain web server on 127.0.0.1 for e2e pages and images: tests put responses at paths, and read back every
 * request it got (the network log of what reached this host).
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SiteResponse {
  body: string | Uint8Array;
  type: string;
  status?: number;
  /** Shared with every site (Access-Control-Allow-Origin: *), as many CDNs' images are; else with none. */
  shared?: boolean;
}

export interface SiteServer {
  /** e.g. http://127.0.0.1:41234 (no trailing slash) */
  origin: string;
  put(path: string, response: SiteResponse): string;
  requests: { method: string; path: string; headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
}

export async function startSiteServer(): Promise<SiteServer> {
  const routes = new Map<string, SiteResponse>();
  const requests: SiteServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push({ method: req.method ?? 'GET', path, headers: req.headers });
    const route = routes.get(path);
    res.setHeader('Cache-Control', 'no-store');
    if (!route) {
      res.writeHead(404, { 'Content-Type': 'text/html' }).end('<!doctype html><title>Not found</title>');
      return;
    }
    res.writeHead(route.status ?? 200, {
      'Content-Type': route.type,
      ...(route.shared ? { 'Access-Control-Allow-Origin': '*' } : {}),
    });
    res.end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    put(path, response) {
      routes.set(path, response);
      return `${origin}${path}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
