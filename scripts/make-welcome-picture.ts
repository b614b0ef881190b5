/**
 * Renders the welcome page's picture to try "Ask about an image" on (public/welcome/try-me.png): a house with a red
 * roof, a tree, a hill and the sun under a blue sky. Drawn from code, so it ships without a licence question and
 * the extension has it offline; simple shapes in plain colours, so even the smallest model has something to say.
 * Run: npx tsx scripts/make-welcome-picture.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { encodePng } from './png';

export const WIDTH = 320;
export const HEIGHT = 240;

type Rgb = readonly [number, number, number];

/** Coverage of a pixel by a shape given its signed distance (in pixels), for anti-aliasing. */
const cover = (d: number) => Math.min(1, Math.max(0, 0.5 - d));

const box = (x: number, y: number, x0: number, y0: number, x1: number, y1: number) => {
  const qx = Math.max(x0 - x, x - x1);
  const qy = Math.max(y0 - y, y - y1);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0);
};

/** Inside a triangle (apex up) with its base from (x0, base) to (x1, base) and apex at (ax, ay): negative inside. */
const roof = (x: number, y: number, x0: number, x1: number, base: number, ax: number, ay: number) => {
  const left = ((x - x0) * (ay - base) - (y - base) * (ax - x0)) / Math.hypot(ax - x0, ay - base);
  const right = ((x - ax) * (base - ay) - (y - ay) * (x1 - ax)) / Math.hypot(x1 - ax, base - ay);
  return Math.max(left, right, y - base);
};

export function renderWelcomePicture(): Uint8Array {
  const px = new Uint8Array(WIDTH * HEIGHT * 4);
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      const u = x + 0.5;
      const v = y + 0.5;
      const t = v / HEIGHT;
      let c: Rgb = [Math.round(110 + 80 * t), Math.round(170 + 60 * t), 245];
      const layer = (d: number, colour: Rgb) => {
        const a = cover(d);
        c = [c[0] * (1 - a) + colour[0] * a, c[1] * (1 - a) + colour[1] * a, c[2] * (1 - a) + colour[2] * a];
      };
      layer(Math.hypot(u - 262, v - 48) - 26, [255, 205, 40]);
      layer(Math.hypot(u - 160, v - 760) - 590, [70, 160, 70]);
      layer(box(u, v, 58, 112, 66, 175), [110, 70, 35]);
      layer(Math.hypot(u - 62, v - 98) - 30, [40, 125, 50]);
      layer(box(u, v, 130, 120, 226, 190), [245, 240, 228]);
      layer(roof(u, v, 118, 238, 122, 178, 74), [200, 40, 35]);
      layer(box(u, v, 166, 150, 190, 190), [120, 75, 40]);
      layer(box(u, v, 140, 132, 158, 150), [120, 180, 230]);
      layer(box(u, v, 200, 132, 218, 150), [120, 180, 230]);
      px.set([Math.round(c[0]), Math.round(c[1]), Math.round(c[2]), 255], (y * WIDTH + x) * 4);
    }
  }
  return px;
}

if (process.argv[1]?.endsWith('make-welcome-picture.ts')) {
  const outDir = new URL('../public/welcome/', import.meta.url);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(new URL('try-me.png', outDir), encodePng(WIDTH, HEIGHT, renderWelcomePicture()));
}
