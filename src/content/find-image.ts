/**
 * The <img> the person right-clicked. Firefox names the element itself (`clicked`); Chrome's menu gives only its
 * URL, so there the visible image showing that URL stands in (the first, when several show the same one).
 */
export function findClickedImage(srcUrl: string, clicked: Element | null = null): HTMLImageElement | null {
  if (clicked instanceof HTMLImageElement) return clicked;
  const matches = [...document.images].filter((img) => img.currentSrc === srcUrl || img.src === srcUrl);
  return (
    matches.find((img) => {
      const r = img.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight;
    }) ??
    matches[0] ??
    null
  );
}
