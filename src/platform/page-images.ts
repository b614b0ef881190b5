/**
 * The images showing in a tab, read by running the caller's collector in it (host access covers any http(s) page).
 * The collector comes from content/ (code that runs in pages); platform/ only knows how to run it.
 */
import type { PageImage } from '../protocol/page-images';
import { browser } from './browser';

/** Runs in the page, so it must not use anything from outside its own body. */
export type ImageCollector = (minEdge: number, limit: number) => PageImage[];

/** Icons and avatars below this size are left out of the demo grid. */
const MIN_EDGE = 48;
const LIMIT = 12;

export async function listPageImages(tabId: number, collect: ImageCollector): Promise<PageImage[]> {
  try {
    const [result] = await browser.scripting.executeScript({
      target: { tabId },
      func: collect,
      args: [MIN_EDGE, LIMIT],
    });
    return Array.isArray(result?.result) ? (result.result as PageImage[]) : [];
  } catch {
    // Pages no extension may script (browser pages, the Web Store): nothing to offer.
    return [];
  }
}
