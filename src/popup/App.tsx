/**
 * The popup: the verdict for the tool whose site the tab shows, or a way to find any verdict. Views stack, so the
 * back button returns to where the person came from; the first view depends on the page.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { VerdictCatalog } from '../verdicts/catalog';
import { pageModelFor } from '../verdicts/page-model';
import { BrowseView } from './BrowseView';
import { HeadToHead } from './HeadToHead';
import { VerdictCard } from './VerdictCard';

export type View = { kind: 'browse' } | { kind: 'tool'; id: string } | { kind: 'comparison'; id: string };

interface Props {
  catalog: VerdictCatalog;
  /** URL of the tab the popup is about; '' when unknown. */
  pageUrl: string;
  /**
   * Features about the tab's page itself ("Try it on this page's images"). Shown only under the page's own tool's
   * card: under another tool's card, the search or a comparison it would read as being about what's on screen.
   * Kept mounted while hidden, so Back returns to a conversation as it was.
   */
  pageTools?: ComponentChildren;
}

function hostOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.hostname : null;
  } catch {
    return null;
  }
}

export function App({ catalog, pageUrl, pageTools }: Props) {
  const pageTool = catalog.toolForUrl(pageUrl);
  const first: View = pageTool ? { kind: 'tool', id: pageTool.id } : { kind: 'browse' };
  const [stack, setStack] = useState<View[]>([first]);
  const [query, setQuery] = useState('');
  const mainRef = useRef<HTMLElement>(null);
  const view = stack[stack.length - 1] ?? first;

  // When the data changes (feed loaded after the bundled first paint) the page's tool may change too.
  const pageToolId = pageTool?.id;
  const firstPageToolId = useRef(pageToolId);
  useEffect(() => {
    if (firstPageToolId.current === pageToolId) return;
    firstPageToolId.current = pageToolId;
    setStack([pageToolId ? { kind: 'tool', id: pageToolId } : { kind: 'browse' }]);
  }, [pageToolId]);

  const go = (next: View) => setStack((s) => [...s, next]);
  const back = () => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s));
  // Move focus to the new view's heading, so keyboard and screen-reader users land on what changed; Back to the
  // first view too (the button pressed is gone with the view it was in). Not on the popup's first paint.
  const navigated = useRef(false);
  useLayoutEffect(() => {
    if (navigated.current) mainRef.current?.querySelector<HTMLElement>('h1')?.focus();
    navigated.current = true;
  }, [stack]);

  const openTool = (id: string) => go({ kind: 'tool', id });
  const onPageToolView = view.kind === 'tool' && view.id === pageToolId;
  let body: ComponentChildren;
  if (view.kind === 'tool') {
    const tool = catalog.tool(view.id);
    body = tool ? (
      <VerdictCard
        catalog={catalog}
        tool={tool}
        onOpenTool={openTool}
        pageModel={tool.id === pageToolId ? pageModelFor(tool.id, pageUrl) : null}
      />
    ) : (
      <p class="notice">That tool is no longer in the data.</p>
    );
  } else if (view.kind === 'comparison') {
    const comparison = catalog.comparisons.find((c) => c.id === view.id);
    body = comparison ? (
      <HeadToHead catalog={catalog} comparison={comparison} onOpenTool={openTool} primary />
    ) : (
      <p class="notice">That comparison is no longer in the data.</p>
    );
  } else {
    body = (
      <BrowseView
        catalog={catalog}
        pageHost={hostOf(pageUrl)}
        pageTool={pageTool}
        onOpenPageTool={() => pageToolId && go({ kind: 'tool', id: pageToolId })}
        query={query}
        onQueryChange={setQuery}
        onOpenTool={openTool}
        onOpenComparison={(id) => go({ kind: 'comparison', id })}
      />
    );
  }

  return (
    <>
      <nav class="topbar" aria-label="Verdict Lens">
        {stack.length > 1 ? (
          <button type="button" class="back" onClick={back}>
            ← Back
          </button>
        ) : (
          <span class="brand">Verdict Lens</span>
        )}
        {view.kind !== 'browse' && (
          <button type="button" class="link" onClick={() => go({ kind: 'browse' })}>
            All tools
          </button>
        )}
      </nav>
      <main ref={mainRef} key={stack.length}>
        {body}
      </main>
      {pageTools && (
        <section class="page-tools" aria-label="On this page" data-slot="page-tools" hidden={!onPageToolView}>
          {pageTools}
        </section>
      )}
    </>
  );
}
