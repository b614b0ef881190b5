import { describe, expect, test } from 'vitest';
import { INTAKE_LIMITS } from '../../src/intake/limits';
import type { EngineEvent } from '../../src/protocol/messages';
import { engineRequest, generateRequest } from '../support/engine-driver';
import { useEngineSetup } from '../support/engine-setup';
import { AVIF_BLUE_ON_CLEAR } from '../support/image-avif';
import { startImageServer } from '../support/image-server';
import { animatedGif, png, svg } from '../support/images';
import { browserImage } from './browser-images';

describe('image intake', () => {
  const setup = useEngineSetup({ site: true });

  const ask = async (url: string, question = 'What is the cat doing?') =>
    (await engineRequest(setup.page, generateRequest(url, question, 'wasm'))).last;

  test('a cross-origin PNG with no CORS headers reaches the model', async () => {
    const url = setup.site.put('/red.png', { body: png(64, 48, [230, 20, 30, 255]), type: 'image/png' });
    expect(await ask(url)).toMatchObject({ type: 'done', text: 'a red image about cat.' });
  });

  test('a transparent PNG is flattened on white: colour hidden under transparency doesn’t count', async () => {
    // Mostly fully transparent red: read without its alpha it would be a red image.
    const url = setup.site.put('/blue-on-clear.png', {
      body: png(64, 64, [255, 0, 0, 0], (x, y) =>
        x > 16 && x < 48 && y > 16 && y < 48 ? [20, 40, 240, 255] : null,
      ),
      type: 'image/png',
    });
    expect(await ask(url, 'Is this a flag?')).toMatchObject({
      type: 'done',
      text: 'a blue image about flag.',
    });
  });

  test('an SVG is rasterised', async () => {
    const url = setup.site.put('/green.svg', { body: svg(40, 30, 'rgb(10,200,40)'), type: 'image/svg+xml' });
    expect(await ask(url, 'Is there a tree?')).toMatchObject({
      type: 'done',
      text: 'a green image about tree.',
    });
  });

  test('an animated GIF is read from its first frame', async () => {
    const url = setup.site.put('/anim.gif', {
      body: animatedGif(32, 32, [20, 40, 240, 255], [230, 20, 30, 255]),
      type: 'image/gif',
    });
    expect(await ask(url, 'Is there a bird?')).toMatchObject({
      type: 'done',
      text: 'a blue image about bird.',
    });
  });

  test('a WebP served as application/octet-stream is recognised by its bytes', async () => {
    const body = await browserImage(setup.page, 'image/webp', 80, 60, 'rgb(10,200,40)');
    const url = setup.site.put('/green.bin', { body, type: 'application/octet-stream' });
    expect(await ask(url, 'Is there a ball?')).toMatchObject({
      type: 'done',
      text: 'a green image about ball.',
    });
  });

  test('an AVIF with transparency reaches the model', async () => {
    // Transparent red around a blue middle: flattened on white, blue is the strongest channel.
    const url = setup.site.put('/clear.avif', { body: AVIF_BLUE_ON_CLEAR, type: 'image/avif' });
    expect(await ask(url, 'Is there a boat?')).toMatchObject({
      type: 'done',
      text: 'a blue image about boat.',
    });
  });

  test('an SVG a page hands on as a data: URL passes the request check and is rasterised here', async () => {
    const url = `data:image/svg+xml;base64,${Buffer.from(svg(40, 30, 'rgb(230,20,30)')).toString('base64')}`;
    expect(await ask(url, 'Is there a sun?')).toMatchObject({ type: 'done', text: 'a red image about sun.' });
  });

  test('an image behind the person’s login is fetched with their cookies for that site', async () => {
    const guarded = await startImageServer();
    try {
      const url = guarded.route('/members/photo.png', (req, res) => {
        if (!/(^|; )session=member(;|$)/.test(req.headers.cookie ?? '')) {
          res.writeHead(403, { 'Content-Type': 'text/plain' }).end('members only');
          return;
        }
        res.writeHead(200, { 'Content-Type': 'image/png' }).end(png(40, 40, [10, 200, 40, 255]));
      });
      expect(await ask(url)).toMatchObject({ type: 'error', error: { code: 'image-needs-login' } });
      await setup.ext.context.addCookies([{ name: 'session', value: 'member', url: guarded.origin }]);
      expect(await ask(url, 'Is there a house?')).toMatchObject({
        type: 'done',
        text: 'a green image about house.',
      });
    } finally {
      await setup.ext.context.clearCookies();
      await guarded.close();
    }
  });

  test('a redirect to a sign-in page says the image needs a login', async () => {
    const site = await startImageServer();
    try {
      site.route('/login', { body: '<!doctype html><form>Sign in</form>', type: 'text/html' });
      const url = site.route('/private/cat.jpg', (_req, res) =>
        res.writeHead(302, { Location: '/login' }).end(),
      );
      expect(await ask(url)).toMatchObject({ type: 'error', error: { code: 'image-needs-login' } });
    } finally {
      await site.close();
    }
  });

  test('stopping a request while its image downloads closes the download; the next image works', async () => {
    const site = await startImageServer();
    try {
      let hungUp = false;
      const url = site.route('/never-ends.png', (req, res) => {
        res.writeHead(200, { 'Content-Type': 'image/png' });
        res.write(png(32, 32, [0, 0, 0, 255]).subarray(0, 40));
        req.socket.on('close', () => {
          hungUp = true;
        });
      });
      const request = generateRequest(url, 'Is there a cat?', 'wasm');
      const ended = setup.page.evaluate(
        (request) =>
          new Promise<EngineEvent>((resolve) => {
            const port = chrome.runtime.connect({ name: 'engine' });
            (globalThis as unknown as { stopIntake: () => void }).stopIntake = () =>
              port.postMessage({ type: 'cancel', requestId: request.requestId });
            port.onMessage.addListener((message: { event: EngineEvent }) => {
              if (message.event.type === 'error' || message.event.type === 'done') resolve(message.event);
            });
            port.postMessage(request);
          }),
        request,
      );
      await site.requested('/never-ends.png');
      await setup.page.evaluate(() => (globalThis as unknown as { stopIntake: () => void }).stopIntake());
      expect(await ended).toMatchObject({ type: 'error', error: { code: 'cancelled' } });
      await expect.poll(() => hungUp).toBe(true);
      const good = setup.site.put('/after-stop.png', {
        body: png(48, 48, [20, 40, 240, 255]),
        type: 'image/png',
      });
      expect(await ask(good, 'Is there a fish?')).toMatchObject({
        type: 'done',
        text: 'a blue image about fish.',
      });
    } finally {
      await site.close();
    }
  });

  test('a 6000×4000 JPEG is scaled down before the model sees it', async () => {
    const body = await browserImage(setup.page, 'image/jpeg', 6000, 4000, 'rgb(230,20,30)');
    const url = setup.site.put('/huge.jpg', { body, type: 'image/jpeg' });
    const answer = await engineRequest(setup.page, generateRequest(url, 'Is there a car?', 'wasm'));
    expect(answer.last).toMatchObject({
      type: 'done',
      text: 'a red image about car.',
      metrics: { imageWidth: INTAKE_LIMITS.maxEdge, imageHeight: 1365 },
    });
  });

  test.each([
    ['a missing image (404)', '/missing.png', null, 'image-not-found'],
    [
      'an image behind a login (403)',
      '/private.png',
      { body: 'no', type: 'text/plain', status: 403 },
      'image-needs-login',
    ],
    ['an HTML page', '/page.png', { body: '<!doctype html><p>hi</p>', type: 'image/png' }, 'image-not-image'],
    [
      'corrupt bytes',
      '/corrupt.png',
      { body: png(32, 32, [1, 2, 3, 255]).subarray(0, 60), type: 'image/png' },
      'image-decode-failed',
    ],
    [
      'a 1×1 tracking pixel',
      '/pixel.png',
      { body: png(1, 1, [0, 0, 0, 255]), type: 'image/png' },
      'image-too-small',
    ],
  ] as const)('%s gives a clear message, and the next image works', async (_label, path, response, code) => {
    const url = response ? setup.site.put(path, { ...response }) : `${setup.site.origin}${path}`;
    const failed = await ask(url);
    expect(failed).toMatchObject({ type: 'error', error: { code } });
    if (failed.type === 'error') expect(failed.error.message.length).toBeGreaterThan(10);
    const good = setup.site.put('/good.png', { body: png(48, 48, [10, 200, 40, 255]), type: 'image/png' });
    expect(await ask(good, 'Where is the dog?')).toMatchObject({
      type: 'done',
      text: 'a green image about dog.',
    });
  });
});
