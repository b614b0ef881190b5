/**
 * Small image encoders for tests (no image libraries needed): solid or two-coloured PNGs with transparency,
 * a solid-colour GIF, SVG text. Formats Node can't encode (JPEG, WebP) are made in the browser by the tests.
 */
import { crc32, deflateSync } from 'node:zlib';

export type Rgba = readonly [number, number, number, number];

function chunk(type: string, data: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An RGBA PNG filled with `fill`; `pixel(x, y)` overrides individual pixels. */
export function png(
  width: number,
  height: number,
  fill: Rgba,
  pixel?: (x: number, y: number) => Rgba | null,
): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const rows = Buffer.alloc(height * (1 + width * 4));
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * 4);
    for (let x = 0; x < width; x++) rows.set(pixel?.(x, y) ?? fill, row + 1 + x * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', new Uint8Array()),
  ]);
}

/**
 * A GIF of one colour with two frames (the second another colour), so a decoder that took the last frame would
 * answer differently. LZW stays at 3-bit codes by sending a clear code every two pixels: valid, if not small.
 */
export function animatedGif(width: number, height: number, first: Rgba, second: Rgba): Buffer {
  const bits: number[] = [];
  const code = (value: number) => {
    for (let i = 0; i < 3; i++) bits.push((value >> i) & 1);
  };
  const frame = (index: number) => {
    const pixels = width * height;
    code(4);
    for (let p = 0; p < pixels; p++) {
      if (p > 0 && p % 2 === 0) code(4);
      code(index);
    }
    code(5);
    const bytes: number[] = [];
    for (let i = 0; i < bits.length; i += 8) {
      let byte = 0;
      for (let b = 0; b < 8 && i + b < bits.length; b++) byte |= (bits[i + b] ?? 0) << b;
      bytes.push(byte);
    }
    bits.length = 0;
    const blocks: number[] = [];
    for (let i = 0; i < bytes.length; i += 255) {
      const part = bytes.slice(i, i + 255);
      blocks.push(part.length, ...part);
    }
    const descriptor = [0x2c, 0, 0, 0, 0, width & 255, width >> 8, height & 255, height >> 8, 0];
    const control = [0x21, 0xf9, 4, 0, 50, 0, 0, 0];
    return [...control, ...descriptor, 2, ...blocks, 0];
  };
  const palette = [first[0], first[1], first[2], second[0], second[1], second[2], 0, 0, 0, 255, 255, 255];
  const screen = [width & 255, width >> 8, height & 255, height >> 8, 0xf1, 0, 0];
  const loop = [0x21, 0xff, 11, ...Buffer.from('NETSCAPE2.0'), 3, 1, 0, 0, 0];
  return Buffer.from([
    ...Buffer.from('GIF89a'),
    ...screen,
    ...palette,
    ...loop,
    ...frame(0),
    ...frame(1),
    0x3b,
  ]);
}

export function svg(width: number, height: number, colour: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><rect width="100%" height="100%" fill="${colour}"/></svg>`;
}
