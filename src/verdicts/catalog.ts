/**
 * Everything the popup and the badge ask of a data set, answered from indexes built once per data set:
 * a tool by id or by URL, its reviews and stats, the comparisons it appears in, who named it a competitor, search.
 */

import { LENSES } from '../protocol/lenses';
import type { Comparison, Review, Tool, VerdictDataSet } from '../protocol/verdict-data';
import { capabilityLabel } from './capabilities';
import { buildToolIndex, matchToolForUrl, type ToolIndex } from './matcher';
import { type PanelStats, panelStats } from './stats';

export interface VerdictCatalog {
  readonly data: VerdictDataSet;
  readonly tools: readonly Tool[];
  readonly comparisons: readonly Comparison[];
  tool(id: string): Tool | undefined;
  toolForUrl(url: string): Tool | null;
  /** Reviews in the fixed lens order, so every card reads the same way. */
  reviewsOf(toolId: string): readonly Review[];
  statsOf(toolId: string): PanelStats;
  comparisonsOf(toolId: string): readonly Comparison[];
  /** Reviewed tools that named this one as a competitor. */
  namedAsCompetitorBy(toolId: string): readonly Tool[];
  /** Tools matching the query, best first; tools with a site on `pageHost` (the vendor's) lead among equals. */
  search(query: string, pageHost?: string | null): readonly Tool[];
}

/** What besides the query orders the results: tools on the page's site, then reviewed ones. */
export interface SearchRanking {
  /** The tab's host, so a vendor's other pages (vercel.com/pricing) offer that vendor's tools first. */
  pageHost?: string | null;
  isReviewed?(toolId: string): boolean;
}

const bareHost = (host: string) => host.toLowerCase().replace(/^www\./, '');

/** The tool has a site on this host (or, when its pattern says so, on a subdomain of it). */
export function toolHasSiteOn(tool: Tool, host: string): boolean {
  const h = bareHost(host);
  return tool.sitePatterns.some(
    (p) => p.host === h || (p.includeSubdomains === true && h.endsWith(`.${p.host}`)),
  );
}

function groupBy<T>(items: readonly T[], key: (item: T) => string[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    for (const k of key(item)) {
      const list = out.get(k);
      if (list) list.push(item);
      else out.set(k, [item]);
    }
  }
  return out;
}

const fold = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/**
 * The tools of the vendor a host belongs to: the host belongs to a vendor when every tool with a site on it is that
 * vendor's (vercel.com). A host many vendors publish on (huggingface.co, github.com) belongs to none, so it ranks
 * nothing first.
 */
export function vendorToolsOnHost(tools: readonly Tool[], host: string): Set<Tool> {
  const onHost = tools.filter((t) => toolHasSiteOn(t, host));
  const vendors = new Set(onHost.map((t) => t.vendor));
  return vendors.size === 1 ? new Set(onHost) : new Set();
}

/**
 * Every word of the query must appear in the tool's name, vendor, category, capability tags (as tags and as their
 * labels: "vision" finds every vision-language model, "ocr" the ones that read text) or id. Name matches rank first, then
 * matches at the start of a word; among equals, the tools of the vendor whose site the page is on, then reviewed tools (the ones
 * with a verdict to show), then alphabetical.
 */
export function searchTools(tools: readonly Tool[], query: string, ranking: SearchRanking = {}): Tool[] {
  const { pageHost, isReviewed } = ranking;
  const vendorTools = pageHost ? vendorToolsOnHost(tools, pageHost) : new Set<Tool>();
  const onPage = (t: Tool) => (vendorTools.has(t) ? 1 : 0);
  const reviewed = (t: Tool) => (isReviewed?.(t.id) ? 1 : 0);
  const byRank = (a: Tool, b: Tool) =>
    onPage(b) - onPage(a) || reviewed(b) - reviewed(a) || a.name.localeCompare(b.name);
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...tools].sort(byRank);
  const scored: { tool: Tool; score: number }[] = [];
  for (const tool of tools) {
    const name = fold(tool.name);
    const capabilities = (tool.capabilities ?? []).map((tag) => `${tag} ${fold(capabilityLabel(tag))}`);
    const haystack = `${name} ${fold(tool.vendor)} ${fold(tool.category)} ${capabilities.join(' ')} ${tool.id}`;
    if (!words.every((w) => haystack.includes(w))) continue;
    let score = 0;
    for (const w of words) {
      if (name.startsWith(w)) score += 3;
      else if (name.includes(w)) score += 2;
      else if (new RegExp(`(^|[^a-z0-9])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).test(haystack))
        score += 1;
    }
    scored.push({ tool, score });
  }
  return scored.sort((a, b) => b.score - a.score || byRank(a.tool, b.tool)).map((s) => s.tool);
}

export function createCatalog(data: VerdictDataSet): VerdictCatalog {
  const byId = new Map(data.tools.map((t) => [t.id, t]));
  const index: ToolIndex = buildToolIndex(data.tools);
  const lensOrder = (r: Review) => LENSES.indexOf(r.lens);
  const reviews = groupBy(data.reviews, (r) => [r.toolId]);
  for (const list of reviews.values()) list.sort((a, b) => lensOrder(a) - lensOrder(b));
  const comparisons = groupBy(data.comparisons, (c) => c.toolIds);
  const namers = groupBy(data.tools, (t) => t.competitors);
  return {
    data,
    tools: data.tools,
    comparisons: data.comparisons,
    tool: (id) => byId.get(id),
    toolForUrl: (url) => matchToolForUrl(url, index),
    reviewsOf: (id) => reviews.get(id) ?? [],
    statsOf: (id) => panelStats(reviews.get(id) ?? []),
    comparisonsOf: (id) => comparisons.get(id) ?? [],
    namedAsCompetitorBy: (id) => namers.get(id) ?? [],
    search: (query, pageHost) =>
      searchTools(data.tools, query, { pageHost, isReviewed: (id) => (reviews.get(id)?.length ?? 0) > 0 }),
  };
}
