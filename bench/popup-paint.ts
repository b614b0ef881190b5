/**
 * Popup open → verdict painted, in headless Chromium with the built extension. The popup marks its first meaningful
 * text with `elementtiming`, so the browser itself reports when it was painted, measured from the popup's navigation
 * start. Opened as a tab with ?tabId= (the same code path a real popup runs, minus the active-tab lookup).
 */
import type { Page } from 'playwright-core';
import { launchExtension, routeStandInSite } from '../test/e2e/harness';
import { type SampleSummary, summarize } from './stats';

export interface PopupPaintResult {
  matched: SampleSummary;
  unmatched: SampleSummary;
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

export async function benchPopupPaint(opens: number): Promise<PopupPaintResult> {
  const ext = await launchExtension();
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
    const measure = async (tabId: number | undefined, identifier: string) => {
      if (tabId === undefined || tabId < 0) throw new Error('stand-in tab not found');
      const samples: number[] = [];
      // One unmeasured open warms the disk cache, as a person's second click would.
      for (let i = 0; i <= opens; i++) {
        const page = await ext.openExtensionPage(`src/popup/index.html?tabId=${tabId}`);
        const t = await paintTime(page, identifier);
        if (i > 0) samples.push(t);
        await page.close();
      }
      return summarize(samples);
    };
    return {
      matched: await measure(matchedId, 'verdict-card'),
      unmatched: await measure(unmatchedId, 'browse'),
    };
  } finally {
    await ext.close();
  }
}
