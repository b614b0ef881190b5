/**
 * A local verdict feed for e2e tests on 127.0.0.1: serves whatever body the test sets, with an ETag, answers
 * conditional requests with 304, sends CORS headers like a static host would, and logs every request.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FeedServer {
  url: string;
  /** Every GET so far, with the conditional headers it carried and the status it got. */
  requests: { ifNoneMatch: string | undefined; status: number }[];
  setBody(body: string | Uint8Array): void;
  close(): Promise<void>;
}

export async function startFeedServer(path = '/verdicts.json'): Promise<FeedServer> {
  let body: Uint8Array = new Uint8Array();
  let etag = '';
  const requests: FeedServer['requests'] = [];
  const cors = (h: IncomingHttpHeaders) => ({
    'Access-Control-Allow-Origin': h.origin ?? '*',
    'Access-Control-Allow-Headers': 'If-None-Match, If-Modified-Since',
    'Access-Control-Expose-Headers': 'ETag, Last-Modified',
  });
  const server = createServer((req, res) => {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { ...cors(req.headers), 'Access-Control-Allow-Methods': 'GET' });
      res.end();
      return;
    }
    if (req.url !== path) {
      res.writeHead(404, cors(req.headers)).end();
      return;
    }
    const ifNoneMatch = req.headers['if-none-match'];
    if (ifNoneMatch === etag) {
      requests.push({ ifNoneMatch, status: 304 });
      res.writeHead(304, { ...cors(req.headers), ETag: etag }).end();
      return;
    }
    requests.push({ ifNoneMatch, status: 200 });
    res.writeHead(200, { ...cors(req.headers), 'Content-Type': 'application/json', ETag: etag });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    requests,
    setBody(next) {
      body = typeof next === 'string' ? new TextEncoder().encode(next) : next;
      etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
