/**
 * Popup open → verdict painted, in headless Chromium with the built extension. The popup marks its first meaningful
 * text with `elementtiming`, so the browser itself reports when it was painted, measured from the popup's navigation
 * start. Opened as a tab with ?tabId= (the same code path a real popup runs, minus the active-tab lookup).
 * A blank extension page is opened in the same rotation as a baseline: in headless Chromium on a small machine a
 * page that does nothing already takes tens of milliseconds to paint, and that part is not the popup's doing.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchExtension, routeStandInSite } from '../test/support/harness';
import { type SampleSummary, summarize } from './stats';

export interface PopupPaintResult {
  matched: SampleSummary;
  unmatched: SampleSummary;
  blank: SampleSummary;
  /** Median of (verdict paint − blank paint) over paired opens: what the popup itself adds. */
  matchedOverBlank: SampleSummary;
}

export const BLANK_PAGE = 'bench-blank.html';

/** An extension page that does nothing but paint a heading: the baseline for paint times, and a page to run from. */
export function writeBlankPage(distDir: string): void {
  writeFileSync(
    join(distDir, BLANK_PAGE),
    '<!doctype html><meta charset="utf-8"><h1 elementtiming="blank">Blank</h1>',
  );
}

/** Resolves with the render time (ms since navigation start) of the first element with the given elementtiming. */
async function paintTime(page: Page, identifier: string): Promise<number> {
  return page.evaluate(
    (id) =>
      new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no element timing for ${id}`)), 10_000);
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as (PerformanceEntry & {
            identifier: string;
            renderTime: number;
            loadTime: number;
          })[]) {
            if (entry.identifier === id) {
              clearTimeout(timer);
              resolve(entry.renderTime || entry.loadTime);
            }
          }
        }).observe({ type: 'element', buffered: true });
      }),
    identifier,
  );
}

/** One browser with the extension from `distDir` and the two stand-in tabs, ready to open the popup again and again. */
export interface PopupPaintSession {
  /** One round: blank page, popup on the matched tab, popup on the unmatched one (paint times, ms). */
  round(): Promise<{ blank: number; matched: number; unmatched: number }>;
  close(): Promise<void>;
}

export async function startPopupPaintSession(distDir: string): Promise<PopupPaintSession> {
  writeBlankPage(distDir);
  const ext = await launchExtension({ extensionDir: distDir });
  try {
    await routeStandInSite(ext.context, 'https://huggingface.co/', 'SmolVLM');
    await routeStandInSite(ext.context, 'https://example.org/', 'Unknown');
    const matchedTab = await ext.context.newPage();
    await matchedTab.goto('https://huggingface.co/HuggingFaceTB/SmolVLM-Instruct');
    const unmatchedTab = await ext.context.newPage();
    await unmatchedTab.goto('https://example.org/');
    // No named helpers inside evaluate: tsx would wrap them in a __name() the worker doesn't have.
    const [matchedId, unmatchedId] = await ext.serviceWorker.evaluate(async () =>
      (
        await Promise.all([
          chrome.tabs.query({ url: 'https://huggingface.co/*' }),
          chrome.tabs.query({ url: 'https://example.org/*' }),
        ])
      ).map((tabs) => tabs[0]?.id ?? -1),
    );
    if (matchedId === undefined || matchedId < 0 || unmatchedId === undefined || unmatchedId < 0) {
      throw new Error('stand-in tab not found');
    }
    const open = async (path: string, identifier: string) => {
      const page = await ext.openExtensionPage(path);
      const t = await paintTime(page, identifier);
      await page.close();
      return t;
    };
    return {
      round: async () => ({
        blank: await open(BLANK_PAGE, 'blank'),
        matched: await open(`src/popup/index.html?tabId=${matchedId}`, 'verdict-card'),
        unmatched: await open(`src/popup/index.html?tabId=${unmatchedId}`, 'browse'),
      }),
      close: () => ext.close(),
    };
  } catch (error) {
    await ext.close();
    throw error;
  }
}

export async function benchPopupPaint(distDir: string, opens: number): Promise<PopupPaintResult> {
  const session = await startPopupPaintSession(distDir);
  try {
    const matched: number[] = [];
    const unmatched: number[] = [];
    const blank: number[] = [];
    const overBlank: number[] = [];
    // Round-robin so that machine noise falls on all three alike; round 0 warms the caches and is dropped.
    for (let i = 0; i <= opens; i++) {
      const r = await session.round();
      if (i === 0) continue;
      blank.push(r.blank);
      matched.push(r.matched);
      unmatched.push(r.unmatched);
      overBlank.push(r.matched - r.blank);
    }
    return {
      matched: summarize(matched),
      unmatched: summarize(unmatched),
      blank: summarize(blank),
      matchedOverBlank: summarize(overBlank),
    };
  } finally {
    await session.close();
  }
}
