/**
 * Popup entry: finds the tab it is about (`?tabId=N` when given, used by "pop out" and by tests; else the active
 * tab), paints the verdict from bundled data at once, then repaints if the current data (e.g. a feed) differs, and
 * adds the on-device demo for the page's images once they are listed (never delaying the first paint).
 */
// First, so the tab lookup is in flight while the modules below are evaluated (Biome keeps a bare import in place).
import './tab-request';
import { render } from 'preact';
import { BUILD_BROWSER, unreadablePage, unreadablePageSentence } from '../network/page-access';
import { createCatalog, type VerdictCatalog } from '../verdicts/catalog';
import { BUNDLED_DATA } from '../verdicts/data';
import { App } from './App';
import type { PageDemo } from './page-tools';
import { popupTabRequest } from './tab-request';

/**
 * Resolves once the frame with the first render has been painted. Loading the feed path or the demo starts module
 * fetches and compiles on the main thread; started right after render() they pushed the verdict's paint back by
 * tens of milliseconds. A hidden page gets no animation frames, hence the timeout.
 */
function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => setTimeout(resolve, 0);
    requestAnimationFrame(done);
    setTimeout(resolve, 200);
  });
}

/** Options opens in a tab of its own (and the popup closes, as it does whenever the browser focuses a tab). */
function openSettings(): void {
  void import('../platform/options-page').then(({ openOptionsPage }) => openOptionsPage());
}

async function start(root: HTMLElement): Promise<void> {
  const tab = await popupTabRequest;
  const pageUrl = tab?.url ?? '';
  const unreadable = unreadablePage(pageUrl, BUILD_BROWSER, location.origin);
  const pageUnreadable = unreadable && unreadablePageSentence(unreadable, 'page');
  // Each render is the whole popup for what is known so far: the verdict, then feed data, then the page's demo.
  const show = (catalog: VerdictCatalog, pageDemo: PageDemo | null = null) =>
    render(
      <App
        catalog={catalog}
        pageUrl={pageUrl}
        pageDemo={pageDemo}
        pageUnreadable={pageUnreadable}
        onOpenSettings={openSettings}
      />,
      root,
    );
  let catalog = createCatalog(BUNDLED_DATA);
  show(catalog);
  await afterPaint();
  // Feed data (validated with the schema library) loads after the bundled verdict has painted.
  const { loadVerdictData } = await import('../platform/verdict-data');
  const data = await loadVerdictData();
  if (data !== BUNDLED_DATA) {
    catalog = createCatalog(data);
    show(catalog);
  }
  // Nothing on a page no extension may read can be listed, let alone described: the footer has said why.
  if (!tab || unreadable) return;
  // The demo (engine client, intake, conversation UI) loads only now, so it never weighs on the first paint.
  const { pageTools } = await import('./page-tools');
  const demo = await pageTools(catalog, tab);
  if (demo) show(catalog, demo);
}

const root = document.getElementById('app');
if (root) void start(root);
