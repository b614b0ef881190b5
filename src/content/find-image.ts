/** The <img> the person right-clicked: the menu gives only its URL, so find the visible image showing it. */
export function findClickedImage(srcUrl: string): HTMLImageElement | null {
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
