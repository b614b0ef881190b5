/**
 * Runs in the page (injected by the popup through scripting.executeScript, so it must not use anything from outside
 * its own body): the images a person can see right now, large enough to be worth describing, without duplicates.
 */
import type { PageImage } from '../protocol/page-images';
export function collectVisibleImages(minEdge: number, limit: number): PageImage[] {
  const seen = new Set<string>();
  const found: PageImage[] = [];
  for (const img of Array.from(document.images)) {
    const src = img.currentSrc || img.src;
    if (!src || seen.has(src) || !img.complete || img.naturalWidth < minEdge || img.naturalHeight < minEdge)
      continue;
    // Only what this popup can hand to the model: web images and inline data (blob: URLs belong to the page).
    if (!/^(https?|data):/i.test(src)) continue;
    const r = img.getBoundingClientRect();
    const visible =
      r.width > 0 &&
      r.height > 0 &&
      r.bottom > 0 &&
      r.right > 0 &&
      r.top < innerHeight &&
      r.left < innerWidth;
    if (!visible || getComputedStyle(img).visibility === 'hidden') continue;
    seen.add(src);
    found.push({ src, width: img.naturalWidth, height: img.naturalHeight, alt: img.alt });
    if (found.length >= limit) break;
  }
  return found;
}
