/**
 * The size to rasterise an SVG at. Vector art has no pixels of its own: it may give a size (width/height), only
 * a shape (viewBox), or neither, and browsers disagree on what an <img> reports for the last two.
 */
import type { PixelSize } from './image-size';

export interface SvgSize {
  /** Absolute width/height from the root element (px or unitless), when given. */
  width: number | null;
  height: number | null;
  /** width ÷ height from the viewBox, when given. */
  aspect: number | null;
}

const ABSOLUTE_UNITS: Record<string, number> = {
  '': 1,
  px: 1,
  pt: 4 / 3,
  pc: 16,
  in: 96,
  cm: 96 / 2.54,
  mm: 96 / 25.4,
};

function length(value: string | undefined): number | null {
  const match = value?.trim().match(/^([0-9]*\.?[0-9]+(?:e[-+]?[0-9]+)?)\s*([a-z]*)$/i);
  if (!match) return null;
  const factor = ABSOLUTE_UNITS[(match[2] ?? '').toLowerCase()];
  const n = Number(match[1]) * (factor ?? Number.NaN);
  return Number.isFinite(n) && n > 0 ? n : null;
}

/** Reads width, height and viewBox from the root <svg> tag of the document's text. */
export function readSvgSize(source: string): SvgSize {
  const tag = source.match(/<svg\b[^>]*>/i)?.[0] ?? '';
  const attrs = new Map<string, string>();
  for (const m of tag.matchAll(/([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    attrs.set((m[1] ?? '').toLowerCase(), m[2] ?? m[3] ?? '');
  }
  const box = (attrs.get('viewbox') ?? '')
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(Number);
  const [, , boxWidth = 0, boxHeight = 0] = box;
  const aspect = box.length === 4 && boxWidth > 0 && boxHeight > 0 ? boxWidth / boxHeight : null;
  return { width: length(attrs.get('width')), height: length(attrs.get('height')), aspect };
}

/** The SVG's own size in CSS pixels, when it has one (both sides, or one side and a viewBox). */
export function svgIntrinsicSize(svg: SvgSize): PixelSize | null {
  const { width, height, aspect } = svg;
  if (width !== null && height !== null) return { width, height };
  if (width !== null && aspect !== null) return { width, height: width / aspect };
  if (height !== null && aspect !== null) return { width: height * aspect, height };
  return null;
}

/**
 * The pixel size to draw at: the SVG's own size, but at least `minEdge` on its longest side so details survive
 * (vector art draws sharp at any size) and at most `maxEdge`; with no size, `minEdge` on the longest side of its
 * viewBox shape (a square without one).
 */
export function svgRasterSize(svg: SvgSize, minEdge: number, maxEdge: number): PixelSize {
  const own = svgIntrinsicSize(svg) ?? { width: svg.aspect ?? 1, height: 1 };
  const longest = Math.max(own.width, own.height);
  const ownLongest = svgIntrinsicSize(svg) ? longest : 0;
  const scale = Math.min(maxEdge, Math.max(ownLongest, minEdge)) / longest;
  return {
    width: Math.max(1, Math.round(own.width * scale)),
    height: Math.max(1, Math.round(own.height * scale)),
  };
}
