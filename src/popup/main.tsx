/**
 * Popup entry: finds the tab it is about (`?tabId=N` when given, used by "pop out" and by tests; else the active
 * tab), paints the verdict from bundled data at once, then repaints if the current data (e.g. a feed) differs.
 */
import { render } from 'preact';
import { getActiveTab, getTab } from '../platform/tabs';
import { loadVerdictData } from '../platform/verdict-data';
import { createCatalog } from '../verdicts/catalog';
import { BUNDLED_DATA } from '../verdicts/data';
import { App } from './App';

async function targetTabUrl(): Promise<string> {
  const param = new URLSearchParams(location.search).get('tabId');
  const tabId = param === null ? Number.NaN : Number(param);
  const tab = Number.isInteger(tabId) ? await getTab(tabId) : await getActiveTab();
  return tab?.url ?? '';
}

async function start(root: HTMLElement): Promise<void> {
  const pageUrl = await targetTabUrl();
  render(<App catalog={createCatalog(BUNDLED_DATA)} pageUrl={pageUrl} />, root);
  const data = await loadVerdictData();
  if (data !== BUNDLED_DATA) render(<App catalog={createCatalog(data)} pageUrl={pageUrl} />, root);
}

const root = document.getElementById('app');
if (root) void start(root);
