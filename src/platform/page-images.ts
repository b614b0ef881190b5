/** The images showing in a tab, read by running collectVisibleImages in it (host access covers any http(s) page). */
import { collectVisibleImages, type PageImage } from '../content/collect-images';
import { browser } from './browser';

export type { PageImage };

/** Icons and avatars below this size are left out of the demo grid. */
const MIN_EDGE = 48;
const LIMIT = 12;

export async function listPageImages(tabId: number): Promise<PageImage[]> {
  try {
    const [result] = await browser.scripting.executeScript({
      target: { tabId },
      func: collectVisibleImages,
      args: [MIN_EDGE, LIMIT],
    });
    return Array.isArray(result?.result) ? (result.result as PageImage[]) : [];
  } catch {
    // Pages no extension may script (browser pages, the Web Store): nothing to offer.
    return [];
  }
}
