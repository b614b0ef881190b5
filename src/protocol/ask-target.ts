/**
 * Where the chosen image waits for its side panel: one storage.session entry per tab (so the service worker keeps
 * nothing in memory, and the panel finds it again after a reload), and the panel's address for that tab.
 */
import * as v from 'valibot';
import type { AskTarget } from './messages';

export const SIDE_PANEL_PAGE = 'src/sidepanel/index.html';

export function askTargetKey(tabId: number): string {
  return `askTarget:${tabId}`;
}

/** The panel page for one tab: it shows that tab's chosen image, whichever tab is active in its window. */
export function sidePanelPath(tabId: number): string {
  return `${SIDE_PANEL_PAGE}?tab=${tabId}`;
}

/** The tab a panel page belongs to, from its address's query (`?tab=N`); null for the default, tabless panel. */
export function panelTabId(search: string): number | null {
  const raw = new URLSearchParams(search).get('tab');
  if (raw === null || !/^\d{1,10}$/.test(raw)) return null;
  return Number(raw);
}

const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const AskTargetSchema = v.object({
  id: v.pipe(text(100), v.minLength(1)),
  tabId: v.pipe(v.number(), v.integer(), v.minValue(0)),
  frameId: v.pipe(v.number(), v.integer(), v.minValue(0)),
  // A data: image is carried whole by the menu; intake refuses anything past its own limits later.
  srcUrl: v.pipe(text(32 * 1024 * 1024), v.minLength(1)),
  pageUrl: text(8192),
  pageTitle: text(1000),
});

/** What storage holds for a tab, checked (it is read back by another context), or null. */
export function parseAskTarget(value: unknown): AskTarget | null {
  const parsed = v.safeParse(AskTargetSchema, value);
  return parsed.success ? parsed.output : null;
}
