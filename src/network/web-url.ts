/** Web addresses (http and https) parsed once: what a page, an image or a feed may be; anything else is null. */
export function webUrl(raw: string): URL | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
}
