/**
 * Popup entry: finds the tab it is about (`?tabId=N` when given, used by "pop out" and by tests; else the active
 * tab), paints the verdict from bundled data at once, then repaints if the current data (e.g. a feed) differs, and
 * adds the on-device demo for the page's images once they are listed (never delaying the first paint).
 */
// First, so the tab lookup is in flight while the modules below are evaluated (Biome keeps a bare import in place).
import './tab-request';
import { render } from 'preact';
import { unreadablePage, unreadablePageSentence } from '../network/page-access';
import { createCatalog } from '../verdicts/catalog';
import { BUNDLED_DATA } from '../verdicts/data';
import { App } from './App';
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

/** Whose rules decide which pages extensions may read: the browser this bundle is built for. */
const BROWSER =
  typeof __VERDICT_LENS_BROWSER__ !== 'undefined' && __VERDICT_LENS_BROWSER__ === 'firefox'
    ? 'firefox'
    : 'chrome';

async function start(root: HTMLElement): Promise<void> {
  const tab = await popupTabRequest;
  const pageUrl = tab?.url ?? '';
  const unreadable = unreadablePage(pageUrl, BROWSER, location.origin);
  const pageUnreadable = unreadable && unreadablePageSentence(unreadable, 'page');
  let catalog = createCatalog(BUNDLED_DATA);
  render(
    <App catalog={catalog} pageUrl={pageUrl} pageUnreadable={pageUnreadable} onOpenSettings={openSettings} />,
    root,
  );
  await afterPaint();
  // Feed data (validated with the schema library) loads after the bundled verdict has painted.
  const { loadVerdictData } = await import('../platform/verdict-data');
  const data = await loadVerdictData();
  if (data !== BUNDLED_DATA) {
    catalog = createCatalog(data);
    render(
      <App
        catalog={catalog}
        pageUrl={pageUrl}
        pageUnreadable={pageUnreadable}
        onOpenSettings={openSettings}
      />,
      root,
    );
  }
  // Nothing on a page no extension may read can be listed, let alone described: the footer has said why.
  if (!tab || unreadable) return;
  // The demo (engine client, intake, conversation UI) loads only now, so it never weighs on the first paint.
  const { pageTools } = await import('./page-tools');
  const demo = await pageTools(catalog, tab);
  if (demo)
    render(
      <App
        catalog={catalog}
        pageUrl={pageUrl}
        pageDemo={demo}
        pageUnreadable={pageUnreadable}
        onOpenSettings={openSettings}
      />,
      root,
    );
}

const root = document.getElementById('app');
if (root) void start(root);
