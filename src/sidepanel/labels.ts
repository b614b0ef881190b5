/** How the side panel names what it answers about: the page (by title, and its site) and the image (by file name). */
import type { AskTarget } from '../protocol/messages';

function siteOf(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return parsed.host;
    // A browser's own page by its address's start ("chrome://settings", "about:addons"); "file:" and the like by
    // their scheme.
    if (parsed.protocol === 'about:') return `about:${parsed.pathname}`;
    return parsed.host ? `${parsed.protocol}//${parsed.host}` : parsed.protocol;
  } catch {
    return '';
  }
}

/** "Title (site)", the site alone when the page has no title, or "this tab" when the browser named neither. */
export function pageLabel(target: Pick<AskTarget, 'pageUrl' | 'pageTitle'>): string {
  const title = target.pageTitle.trim();
  const site = siteOf(target.pageUrl);
  if (title && site) return `${title} (${site})`;
  return title || site || 'this tab';
}

const MAX_NAME = 60;

/** The image's file name, or what kind of address it is when it has none (inline data, a page's own blob). */
export function imageLabel(srcUrl: string): string {
  if (/^data:/i.test(srcUrl)) return 'an image inside the page (data: address)';
  if (/^blob:/i.test(srcUrl)) return 'an image the page made (blob: address)';
  try {
    const url = new URL(srcUrl);
    const name = decodeURIComponent(url.pathname.split('/').filter(Boolean).at(-1) ?? '') || url.host;
    return name.length > MAX_NAME ? `${name.slice(0, MAX_NAME - 1)}…` : name;
  } catch {
    return 'the chosen image';
  }
}

/** Whether the panel may show the image itself: a page's blob: address means nothing outside that page. */
export function canShowThumbnail(srcUrl: string): boolean {
  return /^(https?|data):/i.test(srcUrl);
}
