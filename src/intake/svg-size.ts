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

/** The text read for the root tag: an SVG's size is on its first element, and nothing past this is looked at. */
export const SVG_HEAD_CHARS = 64 * 1024;

/** Longest attribute value read as a length or viewBox; real ones are a few dozen characters. */
const MAX_VALUE_CHARS = 256;

function length(value: string | undefined): number | null {
  if (value === undefined || value.length > MAX_VALUE_CHARS) return null;
  // Digits, an optional fraction, an optional exponent, a unit: no two parts match the same characters, so a
  // failing match can't backtrack.
  const match = value.trim().match(/^(\d+(?:\.\d*)?|\.\d+)(e[-+]?\d+)?\s*([a-z]*)$/i);
  if (!match) return null;
  const factor = ABSOLUTE_UNITS[(match[3] ?? '').toLowerCase()];
  const n = Number(`${match[1]}${match[2] ?? ''}`) * (factor ?? Number.NaN);
  return Number.isFinite(n) && n > 0 ? n : null;
}

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0c;
/** Characters of an attribute name: letters, digits, '_', ':', '-' (and '.', as XML allows). */
const isNameChar = (c: number) =>
  (c >= 0x61 && c <= 0x7a) ||
  (c >= 0x41 && c <= 0x5a) ||
  (c >= 0x30 && c <= 0x39) ||
  c === 0x5f ||
  c === 0x3a ||
  c === 0x2d ||
  c === 0x2e;

/** Where the root `<svg` tag's attributes start (just after its name); -1 when there is none. */
function rootTagStart(text: string): number {
  const lower = text.toLowerCase();
  for (let at = lower.indexOf('<svg'); at >= 0; at = lower.indexOf('<svg', at + 4)) {
    const next = lower.charCodeAt(at + 4);
    // "<svg" must end its name here ("<svgfoo" is another element); the end of the text leaves the tag open.
    if (Number.isNaN(next) || !isNameChar(next)) return at + 4;
  }
  return -1;
}

/**
 * The root tag's attributes, read in one pass over the text: each character is looked at once, whatever the text
 * holds. Null when the tag doesn't close within the text (a truncated or hostile file).
 */
function rootAttributes(text: string): Map<string, string> | null {
  let i = rootTagStart(text);
  if (i < 0) return null;
  const attrs = new Map<string, string>();
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x3e) return attrs;
    if (isSpace(c) || c === 0x2f) {
      i += 1;
      continue;
    }
    if (!isNameChar(c)) return null;
    const nameStart = i;
    while (i < n && isNameChar(text.charCodeAt(i))) i += 1;
    const name = text.slice(nameStart, i).toLowerCase();
    while (i < n && isSpace(text.charCodeAt(i))) i += 1;
    if (text.charCodeAt(i) !== 0x3d) continue;
    i += 1;
    while (i < n && isSpace(text.charCodeAt(i))) i += 1;
    const quote = text.charCodeAt(i);
    if (quote !== 0x22 && quote !== 0x27) return null;
    const end = text.indexOf(String.fromCharCode(quote), i + 1);
    if (end < 0) return null;
    attrs.set(name, text.slice(i + 1, end));
    i = end + 1;
  }
  return null;
}

/**
 * Reads width, height and viewBox from the root <svg> tag, looking only at the first SVG_HEAD_CHARS of the text,
 * in time linear in what it reads (the file is untrusted: a backtracking pattern over `<svg aaaa…` took minutes).
 */
export function readSvgSize(source: string): SvgSize {
  const attrs = rootAttributes(source.slice(0, SVG_HEAD_CHARS)) ?? new Map<string, string>();
  const viewBox = attrs.get('viewbox') ?? '';
  const box = (viewBox.length > MAX_VALUE_CHARS ? '' : viewBox)
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
