import { describe, expect, test } from 'vitest';
import { exifOrientation, HEADER_BYTES, readImageHeader } from '../../src/intake/image-size';
import { normaliseImageBlob } from '../../src/intake/normalise-image';
import { animatedGif, png } from '../support/images';

const bytes = (...values: (number | string)[]) =>
  new Uint8Array(values.flatMap((v) => (typeof v === 'string' ? [...v].map((c) => c.charCodeAt(0)) : [v])));
const be16 = (n: number) => [n >> 8, n & 255];
const le16 = (n: number) => [n & 255, n >> 8];
const le24 = (n: number) => [n & 255, (n >> 8) & 255, n >> 16];
const be32 = (n: number) => [n >>> 24, (n >> 16) & 255, (n >> 8) & 255, n & 255];

/** A JPEG up to its frame header: SOI, JFIF, an optional EXIF block with an orientation, SOF0. */
function jpegHead(width: number, height: number, orientation?: number): Uint8Array {
  const app0 = [0xff, 0xe0, ...be16(16), ...bytes('JFIF', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0)];
  // TIFF, little-endian, IFD0 at 8 with one entry: Orientation (0x0112), SHORT, count 1.
  const tiff = [
    ...bytes('II'),
    42,
    0,
    8,
    0,
    0,
    0,
    1,
    0,
    0x12,
    0x01,
    3,
    0,
    1,
    0,
    0,
    0,
    orientation ?? 1,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
  ];
  const app1 = orientation ? [0xff, 0xe1, ...be16(2 + 6 + tiff.length), ...bytes('Exif', 0, 0), ...tiff] : [];
  const sof0 = [
    0xff,
    0xc0,
    ...be16(17),
    8,
    ...be16(height),
    ...be16(width),
    3,
    1,
    0x22,
    0,
    2,
    0x11,
    1,
    3,
    0x11,
    1,
  ];
  return new Uint8Array([0xff, 0xd8, ...app0, ...app1, 0xff, 0xff, ...sof0]);
}

describe('readImageHeader', () => {
  test('PNG and GIF sizes come from their headers, as written by real encoders', () => {
    expect(readImageHeader('png', png(6000, 4, [0, 0, 0, 255]))).toEqual({
      width: 6000,
      height: 4,
      mayRotate: false,
    });
    expect(readImageHeader('gif', animatedGif(33, 17, [0, 0, 0, 255], [1, 1, 1, 255]))).toEqual({
      width: 33,
      height: 17,
      mayRotate: false,
    });
  });

  test('JPEG: the frame header after APP blocks and fill bytes; EXIF orientation 5–8 may swap the sides', () => {
    expect(readImageHeader('jpeg', jpegHead(6000, 4000))).toEqual({
      width: 6000,
      height: 4000,
      mayRotate: false,
    });
    expect(readImageHeader('jpeg', jpegHead(6000, 4000, 3))).toMatchObject({ mayRotate: false });
    for (const orientation of [5, 6, 7, 8]) {
      expect(readImageHeader('jpeg', jpegHead(3000, 1500, orientation))).toEqual({
        width: 3000,
        height: 1500,
        mayRotate: true,
      });
    }
  });

  test('a JPEG cut off before its frame header has no known size', () => {
    expect(readImageHeader('jpeg', jpegHead(6000, 4000).subarray(0, 22))).toBeNull();
  });

  test('WebP: lossy (VP8), lossless (VP8L) and extended (VP8X, with EXIF flagged)', () => {
    const riff = (chunk: string, ...body: number[]) =>
      bytes('RIFF', 0, 0, 0, 0, 'WEBP', chunk, 0, 0, 0, 0, ...body);
    expect(
      readImageHeader('webp', riff('VP8 ', 0, 0, 0, 0x9d, 0x01, 0x2a, ...le16(640), ...le16(480))),
    ).toEqual({
      width: 640,
      height: 480,
      mayRotate: false,
    });
    // VP8L: signature 0x2f, then 14 bits width−1 and 14 bits height−1, little-endian.
    const packed = (1999 & 0x3fff) | ((2999 & 0x3fff) << 14);
    expect(
      readImageHeader(
        'webp',
        riff('VP8L', 0x2f, packed & 255, (packed >> 8) & 255, (packed >> 16) & 255, packed >>> 24),
      ),
    ).toEqual({ width: 2000, height: 3000, mayRotate: false });
    expect(readImageHeader('webp', riff('VP8X', 0x10, 0, 0, 0, ...le24(15), ...le24(15)))).toEqual({
      width: 16,
      height: 16,
      mayRotate: false,
    });
    expect(readImageHeader('webp', riff('VP8X', 0x08, 0, 0, 0, ...le24(8191), ...le24(99)))).toEqual({
      width: 8192,
      height: 100,
      mayRotate: true,
    });
  });

  test('AVIF: the largest image spatial extent is the picture; a rotation box is reported', () => {
    const ispe = (w: number, h: number) => [
      ...be32(20),
      ...bytes('ispe'),
      0,
      0,
      0,
      0,
      ...be32(w),
      ...be32(h),
    ];
    const head = bytes(
      ...be32(28),
      'ftypavif',
      0,
      0,
      0,
      0,
      'mif1miaf',
      ...ispe(512, 512),
      ...ispe(2048, 1024),
    );
    expect(readImageHeader('avif', head)).toEqual({ width: 2048, height: 1024, mayRotate: false });
    expect(readImageHeader('avif', bytes(...head, 0, 0, 0, 9, 'irot', 1))).toMatchObject({ mayRotate: true });
  });

  test('BMP: a top-down bitmap stores a negative height', () => {
    const bmp = new Uint8Array(26);
    bmp.set(bytes('BM'));
    new DataView(bmp.buffer).setInt32(18, 300, true);
    new DataView(bmp.buffer).setInt32(22, -200, true);
    expect(readImageHeader('bmp', bmp)).toEqual({ width: 300, height: 200, mayRotate: false });
  });

  test('headers too short or claiming zero pixels give no size', () => {
    expect(readImageHeader('png', png(8, 8, [0, 0, 0, 255]).subarray(0, 12))).toBeNull();
    expect(readImageHeader('gif', bytes('GIF89a', 0, 0, 5, 0))).toBeNull();
    expect(readImageHeader('svg', bytes('<svg/>'))).toBeNull();
  });
});

