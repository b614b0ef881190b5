/**
 * The popup off any tool's site: a search over every tool (name, vendor, what it does) with arrow-key navigation, and
 * the list of comparisons, so any verdict is two clicks away.
 */
import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Tool } from '../protocol/verdict-data';
import { capabilityLine } from '../verdicts/capabilities';
import { type VerdictCatalog, vendorToolsOnHost } from '../verdicts/catalog';
import { comparisonTitle } from './HeadToHead';

interface Props {
  catalog: VerdictCatalog;
  /** Host of the current page, to say why there is no verdict; null on non-web pages. */
  pageHost: string | null;
  /** The tool whose site the tab shows, when it is one: then this view was opened from its card. */
  pageTool: Tool | null;
  onOpenPageTool(): void;
  query: string;
  onQueryChange(query: string): void;
  onOpenTool(id: string): void;
  onOpenComparison(id: string): void;
}

function PageNotice({
  pageHost,
  pageTool,
  onOpenPageTool,
  vendorFirst,
}: {
  pageHost: string | null;
  pageTool: Tool | null;
  onOpenPageTool(): void;
  /** The vendor whose site the page is on, whose tools lead the list; null when the host is no one vendor's. */
  vendorFirst: string | null;
}) {
  if (pageTool) {
    return (
      <p class="notice">
        This page is on{' '}
        <button type="button" class="link" onClick={onOpenPageTool}>
          {pageTool.name}
        </button>
        ’s site. Search the other tools we know, or open a comparison.
      </p>
    );
  }
  if (!pageHost) {
    return (
      <p class="notice">
        This page isn’t a website, so there is no verdict for it. Search the tools we know.
      </p>
    );
  }
  return (
    <p class="notice">
      No verdict for this page of <strong>{pageHost}</strong> yet.{' '}
      {vendorFirst
        ? `${vendorFirst}’s tools come first below.`
        : 'Search the tools we know, or open a comparison.'}
    </p>
  );
}

export function BrowseView({
  catalog,
  pageHost,
  pageTool,
  onOpenPageTool,
  query,
  onQueryChange,
  onOpenTool,
  onOpenComparison,
}: Props) {
  const results = useMemo(() => catalog.search(query, pageHost), [catalog, query, pageHost]);
  const vendorFirst = useMemo(
    () => (pageHost === null ? null : ([...vendorToolsOnHost(catalog.tools, pageHost)][0]?.vendor ?? null)),
    [catalog, pageHost],
  );
  const [active, setActive] = useState(0);
  const activeIndex = Math.min(active, results.length - 1);
  const optionId = (i: number) => `tool-option-${i}`;
  const listRef = useRef<HTMLUListElement>(null);
  // Arrow keys move the highlight; keep it in sight inside the scrolling list.
  useLayoutEffect(() => {
    listRef.current
      ?.querySelector<HTMLElement>(`#${optionId(activeIndex)}`)
      ?.scrollIntoView({ block: 'nearest' });
  }, [activeIndex, results]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (results.length === 0) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((activeIndex + step + results.length) % results.length);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const tool = results[activeIndex];
      if (tool) onOpenTool(tool.id);
    }
  };

  return (
    <div class="browse">
      <h1 tabIndex={-1} elementtiming="browse">
        Find a verdict
      </h1>
      <PageNotice
        pageHost={pageHost}
        pageTool={pageTool}
        onOpenPageTool={onOpenPageTool}
        vendorFirst={vendorFirst}
      />
      <label class="search-label" for="tool-search">
        Search tools
      </label>
      <input
        id="tool-search"
        type="search"
        // biome-ignore lint/a11y/noRedundantRoles: without a list attribute a search field's implicit role is searchbox; the combobox role is what announces the results and the active one.
        role="combobox"
        list={undefined}
        aria-autocomplete="list"
        aria-expanded={results.length > 0}
        aria-controls="tool-results"
        aria-activedescendant={results.length > 0 ? optionId(activeIndex) : undefined}
        placeholder="Name, vendor or what it does (vision, OCR…)"
        autocomplete="off"
        spellcheck={false}
        value={query}
        onInput={(e) => {
          onQueryChange(e.currentTarget.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      {/* Not a Tab stop of its own (a scrolling box would be one): the search field drives it with arrows and Enter. */}
      {/* biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: the ARIA combobox pattern: a list of results is a listbox driven from the search field. */}
      <ul id="tool-results" role="listbox" aria-label="Tools" class="results" tabIndex={-1} ref={listRef}>
        {results.map((tool, i) => {
          const stats = catalog.statsOf(tool.id);
          return (
            // biome-ignore lint/a11y/useKeyWithClickEvents lint/a11y/useFocusableInteractive: an option of the combobox pattern: the search field keeps focus and drives it with arrows and Enter (aria-activedescendant); a click is the pointer's way in.
            <li
              key={tool.id}
              id={optionId(i)}
              // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: each result is an option of that listbox.
              role="option"
              aria-selected={i === activeIndex}
              class={i === activeIndex ? 'result active' : 'result'}
              onClick={() => onOpenTool(tool.id)}
              onMouseMove={() => setActive(i)}
            >
              <span class="result-name">{tool.name}</span>
              <span class="result-meta">
                {[tool.vendor, capabilityLine(tool.capabilities, 2)].filter(Boolean).join(' · ')}
              </span>
              <span class={`result-score ${stats.verdict ? `score-${stats.verdict}` : 'score-none'}`}>
                {stats.shipPercent === null ? 'Not reviewed' : `${stats.shipPercent}% ship`}
              </span>
            </li>
          );
        })}
      </ul>
      {results.length === 0 && (
        <p class="empty" role="status">
          No tool matches “{query}”. Try a vendor, or what it does: “vision”, “OCR” or “routing”.
        </p>
      )}
      <h2>Comparisons</h2>
      <ul class="comparisons">
        {catalog.comparisons.map((comparison) => (
          <li key={comparison.id}>
            <button type="button" class="comparison" onClick={() => onOpenComparison(comparison.id)}>
              <span class="comparison-title">{comparisonTitle(catalog, comparison)}</span>
              <span class="comparison-headline">{comparison.headline}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
