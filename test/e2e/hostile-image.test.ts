/**
 * Images from servers that misbehave on purpose, and images of odd shapes or damaged bytes, through the built
 * extension's engine: each ends in a specific message (never a browser's exception text), and the request after
 * it works. The stall limit is shortened through the same setting a person would change (stallSeconds).
 */
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { EngineEvent, ImageInput } from '../../src/protocol/messages';
import { engineRequest, generateRequest, solidImage } from '../support/engine-driver';
import { useEngineSetup } from '../support/engine-setup';
import { type ImageServer, startImageServer } from '../support/image-server';
import { png } from '../support/images';

const STALL_SECONDS = 1;
const RED_PNG = png(64, 48, [230, 20, 30, 255]);

/** A PNG signature and header claiming width×height, followed by bytes that are no image at all. */
function fakePng(width: number, height: number): Buffer {
  const header = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(header, 0);
  header.writeUInt32BE(13, 8);
  header.write('IHDR', 12, 'latin1');
  header.writeUInt32BE(width, 16);
  header.writeUInt32BE(height, 20);
  header.set([8, 6, 0, 0, 0], 24);
  return Buffer.concat([header, Buffer.alloc(4096, 0x5a)]);
}

function inline(bytes: Buffer, type = 'image/png'): ImageInput {
  return { dataUrl: `data:${type};base64,${bytes.toString('base64')}`, width: 64, height: 48 };
}

describe('hostile image hosts and odd images', () => {
  const setup = useEngineSetup({ settings: { stallSeconds: STALL_SECONDS } });
  let server: ImageServer;
  const hanging: ServerResponse[] = [];

  const ask = async (image: ImageInput | string, question = 'What is the cat doing?') =>
    (await engineRequest(setup.page, generateRequest(image, question, 'wasm'))).last;

  /** The request after a failure: a plain red image, answered. */
  async function nextRequestWorks(): Promise<void> {
    const url = server.route(`/red-${Math.random().toString(36).slice(2)}.png`, {
      body: RED_PNG,
      type: 'image/png',
    });
    expect(await ask(url, 'Is there a dog?')).toMatchObject({ type: 'done', text: 'a red image about dog.' });
  }

  beforeAll(async () => {
    server = await startImageServer();
    // Load the model first, so the tests below time image downloads, not the model's.
    expect(await ask(await solidImage(setup.page, [230, 20, 30]))).toMatchObject({ type: 'done' });
  });
  afterAll(async () => {
    for (const res of hanging) res.destroy();
    await server?.close();
  });

  test('an image host that stalls mid-body is given up on, naming the site, and the queue moves on', async () => {
    const stalled = server.route('/stalls.png', (_req, res) => {
      hanging.push(res);
      res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': String(RED_PNG.length * 10) });
      res.write(RED_PNG.subarray(0, 40));
    });
    const good = server.route('/after-stall.png', { body: RED_PNG, type: 'image/png' });
    const first = engineRequest(setup.page, generateRequest(stalled, 'What is the cat doing?', 'wasm'));
    await server.requested('/stalls.png');
    const second = engineRequest(setup.page, generateRequest(good, 'Is there a bird?', 'wasm'));
    const [a, b] = await Promise.all([first, second]);
    expect(a.last).toMatchObject({
      type: 'error',
      error: {
        code: 'download-stalled',
        message: `The image host ${new URL(server.origin).host} stopped sending the image (nothing arrived for ${STALL_SECONDS} second).`,
        action: 'Try again later, or ask about another image.',
      },
    });
    // The second request waited behind the stalled one, then got its answer without anyone pressing Stop.
    expect(b.events.find((e: EngineEvent) => e.type === 'queued')).toMatchObject({ position: 1 });
    expect(b.last).toMatchObject({ type: 'done', text: 'a red image about bird.' });
  });

  test('an image host that never answers is given up on after the limit', async () => {
    const silent = server.route('/silent.png', (_req, res) => void hanging.push(res));
    const outcome = await ask(silent);
    expect(outcome).toMatchObject({ type: 'error', error: { code: 'download-stalled' } });
    expect(outcome.type === 'error' ? outcome.error.message : '').toBe(
      `The image host ${new URL(server.origin).host} didn't answer for ${STALL_SECONDS} second, so the image was given up on.`,
    );
    await nextRequestWorks();
  });

  test('a slow trickle that takes longer than the limit in all, but never pauses that long, gets through', async () => {
    const url = server.route('/trickle.png', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': String(RED_PNG.length) });
      const pieces = 6;
      const size = Math.ceil(RED_PNG.length / pieces);
      let sent = 0;
      const timer = setInterval(() => {
        res.write(RED_PNG.subarray(sent * size, (sent + 1) * size));
        sent += 1;
        if (sent === pieces) {
          clearInterval(timer);
          res.end();
        }
      }, 400);
    });
    // 6 pieces 400 ms apart: 2.4 s in all, more than twice the 1 s limit, which applies to each pause only.
    expect(await ask(url, 'Is there a boat?')).toMatchObject({
      type: 'done',
      text: 'a red image about boat.',
    });
  });

  test.each([
    [3000, 40, 2048, 512],
    [1536, 16, 1536, 384],
    [16, 3000, 512, 2048],
  ])('a %i×%i image is padded to 4:1 and answered (%i×%i reaches the model)', async (w, h, mw, mh) => {
    const url = server.route(`/thin-${w}x${h}.png`, {
      body: png(w, h, [230, 20, 30, 255]),
      type: 'image/png',
    });
    const outcome = await ask(url, 'What is the cat doing?');
    expect(outcome).toMatchObject({ type: 'done' });
    if (outcome.type !== 'done') return;
    expect(outcome.metrics).toMatchObject({ imageWidth: mw, imageHeight: mh });
    // The padding is white, so the colour named depends on how much of the image is padding; the question arrived.
    expect(outcome.text).toMatch(/^a \w+ image about cat\.$/);
  });

  test('an inline image of undecodable bytes is named as a damaged image, not a model failure', async () => {
    const outcome = await ask(inline(fakePng(64, 48)));
    expect(outcome).toMatchObject({
      type: 'error',
      error: { code: 'image-decode-failed', message: "The image's data is damaged, so it can't be read." },
    });
    await nextRequestWorks();
  });

  test('a 144-megapixel inline image is refused from its header, before any decoding', async () => {
    // Only the header is real: were the bytes decoded, they would fail as damaged, not as too large.
    const outcome = await ask(inline(fakePng(12_000, 12_000)));
    expect(outcome).toMatchObject({
      type: 'error',
      error: {
        code: 'image-too-large',
        message: 'The image is 12000×12000 pixels (144 megapixels); the limit is 100 megapixels.',
      },
    });
    await nextRequestWorks();
  });

  test('inline bytes that are not an image at all say so', async () => {
    const outcome = await ask(inline(Buffer.from('<!doctype html><p>Sign in</p>'), 'image/png'));
    expect(outcome).toMatchObject({ type: 'error', error: { code: 'image-not-image' } });
    await nextRequestWorks();
  });

  test('a thin inline image is padded at the engine boundary too', async () => {
    const outcome = await ask(inline(png(1536, 16, [20, 40, 240, 255])));
    expect(outcome).toMatchObject({ type: 'done', metrics: { imageWidth: 1536, imageHeight: 384 } });
  });
});