describe('exifOrientation', () => {
  test('reads big-endian TIFF too, and is null without the tag', () => {
    const mm = bytes('MM', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0);
    expect(exifOrientation(mm)).toBe(6);
    const noTag = bytes('II', 42, 0, 8, 0, 0, 0, 1, 0, 0x10, 0x01, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0);
    expect(exifOrientation(noTag)).toBeNull();
    expect(exifOrientation(bytes('XX'))).toBeNull();
  });
});

describe('an image whose size is past the header that is read', () => {
  /** A JPEG whose SOF comes after `appBytes` of APP1 segments (each at most 64 KiB), claiming 30000×30000. */
  function jpegWithLongHead(appBytes: number): Uint8Array {
    const parts: number[] = [0xff, 0xd8];
    for (let left = appBytes; left > 0; ) {
      const size = Math.min(left, 60_000);
      parts.push(
        0xff,
        0xe1,
        ((size + 2) >> 8) & 0xff,
        (size + 2) & 0xff,
        ...new Array<number>(size).fill(0x20),
      );
      left -= size;
    }
    // SOF0: length 17, precision 8, height, width.
    parts.push(0xff, 0xc0, 0x00, 0x11, 0x08, 0x75, 0x30, 0x75, 0x30, 0x03);
    return new Uint8Array([...parts, ...new Array<number>(64).fill(0)]);
  }

  test('the JPEG header scan finds the SOF within the head, and not past it', () => {
    const near = jpegWithLongHead(100_000);
    expect(readImageHeader('jpeg', near)).toMatchObject({ width: 30000, height: 30000 });
    const far = jpegWithLongHead(300_000);
    expect(readImageHeader('jpeg', far.subarray(0, HEADER_BYTES))).toBeNull();
  });

  test('is refused before any decoding, with a sentence', async () => {
    // createImageBitmap doesn't exist in Node: reaching the decoder would fail differently.
    const blob = new Blob([jpegWithLongHead(300_000) as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' });
    const error = await normaliseImageBlob(blob).catch((e: unknown) => e);
    expect(error).toMatchObject({
      userError: {
        code: 'image-size-unreadable',
        message:
          "This JPEG image doesn't give its size in its first 256 KB, so it wasn't opened: an image that hides its size could take gigabytes of memory once decoded.",
      },
    });
  });

  test('an icon file gives the size of its largest picture, a PNG inside it by its own header', () => {
    const inner = png(300, 200, [0, 0, 0, 255]);
    const dir = new Uint8Array(6 + 16);
    dir.set([0, 0, 1, 0, 1, 0]);
    // Width and height 0 ("256 or more"), data right after the directory.
    new DataView(dir.buffer).setUint32(6 + 12, dir.length, true);
    const ico = new Uint8Array([...dir, ...inner]);
    expect(readImageHeader('ico', ico)).toMatchObject({ width: 300, height: 200 });
    const small = new Uint8Array(6 + 16 + 40);
    small.set([0, 0, 1, 0, 1, 0, 32, 32]);
    new DataView(small.buffer).setUint32(6 + 12, 22, true);
    expect(readImageHeader('ico', small)).toMatchObject({ width: 32, height: 32 });
  });
});
