import { describe, expect, test } from 'vitest';
import {
  notAnImage,
  responseProblem,
  sizeProblem,
  sniffImageKind,
  statusProblem,
  tooLarge,
  unsupportedImageFormat,
  urlProblem,
} from '../../src/intake/classify';
import { decodeResize } from '../../src/intake/image-size';
import { fitWithin, INTAKE_LIMITS, padToAspect } from '../../src/intake/limits';

const bytes = (...values: (number | string)[]) =>
  new Uint8Array(values.flatMap((v) => (typeof v === 'string' ? [...v].map((c) => c.charCodeAt(0)) : [v])));

describe('fitWithin', () => {
  test('scales a 6000×4000 photo down to the longest edge, keeping its shape', () => {
    expect(fitWithin(6000, 4000)).toEqual({
      width: INTAKE_LIMITS.maxEdge,
      height: 1365,
      scale: INTAKE_LIMITS.maxEdge / 6000,
    });
    expect(fitWithin(400, 3000, 1500)).toMatchObject({ width: 200, height: 1500 });
  });

  test('never scales up', () => {
    expect(fitWithin(640, 480)).toEqual({ width: 640, height: 480, scale: 1 });
  });

  test('a sliver keeps at least one pixel', () => {
    expect(fitWithin(100_000, 20, 1536)).toMatchObject({ width: 1536, height: 1 });
  });
});

describe('decodeResize', () => {
  test('a huge image is decoded straight to the size the model gets', () => {
    expect(decodeResize({ width: 6000, height: 4000, mayRotate: false })).toMatchObject({
      width: 2048,
      height: 1365,
    });
  });

  test('no resize when it fits, when its size is unknown, or when decoding may turn it', () => {
    expect(decodeResize({ width: 2048, height: 800, mayRotate: false })).toBeNull();
    expect(decodeResize(null)).toBeNull();
    // A resize for the stored 3000×1500 would squash a photo the decoder turns to 1500×3000.
    expect(decodeResize({ width: 3000, height: 1500, mayRotate: true })).toBeNull();
  });
});

describe('sizeProblem', () => {
  test('icons and tracking pixels are refused with a sentence that says why', () => {
    expect(sizeProblem(1, 1)).toMatchObject({
      code: 'image-too-small',
      message: expect.stringMatching(/1×1 pixels.*icons and tracking pixels/),
    });
    expect(sizeProblem(15, 400)).toMatchObject({ code: 'image-too-small' });
    expect(sizeProblem(INTAKE_LIMITS.minEdge, INTAKE_LIMITS.minEdge)).toBeNull();
  });

  test('a decompression bomb is refused before decoding', () => {
    expect(sizeProblem(30_000, 30_000)).toMatchObject({
      code: 'image-too-large',
      message: expect.stringContaining('900 megapixels'),
    });
    expect(sizeProblem(6000, 4000)).toBeNull();
  });
});

describe('urlProblem', () => {
  test('http(s) and data: are fetched by the extension; blob: and others belong to the page', () => {
    expect(urlProblem('https://cdn.example/cat.jpg')).toBeNull();
    expect(urlProblem('http://127.0.0.1:8080/a.png')).toBeNull();
    expect(urlProblem('data:image/png;base64,AAAA')).toBeNull();
    expect(urlProblem('blob:https://example.com/1234')).toMatchObject({
      code: 'image-fetch-failed',
      message: expect.stringContaining('blob:'),
    });
    expect(urlProblem('file:///etc/passwd')).toMatchObject({ code: 'image-fetch-failed' });
    expect(urlProblem('not a url')).toMatchObject({ code: 'image-fetch-failed' });
  });
});

describe('responseProblem', () => {
  const ok = { status: 200, redirected: false, contentType: 'image/png', kind: 'png' } as const;

  test('an image is judged by its bytes, not its Content-Type', () => {
    expect(responseProblem(ok)).toBeNull();
    expect(responseProblem({ ...ok, contentType: 'application/octet-stream', kind: 'webp' })).toBeNull();
    expect(responseProblem({ ...ok, contentType: 'image/png', kind: null })).toMatchObject({
      code: 'image-not-image',
    });
  });

  test('the status decides before the bytes', () => {
    expect(responseProblem({ ...ok, status: 404 })).toMatchObject({ code: 'image-not-found' });
    expect(responseProblem({ ...ok, status: 403, kind: null })).toMatchObject({ code: 'image-needs-login' });
  });

  test('a redirect that ends on a web page is most likely a sign-in page', () => {
    expect(
      responseProblem({ ...ok, redirected: true, contentType: 'text/html; charset=utf-8', kind: null }),
    ).toMatchObject({ code: 'image-needs-login', action: expect.stringMatching(/Sign in/) });
    expect(responseProblem({ ...ok, redirected: false, contentType: 'text/html', kind: null })).toMatchObject(
      {
        code: 'image-not-image',
        message: expect.stringContaining('text/html'),
      },
    );
  });
});

