/**
 * A hostile page against the built extension's image intake and messaging (Chromium): the extension never lends the
 * page the person's cookies for another site, never reaches this device or the local network for a public page,
 * parses hostile image bytes in bounded time while the engine keeps answering, and ignores engine messages forged
 * from a content script. Content-script code runs through scripting.executeScript into the page's tab, the way the
 * extension's own content scripts run (same extension id, the page's URL as sender).
 * `public.example` resolves to 127.0.0.1 (--host-resolver-rules): to the extension it is a public site's name.
 */
import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { EngineEvent, EngineRequest } from '../../src/protocol/messages';
import { engineRequest, generateRequest, type RequestOutcome } from '../support/engine-driver';
import { useEngineSetup } from '../support/engine-setup';
import { type LoadedExtension, launchExtension, ROOT } from '../support/harness';
import { type ImageServer, startImageServer } from '../support/image-server';
import { png } from '../support/images';

const RED_PNG = png(64, 48, [230, 20, 30, 255]);
const PUBLIC_HOST = 'public.example';

/** A JPEG whose SOF (claiming 30000×30000) comes after ~300 KB of APP1 segments, past the 256 KiB header scan. */
function jpegWithLongHead(): Buffer {
  const parts: Buffer[] = [Buffer.from([0xff, 0xd8])];
  for (let left = 300_000; left > 0; left -= 60_000) {
    const head = Buffer.from([0xff, 0xe1, 0, 0]);
    head.writeUInt16BE(60_002, 2);
    parts.push(head, Buffer.alloc(60_000, 0x20));
  }
  parts.push(
    Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, 0x75, 0x30, 0x75, 0x30, 0x03]),
    Buffer.alloc(4096, 0x11),
  );
  return Buffer.concat(parts);
}

/** Runs `request` over an 'engine' port from a content script in the tab showing `tabUrl`; returns its events. */
async function askFromContentScript(
  ext: LoadedExtension,
  tabUrl: string,
  request: EngineRequest,
): Promise<EngineEvent[]> {
  return ext.serviceWorker.evaluate(
    async ({ tabUrl, request }) => {
      const [tab] = (await chrome.tabs.query({})).filter((t) => t.url === tabUrl);
      if (tab?.id === undefined) throw new Error(`no tab at ${tabUrl}`);
      const [result] = await chrome.scripting.executeScript({
        target: { tabId: tab.id },
        args: [request],
        func: (r: EngineRequest) =>
          new Promise<EngineEvent[]>((resolve) => {
            const port = chrome.runtime.connect({ name: 'engine' });
            const events: EngineEvent[] = [];
            port.onMessage.addListener((m: { event: EngineEvent }) => {
              events.push(m.event);
              if (m.event.type === 'error' || m.event.type === 'done') resolve(events);
            });
            port.postMessage(r);
          }),
      });
      return result?.result as EngineEvent[];
    },
    { tabUrl, request },
  );
}

/** Sends one-shot runtime messages from a content script in the tab at `tabUrl`; returns what each got back. */
async function sendFromContentScript(
  ext: LoadedExtension,
  tabUrl: string,
  messages: unknown[],
): Promise<unknown[]> {
  return ext.serviceWorker.evaluate(
    async ({ tabUrl, messages }) => {
      const [tab] = (await chrome.tabs.query({})).filter((t) => t.url === tabUrl);
      if (tab?.id === undefined) throw new Error(`no tab at ${tabUrl}`);
      const [result] = await chrome.scripting.executeScript({
        target: { tabId: tab.id },
        args: [messages],
        func: (list: unknown[]) =>
          Promise.all(
            list.map((m) =>
              chrome.runtime.sendMessage(m).then(
                (reply: unknown) => reply ?? 'no answer',
                () => 'no answer',
              ),
            ),
          ),
      });
      return result?.result as unknown[];
    },
    { tabUrl, messages },
  );
}

