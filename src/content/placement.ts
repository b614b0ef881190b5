/**
 * Where the panel goes: beside the image (right, else left, else below) when it fits in the viewport, otherwise
 * docked in the bottom-right corner. Pure, so every case is tested without a page.
 */
export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface Placement {
  left: number;
  top: number;
  docked: boolean;
}

const GAP = 12;
const MARGIN = 8;

export function placePanel(
  image: Rect | null,
  viewport: { width: number; height: number },
  panel: { width: number; height: number },
): Placement {
  const docked: Placement = {
    left: Math.max(MARGIN, viewport.width - panel.width - 16),
    top: Math.max(MARGIN, viewport.height - panel.height - 16),
    docked: true,
  };
  if (!image) return docked;
  const clampTop = (top: number) => Math.min(Math.max(MARGIN, top), viewport.height - panel.height - MARGIN);
  const fitsVertically = panel.height + 2 * MARGIN <= viewport.height;
  const visible =
    image.left < viewport.width &&
    image.top < viewport.height &&
    image.left + image.width > 0 &&
    image.top + image.height > 0;
  if (!visible || !fitsVertically) return docked;
  const right = image.left + image.width + GAP;
  if (right + panel.width + MARGIN <= viewport.width)
    return { left: right, top: clampTop(image.top), docked: false };
  const left = image.left - GAP - panel.width;
  if (left >= MARGIN) return { left, top: clampTop(image.top), docked: false };
  const below = image.top + image.height + GAP;
  if (below + panel.height + MARGIN <= viewport.height && panel.width + 2 * MARGIN <= viewport.width) {
    return {
      left: Math.min(Math.max(MARGIN, image.left), viewport.width - panel.width - MARGIN),
      top: below,
      docked: false,
    };
  }
  return docked;
}