describe('sniffImageKind', () => {
  test.each([
    ['png', bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0)],
    ['jpeg', bytes(0xff, 0xd8, 0xff, 0xe0)],
    ['gif', bytes('GIF89a', 1, 0)],
    ['webp', bytes('RIFF', 0, 0, 0, 0, 'WEBPVP8 ')],
    ['avif', bytes(0, 0, 0, 0x1c, 'ftypavif')],
    ['svg', bytes('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>')],
    ['svg', bytes('  <svg viewBox="0 0 10 10"></svg>')],
    ['svg', bytes(0xef, 0xbb, 0xbf, '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x"><svg>')],
    ['svg', bytes('<!-- made by hand -->\n<svg xmlns="http://www.w3.org/2000/svg"/>')],
    ['bmp', bytes('BM', 0, 0, 0, 0)],
    ['ico', bytes(0, 0, 1, 0, 1, 0)],
  ] as const)('recognises %s from its first bytes', (kind, head) => {
    expect(sniffImageKind(head)).toBe(kind);
  });

  test('an HTML error page or random bytes are not images, whatever the server says', () => {
    expect(sniffImageKind(bytes('<!doctype html><title>Not found</title>'))).toBeNull();
    expect(sniffImageKind(bytes(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12))).toBeNull();
    expect(sniffImageKind(new Uint8Array())).toBeNull();
    expect(sniffImageKind(bytes('<?xml version="1.0"?><feed><title>svg</title></feed>'))).toBeNull();
    expect(sniffImageKind(bytes('{"error": "<svg> not allowed"}'))).toBeNull();
  });
});

describe('statusProblem', () => {
  test('names what went wrong for the person', () => {
    expect(statusProblem(200)).toBeNull();
    expect(statusProblem(404)).toMatchObject({ code: 'image-not-found' });
    expect(statusProblem(403)).toMatchObject({
      code: 'image-needs-login',
      action: expect.stringMatching(/Sign in/),
    });
    expect(statusProblem(401)).toMatchObject({ code: 'image-needs-login' });
    expect(statusProblem(500)).toMatchObject({
      code: 'image-fetch-failed',
      message: expect.stringContaining('500'),
    });
  });
});

describe('tooLarge', () => {
  test('says the size against the limit, without rounding a near miss down to the limit', () => {
    expect(tooLarge(50 * 1024 * 1024).message).toBe('The image is 50 MB, over the 40 MB limit.');
    expect(tooLarge(40.3 * 1024 * 1024).message).toBe('The image is 40.3 MB, over the 40 MB limit.');
    expect(tooLarge(300 * 1024 * 1024 + 1).message).toBe('The image is 300 MB, over the 40 MB limit.');
    expect(tooLarge(null)).toMatchObject({
      code: 'image-too-large',
      message: "The image is larger than the 40 MB limit, so it wasn't downloaded.",
    });
  });
});

describe('notAnImage', () => {
  test('images in formats browsers can’t open are named, as damaged-for-us rather than not-an-image', () => {
    const cases: [Uint8Array, string][] = [
      [bytes('II*', 0, 8, 0, 0, 0), 'TIFF'],
      [bytes('MM', 0, '*', 0, 0, 0, 8), 'TIFF'],
      [bytes(0, 0, 0, 0x18, 'ftypheic', 0, 0, 0, 0, 'mif1heic'), 'HEIC'],
      [bytes(0xff, 0x0a, 0xfa), 'JPEG XL'],
      [bytes(0, 0, 0, 0x0c, 'JXL ', 0x0d, 0x0a, 0x87, 0x0a), 'JPEG XL'],
      [bytes('8BPS', 0, 1), 'Photoshop'],
    ];
    for (const [head, format] of cases) {
      expect(unsupportedImageFormat(head)).toBe(format);
      expect(notAnImage('image/whatever', head)).toMatchObject({
        code: 'image-decode-failed',
        message: `This is a ${format} image, a format the browser can't open.`,
      });
    }
  });

  test('an AVIF whose major brand is mif1 is still an AVIF, not HEIC', () => {
    const avif = bytes(0, 0, 0, 0x1c, 'ftypmif1', 0, 0, 0, 0, 'mif1avifmiaf');
    expect(sniffImageKind(avif)).toBe('avif');
  });

  test('says what came instead, and that a page labelled as an image is often an error page', () => {
    expect(notAnImage('image/png', bytes('<!DOCTYPE html><title>404</title>'))).toMatchObject({
      code: 'image-not-image',
      message: "The address says it's an image, but it sent a web page (often an error or sign-in page).",
    });
    expect(notAnImage('application/json', bytes('{"error":"nope"}')).message).toBe(
      'That address gave JSON data instead of an image.',
    );
    expect(notAnImage('application/zip', bytes('PK', 3, 4)).message).toBe(
      'That address gave a file of type application/zip instead of an image.',
    );
    expect(notAnImage(null, bytes('%PDF-1.7')).message).toBe(
      'That address gave a PDF document instead of an image.',
    );
    expect(notAnImage(null).message).toBe('That address gave something else instead of an image.');
  });
});

describe('padToAspect', () => {
  test('a long thin image is centred on a canvas of at most 4:1; others are left as they are', () => {
    expect(padToAspect(1536, 20)).toEqual({ canvasWidth: 1536, canvasHeight: 384, x: 0, y: 182 });
    expect(padToAspect(8, 1536)).toEqual({ canvasWidth: 384, canvasHeight: 1536, x: 188, y: 0 });
    expect(padToAspect(640, 480)).toEqual({ canvasWidth: 640, canvasHeight: 480, x: 0, y: 0 });
    expect(padToAspect(1600, 400)).toEqual({ canvasWidth: 1600, canvasHeight: 400, x: 0, y: 0 });
  });
});

describe('the size intake scales to', () => {
  test("is the longest edge SmolVLM's own processor scales every image to", async () => {
    const { readFileSync } = await import('node:fs');
    // The 500M model shares the 256M's processor files (models/reference keeps only its text config apart).
    for (const model of ['SmolVLM-256M-Instruct']) {
      const config = JSON.parse(
        readFileSync(
          new URL(`../../models/reference/HuggingFaceTB/${model}/preprocessor_config.json`, import.meta.url),
          'utf8',
        ),
      ) as { size: { longest_edge: number } };
      expect(config.size.longest_edge).toBe(INTAKE_LIMITS.maxEdge);
    }
  });
});
