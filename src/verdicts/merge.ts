/**
 * Feed entries update the bundled data without a release. Per tool, the newer `updatedAt` wins and brings its own
 * reviews along (a tool's reviews are one unit, never mixed across sources); per comparison, the newer one wins.
 * On equal dates the feed wins, since republishing an entry is how a feed author corrects it.
 * Both inputs are valid data sets on their own, so every reference in the result resolves: each winning entry's
 * references resolve in its own source, and the result holds every tool id of both.
 */
import type { Comparison, Review, Tool, VerdictDataSet } from '../protocol/verdict-data';

const newer = (a: string, b: string) => Date.parse(a) > Date.parse(b);

export function mergeDataSets(base: VerdictDataSet, feed: VerdictDataSet | null): VerdictDataSet {
  if (!feed) return base;
  const tools = new Map<string, { tool: Tool; from: VerdictDataSet }>();
  for (const tool of base.tools) tools.set(tool.id, { tool, from: base });
  for (const tool of feed.tools) {
    const existing = tools.get(tool.id);
    if (!existing || !newer(existing.tool.updatedAt, tool.updatedAt))
      tools.set(tool.id, { tool, from: feed });
  }
  const reviews: Review[] = [];
  for (const { tool, from } of tools.values()) {
    for (const review of from.reviews) if (review.toolId === tool.id) reviews.push(review);
  }
  const comparisons = new Map<string, Comparison>();
  for (const c of base.comparisons) comparisons.set(c.id, c);
  for (const c of feed.comparisons) {
    const existing = comparisons.get(c.id);
    if (!existing || !newer(existing.updatedAt, c.updatedAt)) comparisons.set(c.id, c);
  }
  return {
    version: 1,
    tools: [...tools.values()].map((t) => t.tool),
    reviews,
    comparisons: [...comparisons.values()],
  };
}
