/**
 * Intake's browser-only work checked pixel by pixel in real Chromium: every format decoded, transparency
 * flattened on white, huge and rotated photos scaled without squashing, SVGs sized, and each bad input refused
 * with its own code. The module is bundled on its own with Vite's JS API into a temp folder (never into dist/)
 * and loaded in a page on 127.0.0.1. The extension's own path (cross-origin fetch with host permission, through
 * the engine to the model) is in intake.test.ts.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readImageHeader } from '../../src/intake/image-size';
import { INTAKE_LIMITS } from '../../src/intake/limits';
import { ROOT } from '../support/harness';
import { AVIF_BLUE_ON_CLEAR } from '../support/image-avif';
import { withExifOrientation } from '../support/image-exif';
import { type ImageServer, startImageServer } from '../support/image-server';
import { animatedGif, png, svg } from '../support/images';

type Rgb = [number, number, number];

/** What a call to intake gave in the page: the image as the model gets it, sampled, or the error. */
type Outcome =
  | { ok: true; width: number; height: number; mime: string; samples: Rgb[] }
  | { ok: false; name: string; code: string | null; message: string };

/** Sample points as fractions of the output's width and height. */
type Points = [number, number][];

const CENTRE: Points = [[0.5, 0.5]];
const WHITE: Rgb = [255, 255, 255];
const RED: Rgb = [230, 20, 30];
const GREEN: Rgb = [10, 200, 40];
const BLUE: Rgb = [20, 40, 240];

/** Close to a colour, allowing for JPEG's losses. */
function near(actual: Rgb | undefined, expected: Rgb, tolerance = 40): boolean {
  return !!actual && actual.every((v, i) => Math.abs(v - (expected[i] ?? 0)) <= tolerance);
}

