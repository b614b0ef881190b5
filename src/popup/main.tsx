/**
 * Popup entry: finds the tab it is about (`?tabId=N` when given, used by "pop out" and by tests; else the active
 * tab), paints the verdict from bundled data at once, then repaints if the current data (e.g. a feed) differs, and
 * adds the on-device demo for the page's images once they are listed (never delaying the first paint).
 */
import { render } from 'preact';
import { getActiveTab, getTab, type TabRef } from '../platform/tabs';
import { createCatalog } from '../verdicts/catalog';
import { BUNDLED_DATA } from '../verdicts/data';
import { App } from './App';

async function targetTab(): Promise<TabRef | null> {
  const param = new URLSearchParams(location.search).get('tabId');
  const tabId = param === null ? Number.NaN : Number(param);
  return Number.isInteger(tabId) ? await getTab(tabId) : await getActiveTab();
}

async function start(root: HTMLElement): Promise<void> {
  const tab = await targetTab();
  const pageUrl = tab?.url ?? '';
  let catalog = createCatalog(BUNDLED_DATA);
  render(<App catalog={catalog} pageUrl={pageUrl} />, root);
  // Feed data (validated with the schema library) loads after the bundled verdict has painted.
  const { loadVerdictData } = await import('../platform/verdict-data');
  const data = await loadVerdictData();
  if (data !== BUNDLED_DATA) {
    catalog = createCatalog(data);
    render(<App catalog={catalog} pageUrl={pageUrl} />, root);
  }
  if (!tab) return;
  // The demo (engine client, intake, conversation UI) loads only now, so it never weighs on the first paint.
  const { pageTools } = await import('./page-tools');
  const tools = await pageTools(catalog, tab);
  if (tools) render(<App catalog={catalog} pageUrl={pageUrl} pageTools={tools} />, root);
}

const root = document.getElementById('app');
if (root) void start(root);
