/**
 * The popup: the verdict for the tool whose site the tab shows, or a way to find any verdict. Views stack, so the
 * back button returns to where the person came from, scrolled as they left it; the first view depends on the page.
 * The top bar (Back, All tools, Settings) stays in sight while a long card scrolls.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { VerdictCatalog } from '../verdicts/catalog';
import { modelStory, pageModelFor } from '../verdicts/page-model';
import { BrowseView } from './BrowseView';
import { HeadToHead } from './HeadToHead';
import type { PageDemo } from './page-tools';
import { VerdictCard } from './VerdictCard';

export type View =
  | { kind: 'browse' }
  | { kind: 'tool'; id: string }
  | { kind: 'comparison'; id: string }
  | { kind: 'demo' };

interface Props {
  catalog: VerdictCatalog;
  /** URL of the tab the popup is about; '' when unknown. */
  pageUrl: string;
  /**
   * The on-device demo for the page's images, on SmolVLM's pages only (see page-tools.tsx): one entry near the top
   * of that card opens it as a view of its own. Kept mounted while hidden, so Back returns to a conversation as it
   * was.
   */
  pageDemo?: Pick<PageDemo, 'title' | 'note' | 'model' | 'content'> | null;
  /**
   * Why the extension can't look at this page's images (the browser's own pages, the store), said in place of the
   * "right-click an image" hint that can't work here; null on ordinary pages.
   */
  pageUnreadable?: string | null;
  onOpenSettings(): void;
}

function hostOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.hostname : null;
  } catch {
    return null;
  }
}

export function App({ catalog, pageUrl, pageDemo = null, pageUnreadable = null, onOpenSettings }: Props) {
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

  // Where each view in the stack was scrolled when the person left it, and where to put the view now shown.
  const scrolls = useRef<number[]>([]);
  const scrollTo = useRef(0);
  const go = (next: View) => {
    scrolls.current[stack.length - 1] = window.scrollY;
    scrollTo.current = 0;
    setStack((s) => [...s, next]);
  };
  const back = () => {
    if (stack.length < 2) return;
    scrollTo.current = scrolls.current[stack.length - 2] ?? 0;
    setStack((s) => s.slice(0, -1));
  };
  // Move focus to the new view's heading, so keyboard and screen-reader users land on what changed; Back to the
  // first view too (the button pressed is gone with the view it was in). Not on the popup's first paint. The
  // heading takes focus without scrolling: Back restores where the person was.
  const navigated = useRef(false);
  useLayoutEffect(() => {
    if (!navigated.current) {
      navigated.current = true;
      return;
    }
    mainRef.current?.querySelector<HTMLElement>('h1')?.focus({ preventScroll: true });
    window.scrollTo(0, scrollTo.current);
  }, [stack]);

  const openTool = (id: string) => go({ kind: 'tool', id });
  let body: ComponentChildren = null;
  if (view.kind === 'tool') {
    const tool = catalog.tool(view.id);
    const onPage = tool?.id === pageToolId;
    body = tool ? (
      <VerdictCard
        catalog={catalog}
        tool={tool}
        onOpenTool={openTool}
        story={onPage ? modelStory(tool.id, pageModelFor(tool.id, pageUrl), pageDemo?.model ?? null) : null}
        demoEntry={
          onPage && pageDemo ? (
            <button type="button" class="demo-entry" onClick={() => go({ kind: 'demo' })}>
              <span class="demo-entry-title">{pageDemo.title}</span>
              <span class="demo-entry-note">Describe this page’s images →</span>
            </button>
          ) : null
        }
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
  } else if (view.kind === 'demo') {
    body = pageDemo && (
      <header class="demo-head">
        <h1 tabIndex={-1}>{pageDemo.title}</h1>
        <p class="muted">{pageDemo.note}</p>
      </header>
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
        <span class="topbar-end">
          {view.kind !== 'browse' && (
            <button type="button" class="link" onClick={() => go({ kind: 'browse' })}>
              All tools
            </button>
          )}
          <button type="button" class="link" onClick={onOpenSettings}>
            Settings
          </button>
        </span>
      </nav>
      <main ref={mainRef} key={stack.length}>
        {body}
      </main>
      {pageDemo && (
        <section
          class="page-tools"
          aria-label="Live demo"
          data-slot="page-tools"
          hidden={view.kind !== 'demo'}
        >
          {pageDemo.content}
        </section>
      )}
      <footer class="ask-hint">
        {pageUnreadable ? (
          <span data-testid="page-unreadable">{pageUnreadable}</span>
        ) : (
          <>
            Ask about any image: right-click it and choose <strong>Ask about this image</strong>.
          </>
        )}
      </footer>
    </>
  );
}
