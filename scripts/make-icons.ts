/**
 * Renders the toolbar icons into public/icons as PNGs: a lens over a check mark from 32 px up; at 16 px (the
 * toolbar at 1x) the lens's thin ring and small check blur into a smudge, so that size is a simpler, bolder mark,
 * a thick check filling the rounded square, the part of the mark that still reads at that size.
 * Kept as code so the icon can be tweaked and re-rendered at every size without an image editor.
 * Run: npx tsx scripts/make-icons.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { encodePng } from './png';

/** Coverage of a pixel by a shape given its signed distance (in pixels), for anti-aliasing. */
const cover = (d: number) => Math.min(1, Math.max(0, 0.5 - d));

/** Distance from (u, v) to the segment a→b, in the 128-unit design grid. */
function segment(u: number, v: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((u - ax) * dx + (v - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(u - ax - t * dx, v - ay - t * dy);
}

/** The 16 px mark: the rounded square edge to edge, and a check whose stroke is about 2.5 px wide at 16 px. */
function renderSmallIcon(size: number): Uint8Array {
  const px = new Uint8Array(size * size * 4);
  const s = size / 128;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const u = (x + 0.5) / s;
      const v = (y + 0.5) / s;
      const qx = Math.abs(u - 64) - 44;
      const qy = Math.abs(v - 64) - 44;
      const bg = Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - 20;
      const check = Math.min(segment(u, v, 30, 66, 54, 90), segment(u, v, 54, 90, 98, 40)) - 11;
      const a = cover(bg * s);
      const fg = Math.min(a, cover(check * s));
      const r = 29 * (1 - fg) + 255 * fg;
      const g = 78 * (1 - fg) + 255 * fg;
      const b = 216 * (1 - fg) + 255 * fg;
      px.set([Math.round(r), Math.round(g), Math.round(b), Math.round(a * 255)], (y * size + x) * 4);
    }
  }
  return px;
}

function renderIcon(size: number): Uint8Array {
  const px = new Uint8Array(size * size * 4);
  const s = size / 128;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const u = (x + 0.5) / s;
      const v = (y + 0.5) / s;
      // rounded square background
      const qx = Math.abs(u - 64) - 50;
      const qy = Math.abs(v - 64) - 50;
      const bg = Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - 14;
      let r = 0;
      let g = 0;
      let b = 0;
      let a = cover(bg * s);
      r = 37;
      g = 99;
      b = 235;
      // lens ring
      const ring = Math.abs(Math.hypot(u - 56, v - 56) - 26) - 7;
      // handle
      const hx = u - 84;
      const hy = v - 84;
      const along = Math.max(-4, Math.min(18, (hx + hy) / Math.SQRT2));
      const handle = Math.hypot(hx - (along * Math.SQRT2) / 2, hy - (along * Math.SQRT2) / 2) - 8;
      // check mark inside the lens
      const seg = (ax: number, ay: number, bx: number, by: number) => {
        const dx = bx - ax;
        const dy = by - ay;
        const t = Math.max(0, Math.min(1, ((u - ax) * dx + (v - ay) * dy) / (dx * dx + dy * dy)));
        return Math.hypot(u - ax - t * dx, v - ay - t * dy) - 5;
      };
      const check = Math.min(seg(43, 57, 52, 66), seg(52, 66, 69, 46));
      const fg = cover(Math.min(ring, handle, check) * s);
      r = r * (1 - fg) + 255 * fg;
      g = g * (1 - fg) + 255 * fg;
      b = b * (1 - fg) + 255 * fg;
      a = Math.max(a, fg);
      px.set([Math.round(r), Math.round(g), Math.round(b), Math.round(a * 255)], (y * size + x) * 4);
    }
  }
  return px;
}

const outDir = new URL('../public/icons/', import.meta.url);
mkdirSync(outDir, { recursive: true });
for (const size of [16, 32, 48, 128]) {
  const pixels = size <= 16 ? renderSmallIcon(size) : renderIcon(size);
  writeFileSync(new URL(`icon-${size}.png`, outDir), encodePng(size, size, pixels));
}