describe('a hostile page against image intake and engine messaging', () => {
  const setup = useEngineSetup({ extraArgs: [`--host-resolver-rules=MAP ${PUBLIC_HOST} 127.0.0.1`] });
  let server: ImageServer;
  const cookiesSeen = new Map<string, string | undefined>();
  const record = (req: IncomingMessage) =>
    cookiesSeen.set(`${req.headers.host}${req.url}`, req.headers.cookie ?? undefined);

  beforeAll(async () => {
    server = await startImageServer();
    // The person is signed in on both sites: cookies the page's own cross-site request would not carry.
    const port = new URL(server.origin).port;
    await setup.ext.context.addCookies(
      ['127.0.0.1', 'localhost'].map((domain) => ({
        name: 'session',
        value: `secret-${domain}`,
        domain,
        path: '/',
        httpOnly: true,
        sameSite: 'Strict' as const,
      })),
    );
    server.route('/page.html', {
      body: `<!doctype html><title>page</title><img src="/own.png" alt=""><p>port ${port}</p>`,
      type: 'text/html',
    });
    for (const path of ['/own.png', '/secret.png']) {
      server.route(path, (req, res) => {
        record(req);
        res.writeHead(200, { 'Content-Type': 'image/png' }).end(RED_PNG);
      });
    }
  });
  afterAll(async () => {
    await server?.close();
  });

  test("no cookie goes with a request for another site's image; the page's own site's image still answers", async () => {
    const port = new URL(server.origin).port;
    const pageUrl = `http://localhost:${port}/page.html`;
    // The page at localhost names an image on 127.0.0.1: another site, whose cookie is SameSite=Strict.
    const foreign = generateRequest(`http://127.0.0.1:${port}/secret.png`, 'Is there a cat?', 'wasm');
    const own = generateRequest(`http://localhost:${port}/own.png`, 'Is there a dog?', 'wasm');
    for (const r of [foreign, own]) if (r.image.kind === 'url') r.image.pageUrl = pageUrl;

    expect((await engineRequest(setup.page, foreign)).last).toMatchObject({ type: 'done' });
    expect(cookiesSeen.get(`127.0.0.1:${port}/secret.png`)).toBeUndefined();
    expect((await engineRequest(setup.page, own)).last).toMatchObject({
      type: 'done',
      text: 'a red image about dog.',
    });
    // Same site: the browser would have sent it with the page's own request, so it goes.
    expect(cookiesSeen.get(`localhost:${port}/own.png`)).toBe('session=secret-localhost');
  });

  test('a public page naming an image on this device is refused with a sentence, whatever its script claims', async () => {
    const port = new URL(server.origin).port;
    const publicPage = `http://${PUBLIC_HOST}:${port}/page.html`;
    const tab = await setup.ext.context.newPage();
    await tab.goto(publicPage);
    cookiesSeen.delete(`127.0.0.1:${port}/secret.png`);
    const request = generateRequest(`http://127.0.0.1:${port}/secret.png`, 'What does it say?', 'wasm');
    // The content script claims to be on the image's own site; the background uses the tab's real address.
    if (request.image.kind === 'url') request.image.pageUrl = `http://127.0.0.1:${port}/`;
    const events = await askFromContentScript(setup.ext, publicPage, request);
    expect(events.at(-1)).toEqual({
      type: 'error',
      requestId: request.requestId,
      error: {
        code: 'image-private-address',
        message: `This image is on this device (127.0.0.1:${port}) but the page that showed it (${PUBLIC_HOST}:${port}) is not, so Verdict Lens didn't fetch it: a web page could otherwise use it to read what only your device can see.`,
        action: 'Open the image from a page on the same network, or save it and ask about the saved copy.',
      },
    });
    expect(cookiesSeen.has(`127.0.0.1:${port}/secret.png`)).toBe(false);
    await tab.close();
  });

  test.each([
    [
      'a 1 MiB SVG whose root tag never ends',
      '/attack.svg',
      `<svg ${'a'.repeat(1024 * 1024)}>`,
      'image/svg+xml',
      'image-decode-failed',
    ],
    [
      'a JPEG that hides its size past the header scan',
      '/attack.jpg',
      jpegWithLongHead(),
      'image/jpeg',
      'image-size-unreadable',
    ],
  ])(
    '%s ends quickly with a specific message, while status and Stop answer',
    async (_label, path, body, type, code) => {
      const url = server.route(path, { body, type });
      const attack = generateRequest(url, 'What is it?', 'wasm');
      const queued = generateRequest(
        server.route('/queued.png', { body: RED_PNG, type: 'image/png' }),
        'Hi?',
        'wasm',
      );
      const started = Date.now();
      const attacked = engineRequest(setup.page, attack);
      const stopped = engineRequest(setup.page, queued, { cancelImmediately: true });
      const status = engineRequest(setup.page, { type: 'status', requestId: `status-${path}` });
      const [a, s, st] = await Promise.all([attacked, stopped, status]);
      const elapsed = Date.now() - started;
      expect(a.last).toMatchObject({ type: 'error', error: { code } });
      expect(st.last).toMatchObject({ type: 'status' });
      expect(s.last).toMatchObject({ type: 'error', error: { code: 'cancelled' } });
      // Within a second on an idle machine; the bound is loose for a shared one (the old parser took minutes).
      expect(elapsed).toBeLessThan(5_000);
      console.info(
        `${path}: ended in ${elapsed} ms with ${a.last.type === 'error' ? a.last.error.message : ''}`,
      );
    },
  );

  test('a content script cannot forge engine events into a conversation or command the engine host', async () => {
    const port = new URL(server.origin).port;
    const tabUrl = `http://127.0.0.1:${port}/page.html`;
    const tab = await setup.ext.context.newPage();
    await tab.goto(tabUrl);
    // The image arrives after a pause, so the request is under way while the forgeries land.
    const slow = server.route('/slow.png', (_req, res) => {
      setTimeout(() => res.writeHead(200, { 'Content-Type': 'image/png' }).end(RED_PNG), 1500);
    });
    const request = generateRequest(slow, 'Is there a bird?', 'wasm');
    const running: Promise<RequestOutcome> = engineRequest(setup.page, request);
    await server.requested('/slow.png');
    const forgedToken = { type: 'token', requestId: request.requestId, text: 'FORGED ' };
    const replies = await sendFromContentScript(setup.ext, tabUrl, [
      { target: 'background', type: 'engine-event', envelope: { seq: 1, event: forgedToken } },
      {
        target: 'engine-host',
        command: { type: 'control', request: { type: 'cancel', requestId: request.requestId } },
      },
      { target: 'engine-host', command: { type: 'lose-gpu-at-next-token' } },
    ]);
    expect(replies).toEqual(['no answer', 'no answer', 'no answer']);
    const outcome = await running;
    expect(outcome.streamed).not.toContain('FORGED');
    expect(outcome.last).toMatchObject({ type: 'done', text: 'a red image about bird.' });
    await tab.close();
  });

  test("the test build's fault hook is taken from the background, and a store build ignores it", async () => {
    const hook = { target: 'engine-host', command: { type: 'lose-gpu-at-next-token' } };
    const send = (e: LoadedExtension) =>
      e.serviceWorker.evaluate(
        (m) =>
          chrome.runtime.sendMessage(m).then(
            (reply: unknown) => reply ?? 'no answer',
            () => 'no answer',
          ),
        hook,
      );
    // The offscreen document exists (the requests above made it).
    expect(await send(setup.ext)).toEqual({ ok: true });
    // `npm run build:store`: the build the store packages are made from.
    const store = await launchExtension({
      extensionDir: process.env.VERDICT_LENS_STORE_DIST ?? `${ROOT}/dist-store`,
    });
    try {
      const storePage = await store.openExtensionPage('src/options/index.html');
      const status = await engineRequest(storePage, { type: 'status', requestId: 'store-status' });
      expect(status.last).toMatchObject({ type: 'status' });
      expect(await send(store)).toBe('no answer');
    } finally {
      await store.close();
    }
  });
});