describe('intake in the browser', () => {
  let bundleDir: string;
  let server: ImageServer;
  let browser: Browser;
  let page: Page;

  /**
   * Runs normaliseImageBlob (bytes given) or fetchImageForModel (url given) in the page; samples the result by
   * decoding the data URL it returned, as the model's image processor would.
   */
  const intake = (input: { bytes?: Uint8Array; type?: string; url?: string }, points: Points = CENTRE) =>
    page.evaluate(
      async ({ base64, type, url, points }): Promise<Outcome> => {
        const api = (globalThis as unknown as { intake: typeof import('../../src/intake/index') }).intake;
        try {
          const image =
            url !== null
              ? await api.fetchImageForModel(url, undefined, { pageUrl: location.href })
              : await api.normaliseImageBlob(
                  new Blob([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], { type }),
                );
          const blob = await (await fetch(image.dataUrl)).blob();
          const bitmap = await createImageBitmap(blob);
          const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
          const context = canvas.getContext('2d', { willReadFrequently: true });
          if (!context) throw new Error('no 2d context');
          context.drawImage(bitmap, 0, 0);
          const samples = points.map(([fx, fy]) => {
            const x = Math.min(bitmap.width - 1, Math.floor(fx * bitmap.width));
            const y = Math.min(bitmap.height - 1, Math.floor(fy * bitmap.height));
            const [r = 0, g = 0, b = 0] = context.getImageData(x, y, 1, 1).data;
            return [r, g, b] as Rgb;
          });
          if (bitmap.width !== image.width || bitmap.height !== image.height) {
            throw new Error(
              `data URL is ${bitmap.width}×${bitmap.height}, reported ${image.width}×${image.height}`,
            );
          }
          return { ok: true, width: image.width, height: image.height, mime: blob.type, samples };
        } catch (error) {
          const e = error as {
            name?: string;
            message?: string;
            userError?: { code: string; message: string };
          };
          return {
            ok: false,
            name: e.name ?? 'unknown',
            code: e.userError?.code ?? null,
            message: e.userError?.message ?? e.message ?? String(error),
          };
        }
      },
      {
        base64: input.bytes ? Buffer.from(input.bytes).toString('base64') : '',
        type: input.type ?? '',
        url: input.url ?? null,
        points,
      },
    );

  /** Encodes an image in the browser (Node has no JPEG or WebP encoder): `draw` fills halves or the whole. */
  const encode = async (
    type: string,
    width: number,
    height: number,
    fill: { left: Rgb; right: Rgb } | { all: Rgb; alpha?: number },
  ): Promise<Buffer> => {
    const base64 = await page.evaluate(
      async ({ type, width, height, fill }) => {
        const canvas = new OffscreenCanvas(width, height);
        const context = canvas.getContext('2d');
        if (!context) throw new Error('no 2d context');
        // No helper functions in here: the test transpiler would wrap them in one the page doesn't have.
        if ('all' in fill) {
          context.fillStyle = `rgba(${fill.all.join(',')},${fill.alpha ?? 1})`;
          context.fillRect(0, 0, width, height);
        } else {
          context.fillStyle = `rgb(${fill.left.join(',')})`;
          context.fillRect(0, 0, width / 2, height);
          context.fillStyle = `rgb(${fill.right.join(',')})`;
          context.fillRect(width / 2, 0, width / 2, height);
        }
        const bytes = new Uint8Array(
          await (await canvas.convertToBlob({ type, quality: 0.92 })).arrayBuffer(),
        );
        let binary = '';
        for (let i = 0; i < bytes.length; i += 0x8000)
          binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
        return btoa(binary);
      },
      { type, width, height, fill },
    );
    return Buffer.from(base64, 'base64');
  };

  beforeAll(async () => {
    bundleDir = mkdtempSync(join(tmpdir(), 'verdict-lens-intake-bundle-'));
    await build({
      configFile: false,
      root: ROOT,
      logLevel: 'warn',
      build: {
        outDir: bundleDir,
        emptyOutDir: true,
        minify: false,
        copyPublicDir: false,
        lib: { entry: join(ROOT, 'src/intake/index.ts'), formats: ['es'], fileName: () => 'intake.js' },
      },
    });
    const bundle = readFileSync(join(bundleDir, 'intake.js'));
    server = await startImageServer();
    // A module script, not import() in page.evaluate: the test transpiler rewrites import() calls.
    const pageHtml =
      '<!doctype html><title>intake</title><script type="module">import * as intake from "/intake.js"; globalThis.intake = intake;</script>';
    server.route('/', { body: pageHtml, type: 'text/html' });
    server.route('/intake.js', { body: bundle, type: 'text/javascript' });
    // A page whose CSP forbids every image load: an SVG can't be rasterised through an <img> there.
    server.route('/strict', (_req, res) =>
      res
        .writeHead(200, { 'Content-Type': 'text/html', 'Content-Security-Policy': "img-src 'none'" })
        .end(pageHtml),
    );
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-dev-shm-usage'],
    });
    page = await browser.newPage();
    await page.goto(`${server.origin}/`);
    await page.waitForFunction(() => 'intake' in globalThis);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
  });

  describe('formats', () => {
    test('transparent PNG: what was see-through becomes white, not black', async () => {
      const bytes = png(64, 64, [255, 0, 0, 0], (x, y) =>
        x >= 16 && x < 48 && y >= 16 && y < 48 ? [...BLUE, 255] : null,
      );
      const out = await intake({ bytes, type: 'image/png' }, [
        [0.05, 0.05],
        [0.5, 0.5],
      ]);
      expect(out).toMatchObject({ ok: true, width: 64, height: 64, mime: 'image/jpeg' });
      if (!out.ok) return;
      expect(near(out.samples[0], WHITE, 12)).toBe(true);
      expect(near(out.samples[1], BLUE)).toBe(true);
    });

    test('animated GIF: the first frame, not the last', async () => {
      const out = await intake({
        bytes: animatedGif(32, 32, [...BLUE, 255], [...RED, 255]),
        type: 'image/gif',
      });
      expect(out).toMatchObject({ ok: true, width: 32, height: 32 });
      if (out.ok) expect(near(out.samples[0], BLUE)).toBe(true);
    });

    test('WebP, lossy and with alpha, even without a type; real encoder headers give their size', async () => {
      const lossy = await encode('image/webp', 80, 60, { all: GREEN });
      expect(readImageHeader('webp', lossy)).toEqual({ width: 80, height: 60, mayRotate: false });
      const out = await intake({ bytes: lossy, type: '' });
      expect(out).toMatchObject({ ok: true, width: 80, height: 60 });
      if (out.ok) expect(near(out.samples[0], GREEN)).toBe(true);

      const translucent = await encode('image/webp', 40, 30, { all: GREEN, alpha: 0 });
      expect(readImageHeader('webp', translucent)).toMatchObject({ width: 40, height: 30 });
      const clear = await intake({ bytes: translucent, type: 'image/webp' });
      expect(clear).toMatchObject({ ok: true, width: 40, height: 30 });
      if (clear.ok) expect(near(clear.samples[0], WHITE, 12)).toBe(true);
    });

    test('AVIF with transparency', async () => {
      expect(readImageHeader('avif', AVIF_BLUE_ON_CLEAR)).toEqual({
        width: 64,
        height: 48,
        mayRotate: false,
      });
      const out = await intake({ bytes: AVIF_BLUE_ON_CLEAR, type: 'image/avif' }, [
        [0.5, 0.5],
        [0.05, 0.05],
      ]);
      expect(out).toMatchObject({ ok: true, width: 64, height: 48 });
      if (!out.ok) return;
      expect(near(out.samples[0], BLUE)).toBe(true);
      expect(near(out.samples[1], WHITE, 16)).toBe(true);
    });

    test('SVG with a size is rasterised sharp at 512 px or more, keeping its shape', async () => {
      const out = await intake({ bytes: Buffer.from(svg(40, 30, `rgb(${GREEN})`)), type: 'image/svg+xml' });
      expect(out).toMatchObject({ ok: true, width: 512, height: 384 });
      if (out.ok) expect(near(out.samples[0], GREEN)).toBe(true);
    });

    test('SVG with only a viewBox gets the viewBox shape; a huge one is capped', async () => {
      const viewBoxOnly = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100"><rect width="100" height="100" fill="rgb(${RED})"/><rect x="100" width="100" height="100" fill="rgb(${BLUE})"/></svg>`;
      const out = await intake({ bytes: Buffer.from(viewBoxOnly), type: '' }, [
        [0.25, 0.5],
        [0.75, 0.5],
      ]);
      expect(out).toMatchObject({ ok: true, width: 512, height: 256 });
      if (out.ok) {
        expect(near(out.samples[0], RED)).toBe(true);
        expect(near(out.samples[1], BLUE)).toBe(true);
      }
      const huge = await intake({ bytes: Buffer.from(svg(10000, 5000, 'red')), type: 'image/svg+xml' });
      expect(huge).toMatchObject({
        ok: true,
        width: INTAKE_LIMITS.maxEdge,
        height: INTAKE_LIMITS.maxEdge / 2,
      });
    });

    test('SVG scripts do not run while rasterising', async () => {
      const hostile = `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" onload="fetch('/svg-ran')"><script>fetch('/svg-ran')</script><rect width="64" height="64" fill="rgb(${GREEN})"/><image href="${server.origin}/svg-outside.png" width="8" height="8"/></svg>`;
      const out = await intake({ bytes: Buffer.from(hostile), type: 'image/svg+xml' });
      expect(out).toMatchObject({ ok: true, width: 512, height: 512 });
      const reached = await Promise.race([
        server.requested('/svg-ran').then(() => true),
        server.requested('/svg-outside.png').then(() => true),
        // Anything the SVG did would have been requested before this round trip answers.
        page.evaluate(() => fetch('/').then(() => false)),
      ]);
      expect(reached).toBe(false);
    });
  });

  describe('sizes', () => {
    test('a 6000×4000 JPEG arrives at 2048×1365 (the processor’s size), colours intact', async () => {
      const jpeg = await encode('image/jpeg', 6000, 4000, { left: RED, right: BLUE });
      expect(readImageHeader('jpeg', jpeg)).toEqual({ width: 6000, height: 4000, mayRotate: false });
      const out = await intake({ bytes: jpeg, type: 'image/jpeg' }, [
        [0.25, 0.5],
        [0.75, 0.5],
      ]);
      expect(out).toMatchObject({ ok: true, width: INTAKE_LIMITS.maxEdge, height: 1365, mime: 'image/jpeg' });
      if (!out.ok) return;
      expect(near(out.samples[0], RED)).toBe(true);
      expect(near(out.samples[1], BLUE)).toBe(true);
    });

    test('a large photo stored sideways (EXIF orientation 6) is turned upright and scaled unsquashed', async () => {
      // Stored 3000×1500, red on the left; orientation 6 shows it turned 90° clockwise: 1500×3000, red on top.
      const sideways = withExifOrientation(
        await encode('image/jpeg', 3000, 1500, { left: RED, right: BLUE }),
        6,
      );
      expect(readImageHeader('jpeg', sideways)).toEqual({ width: 3000, height: 1500, mayRotate: true });
      const out = await intake({ bytes: sideways, type: 'image/jpeg' }, [
        [0.5, 0.25],
        [0.5, 0.75],
      ]);
      expect(out).toMatchObject({ ok: true, width: 1024, height: INTAKE_LIMITS.maxEdge });
      if (!out.ok) return;
      expect(near(out.samples[0], RED)).toBe(true);
      expect(near(out.samples[1], BLUE)).toBe(true);
    });

    test.each([
      ['a 1×1 tracking pixel', png(1, 1, [0, 0, 0, 255]), /1×1 pixels.*icons and tracking pixels/],
      ['a 15×400 spacer', png(15, 400, [0, 0, 0, 255]), /15×400 pixels/],
      ['a 10×10 SVG icon', Buffer.from(svg(10, 10, 'red')), /10×10 pixels/],
    ])('%s is too small to describe', async (_label, bytes, message) => {
      expect(await intake({ bytes, type: '' })).toMatchObject({
        ok: false,
        code: 'image-too-small',
        message,
      });
    });

    test('a blob over the byte cap is refused before it is read', async () => {
      const code = await page.evaluate(async () => {
        const api = (globalThis as unknown as { intake: typeof import('../../src/intake/index') }).intake;
        const huge = new Blob([new Uint8Array(41 * 1024 * 1024)], { type: 'image/png' });
        return api.normaliseImageBlob(huge).then(
          () => 'decoded',
          (error: { userError?: { code: string; message: string } }) => error.userError,
        );
      });
      expect(code).toMatchObject({
        code: 'image-too-large',
        message: 'The image is 41 MB, over the 40 MB limit.',
      });
    });

    test('a PNG claiming 30000×30000 pixels is refused before it is decoded', async () => {
      const bomb = Buffer.from(png(16, 16, [0, 0, 0, 255]));
      bomb.writeUInt32BE(30000, 16);
      bomb.writeUInt32BE(30000, 20);
      expect(await intake({ bytes: bomb, type: 'image/png' })).toMatchObject({
        ok: false,
        code: 'image-too-large',
        message: expect.stringContaining('900 megapixels'),
      });
    });
  });

  describe('bad bytes', () => {
    test.each([
      ['a PNG cut short', png(32, 32, [1, 2, 3, 255]).subarray(0, 60), 'image-decode-failed'],
      [
        'a PNG signature followed by noise',
        Buffer.concat([png(32, 32, [1, 2, 3, 255]).subarray(0, 33), Buffer.alloc(200, 0x5a)]),
        'image-decode-failed',
      ],
      ['an HTML page labelled image/png', Buffer.from('<!doctype html><p>Sign in</p>'), 'image-not-image'],
      [
        'a TIFF (browsers can’t open it)',
        Buffer.from([0x49, 0x49, 0x2a, 0, 8, 0, 0, 0, 0, 0]),
        'image-decode-failed',
      ],
      [
        'an SVG that is not well-formed',
        Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><rect></svg'),
        'image-decode-failed',
      ],
    ])('%s gives %s', async (_label, bytes, code) => {
      const out = await intake({ bytes, type: 'image/png' });
      expect(out).toMatchObject({ ok: false, name: 'IntakeError', code });
      if (!out.ok) expect(out.message.length).toBeGreaterThan(20);
    });
  });

  describe('fetching', () => {
    test('a data: URL is read like any other address', async () => {
      const url = `data:image/png;base64,${png(24, 24, [...GREEN, 255]).toString('base64')}`;
      const out = await intake({ url });
      expect(out).toMatchObject({ ok: true, width: 24, height: 24 });
      if (out.ok) expect(near(out.samples[0], GREEN)).toBe(true);
    });

    test('a WebP served as application/octet-stream is recognised by its bytes', async () => {
      const url = server.route('/photo.bin', {
        body: await encode('image/webp', 64, 64, { all: RED }),
        type: 'application/octet-stream',
      });
      expect(await intake({ url })).toMatchObject({ ok: true, width: 64, height: 64 });
    });

    test.each([
      ['404', { body: 'gone', type: 'text/plain', status: 404 }, 'image-not-found'],
      ['410', { body: 'gone', type: 'text/plain', status: 410 }, 'image-not-found'],
      ['401', { body: 'who?', type: 'text/plain', status: 401 }, 'image-needs-login'],
      [
        '403 with an image body',
        { body: png(32, 32, [0, 0, 0, 255]), type: 'image/png', status: 403 },
        'image-needs-login',
      ],
      ['500', { body: 'oops', type: 'text/plain', status: 500 }, 'image-fetch-failed'],
      [
        'an HTML page with an image type',
        { body: '<!doctype html><p>hi</p>', type: 'image/png' },
        'image-not-image',
      ],
    ] as const)('%s gives %s', async (label, response, code) => {
      const url = server.route(`/status-${label.replaceAll(' ', '-')}`, response);
      expect(await intake({ url })).toMatchObject({ ok: false, name: 'IntakeError', code });
    });

    test('a redirect to a sign-in page reads as needing login', async () => {
      server.route('/login', {
        body: '<!doctype html><form>Sign in</form>',
        type: 'text/html; charset=utf-8',
      });
      const url = server.route('/private.jpg', (_req, res) =>
        res.writeHead(302, { Location: '/login' }).end(),
      );
      expect(await intake({ url })).toMatchObject({
        ok: false,
        code: 'image-needs-login',
        message: expect.stringContaining('sign-in page'),
      });
    });

    test('a declared Content-Length over the cap is refused without reading the body', async () => {
      const declared = 50 * 1024 * 1024;
      let hungUp = false;
      const url = server.route('/declared-huge.png', (req, res) => {
        res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': String(declared) });
        res.write(png(32, 32, [0, 0, 0, 255]));
        req.socket.on('close', () => {
          hungUp = true;
        });
      });
      expect(await intake({ url })).toMatchObject({
        ok: false,
        code: 'image-too-large',
        message: expect.stringContaining('50 MB'),
      });
      await expect.poll(() => hungUp).toBe(true);
    });

    test('a body with no length stops being read as soon as it passes the cap', async () => {
      const chunk = Buffer.alloc(1024 * 1024, 0x5a);
      const cap = INTAKE_LIMITS.maxBytes;
      let sent = 0;
      let finished = false;
      const url = server.route('/endless.png', (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'image/png' });
        res.write(png(32, 32, [0, 0, 0, 255]));
        const pump = () => {
          // Up to 5× the cap: read to the end, it would be judged not an image rather than too large.
          while (sent < 5 * cap && !res.destroyed) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          if (!res.destroyed) {
            finished = true;
            res.end();
          }
        };
        pump();
      });
      expect(await intake({ url })).toMatchObject({
        ok: false,
        code: 'image-too-large',
        message: expect.stringContaining('larger than the 40 MB limit'),
      });
      expect(finished).toBe(false);
      expect(sent).toBeLessThan(5 * cap);
    });

    test('a download cut off half way gives image-fetch-failed; a server that is not there, image-unreachable', async () => {
      const cut = server.route('/cut.png', (req, res) => {
        res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': '100000' });
        res.write(png(32, 32, [0, 0, 0, 255]), () => req.socket.destroy());
      });
      expect(await intake({ url: cut })).toMatchObject({
        ok: false,
        code: 'image-fetch-failed',
        message: expect.stringContaining('cut off'),
      });
      // A port that was just free: nothing listens there.
      const port = await new Promise<number>((resolve) => {
        const probe = createNetServer().listen(0, '127.0.0.1', () => {
          const { port } = probe.address() as AddressInfo;
          probe.close(() => resolve(port));
        });
      });
      // No answer at all, the same as a site that shares its images with no one: the UI may offer to allow it.
      expect(await intake({ url: `http://127.0.0.1:${port}/x.png` })).toMatchObject({
        ok: false,
        code: 'image-unreachable',
      });
    });

    test('blob: URLs are left to the page that made them', async () => {
      const url = await page.evaluate(() => URL.createObjectURL(new Blob(['x'])));
      expect(await intake({ url })).toMatchObject({
        ok: false,
        code: 'image-fetch-failed',
        message: /blob:/,
      });
    });

    test('aborting stops a download under way with the signal’s reason', async () => {
      const url = server.route('/slow.png', (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'image/png' });
        res.write(png(32, 32, [0, 0, 0, 255]).subarray(0, 40));
        // Never ends: only the abort can finish this request.
      });
      const pending = page.evaluate(async (u) => {
        const api = (globalThis as unknown as { intake: typeof import('../../src/intake/index') }).intake;
        const controller = new AbortController();
        (globalThis as unknown as { stop: () => void }).stop = () => controller.abort();
        try {
          await api.fetchImageForModel(u, controller.signal, { pageUrl: location.href });
          return 'finished';
        } catch (error) {
          return (error as Error).name;
        }
      }, url);
      await server.requested('/slow.png');
      await page.evaluate(() => (globalThis as unknown as { stop: () => void }).stop());
      expect(await pending).toBe('AbortError');
      // A signal already aborted stops normalising before any work.
      const early = await page.evaluate(async () => {
        const api = (globalThis as unknown as { intake: typeof import('../../src/intake/index') }).intake;
        try {
          await api.normaliseImageBlob(new Blob(['x']), AbortSignal.abort());
          return 'finished';
        } catch (error) {
          return (error as Error).name;
        }
      });
      expect(early).toBe('AbortError');
    });

    test('after every failure above, the next image still works', async () => {
      const url = server.route('/fine.png', { body: png(48, 48, [...GREEN, 255]), type: 'image/png' });
      const out = await intake({ url });
      expect(out).toMatchObject({ ok: true, width: 48, height: 48 });
      if (out.ok) expect(near(out.samples[0], GREEN)).toBe(true);
    });
  });
  describe('images only the page can read', () => {
    type Source =
      | { kind: 'url'; url: string }
      | { kind: 'inline'; width: number; height: number }
      | { error: string };

    /** Calls imageSourceFromPage in `target`; `make` builds the address there (a blob: URL must be made in it). */
    const fromPage = (
      target: Page,
      make: { dataUrl?: string; svgBlob?: string; revoked?: boolean; url?: string },
    ) =>
      target.evaluate(async (make): Promise<Source> => {
        const api = (globalThis as unknown as { intake: typeof import('../../src/intake/index') }).intake;
        let url = make.url ?? make.dataUrl ?? '';
        if (make.svgBlob !== undefined)
          url = URL.createObjectURL(new Blob([make.svgBlob], { type: 'image/svg+xml' }));
        if (make.revoked) {
          url = URL.createObjectURL(new Blob(['gone']));
          URL.revokeObjectURL(url);
        }
        try {
          const source = await api.imageSourceFromPage(url);
          return source.kind === 'url'
            ? source
            : { kind: 'inline', width: source.image.width, height: source.image.height };
        } catch (error) {
          return { error: (error as { userError?: { code: string } }).userError?.code ?? String(error) };
        }
      }, make);

    test('http(s) goes to the engine host as is; data: and blob: are normalised in the page', async () => {
      expect(await fromPage(page, { url: `${server.origin}/cat.png` })).toEqual({
        kind: 'url',
        url: `${server.origin}/cat.png`,
      });
      const dataUrl = `data:image/png;base64,${png(40, 20, [...RED, 255]).toString('base64')}`;
      expect(await fromPage(page, { dataUrl })).toEqual({ kind: 'inline', width: 40, height: 20 });
      expect(await fromPage(page, { svgBlob: svg(40, 30, 'green') })).toEqual({
        kind: 'inline',
        width: 512,
        height: 384,
      });
    });

    test('a revoked blob: URL or an unreadable address gives a message', async () => {
      expect(await fromPage(page, { revoked: true })).toEqual({ error: 'image-not-found' });
      expect(await fromPage(page, { url: 'file:///etc/hosts' })).toEqual({ error: 'image-fetch-failed' });
    });

    test('an SVG on a page whose CSP forbids images is handed to the extension as a data: URL that it reads', async () => {
      const strict = await browser.newPage();
      try {
        await strict.goto(`${server.origin}/strict`);
        await strict.waitForFunction(() => 'intake' in globalThis);
        const drawing = svg(40, 30, `rgb(${GREEN})`);
        // The CSP really does stop rasterising here…
        const direct = await strict.evaluate(async (text) => {
          const api = (globalThis as unknown as { intake: typeof import('../../src/intake/index') }).intake;
          return api.normaliseImageBlob(new Blob([text], { type: 'image/svg+xml' })).then(
            () => 'decoded',
            (error: { userError?: { code: string } }) => error.userError?.code,
          );
        }, drawing);
        expect(direct).toBe('image-decode-failed');
        // …so the page hands the SVG on, and the extension's fetchImageForModel (no page CSP) rasterises it.
        const handed = await fromPage(strict, { svgBlob: drawing });
        expect(handed).toMatchObject({
          kind: 'url',
          url: expect.stringMatching(/^data:image\/svg\+xml;base64,/),
        });
        if (!('url' in handed)) return;
        const out = await intake({ url: handed.url });
        expect(out).toMatchObject({ ok: true, width: 512, height: 384 });
        if (out.ok) expect(near(out.samples[0], GREEN)).toBe(true);
      } finally {
        await strict.close();
      }
    });
  });
});
