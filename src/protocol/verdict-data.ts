/**
 * The verdict data model: tools, the panel's reviews of them, and the comparisons that set them against each other.
 * One schema validates the bundled data (in unit tests) and any feed (at the trust boundary), so both are held to
 * the same rules. Percentages and splits are never stored: they are computed from votes (see stats.ts).
 */
import * as v from 'valibot';
import { LENS_LABELS, LENSES } from './lenses';

/** Lower-case slug, stable across data versions: reviews, competitors and comparisons refer to tools by it. */
const ToolIdSchema = v.pipe(
  v.string(),
  v.regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'must be a lower-case slug (a-z, 0-9, dashes; at most 80 characters)'),
);

const text = (max: number) =>
  v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(max));

const httpUrl = v.pipe(
  v.string(),
  v.url('must be a URL'),
  v.check((s) => /^https?:\/\//i.test(s), 'must be an http(s) URL'),
);

/** ISO date or date-time; feeds merge per tool by it ("newer wins"). */
const isoDate = v.pipe(
  v.string(),
  v.regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/, 'must be an ISO date such as 2025-06-01'),
  v.check((s) => !Number.isNaN(Date.parse(s)), 'must be a real date'),
);

export const PRICE_TIERS = ['Free', 'Freemium', 'Free trial', 'Paid', 'Enterprise'] as const;
export const PriceTierSchema = v.picklist(PRICE_TIERS, `must be one of ${PRICE_TIERS.join(', ')}`);

export { LENS_LABELS, LENSES };
export const LensSchema = v.picklist(LENSES, `must be one of ${LENSES.join(', ')}`);

export const VoteSchema = v.picklist(['ship', 'skip'], 'must be "ship" or "skip"');

/**
 * Where a tool's own sites live. `host` is a bare lower-case host name (no scheme, port or path); `www.` in a URL is
 * ignored, and other subdomains match only with `includeSubdomains`. `path`, when given, starts with "/": a trailing
 * "*" makes it a prefix (`/HuggingFaceTB/SmolVLM*`), otherwise it matches that path and anything below it
 * (`/ai-gateway` matches `/ai-gateway` and `/ai-gateway/pricing`, not `/ai-gateway-x`). Paths compare without case.
 */
export const SitePatternSchema = v.object({
  host: v.pipe(
    v.string(),
    v.regex(
      /^(?!www\.)(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/,
      'must be a lower-case host name such as vercel.com (no scheme, port, path or leading "www.")',
    ),
  ),
  includeSubdomains: v.optional(v.boolean()),
  path: v.optional(
    v.pipe(
      v.string(),
      v.regex(
        /^\/[^*?#\s]*\*?$/,
        'must start with "/" and may only end with a single "*" (no "?", "#" or spaces)',
      ),
    ),
  ),
});

export const LinkSchema = v.object({
  label: text(60),
  url: httpUrl,
});

/**
 * What the tool can do, as lower-case tags (see capabilities.ts for the ones this build names): search matches them,
 * so "vision" finds every vision-language model whatever its name.
 */
export const CapabilitySchema = v.pipe(
  v.string(),
  v.regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be a lower-case tag such as "vision-language" or "ocr"'),
);

/** People's vote, when there is one; tools without it show "no community votes yet". */
export const CommunityVoteSchema = v.object({
  ship: v.pipe(v.number(), v.integer(), v.minValue(0)),
  skip: v.pipe(v.number(), v.integer(), v.minValue(0)),
});

export const ToolSchema = v.object({
  id: ToolIdSchema,
  name: text(80),
  vendor: text(80),
  category: text(60),
  /** Optional, so feeds written before tags existed still load. */
  capabilities: v.optional(v.pipe(v.array(CapabilitySchema), v.maxLength(12, 'must list at most 12 tags'))),
  /** One line under the name. */
  tagline: text(140),
  /** A short paragraph: what it is and who it is for. */
  summary: text(700),
  entryPrice: PriceTierSchema,
  links: v.array(LinkSchema),
  sitePatterns: v.array(SitePatternSchema),
  community: v.optional(CommunityVoteSchema),
  /** Tool ids the panel named as direct competitors; each must be an entry of the data set. */
  competitors: v.array(ToolIdSchema),
  updatedAt: isoDate,
});

/** One to three sentences: counted by sentence-ending punctuation followed by a space or the end. */
export function countSentences(s: string): number {
  return s
    .trim()
    .split(/(?<=[.!?])\s+(?=[A-Z0-9"“'(])/)
    .filter((part) => part.trim().length > 0).length;
}

export const ReviewSchema = v.object({
  toolId: ToolIdSchema,
  lens: LensSchema,
  vote: VoteSchema,
  take: v.pipe(
    text(600),
    v.check((s) => countSentences(s) <= 3, 'must be one to three sentences'),
  ),
});

export const ComparisonSchema = v.object({
  id: ToolIdSchema,
  toolIds: v.pipe(v.array(ToolIdSchema), v.minLength(2, 'must compare at least two tools')),
  /** The panel's one-sentence bottom line. */
  headline: text(300),
  updatedAt: isoDate,
});

export const VerdictDataSetSchema = v.object({
  version: v.literal(1, 'must be 1 (the only data format this build reads)'),
  tools: v.array(ToolSchema),
  reviews: v.array(ReviewSchema),
  comparisons: v.array(ComparisonSchema),
});

export type PriceTier = v.InferOutput<typeof PriceTierSchema>;
export type Lens = v.InferOutput<typeof LensSchema>;
export type Vote = v.InferOutput<typeof VoteSchema>;
export type SitePattern = v.InferOutput<typeof SitePatternSchema>;
export type Link = v.InferOutput<typeof LinkSchema>;
export type Capability = v.InferOutput<typeof CapabilitySchema>;
export type CommunityVote = v.InferOutput<typeof CommunityVoteSchema>;
export type Tool = v.InferOutput<typeof ToolSchema>;
export type Review = v.InferOutput<typeof ReviewSchema>;
export type Comparison = v.InferOutput<typeof ComparisonSchema>;
export type VerdictDataSet = v.InferOutput<typeof VerdictDataSetSchema>;

export interface DataSetIssue {
  /** Where the bad value is, e.g. `tools[3].sitePatterns[0].host`. */
  path: string;
  message: string;
}

export type DataSetResult = { ok: true; data: VerdictDataSet } | { ok: false; issues: DataSetIssue[] };

function formatPath(items: readonly (string | number)[]): string {
  let out = '';
  for (const key of items) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? key : `.${key}`;
  }
  return out || '(root)';
}

/** Rules the shape alone can't express: unique ids, references that resolve, one review per lens per tool. */
function crossReferenceIssues(data: VerdictDataSet): DataSetIssue[] {
  const issues: DataSetIssue[] = [];
  const toolIds = new Set<string>();
  data.tools.forEach((tool, i) => {
    if (toolIds.has(tool.id))
      issues.push({ path: `tools[${i}].id`, message: `duplicate tool id "${tool.id}"` });
    toolIds.add(tool.id);
  });
  const missing = (id: string) => `no tool with id "${id}" in this data set`;
  data.tools.forEach((tool, i) => {
    tool.competitors.forEach((id, j) => {
      if (!toolIds.has(id)) issues.push({ path: `tools[${i}].competitors[${j}]`, message: missing(id) });
      else if (id === tool.id)
        issues.push({ path: `tools[${i}].competitors[${j}]`, message: 'a tool cannot compete with itself' });
    });
  });
  const lensSeen = new Set<string>();
  data.reviews.forEach((review, i) => {
    if (!toolIds.has(review.toolId))
      issues.push({ path: `reviews[${i}].toolId`, message: missing(review.toolId) });
    const key = `${review.toolId}\u0000${review.lens}`;
    if (lensSeen.has(key))
      issues.push({
        path: `reviews[${i}].lens`,
        message: `"${review.toolId}" already has a review for the ${review.lens} lens`,
      });
    lensSeen.add(key);
  });
  const comparisonIds = new Set<string>();
  data.comparisons.forEach((comparison, i) => {
    if (comparisonIds.has(comparison.id))
      issues.push({ path: `comparisons[${i}].id`, message: `duplicate comparison id "${comparison.id}"` });
    comparisonIds.add(comparison.id);
    const inThis = new Set<string>();
    comparison.toolIds.forEach((id, j) => {
      if (!toolIds.has(id)) issues.push({ path: `comparisons[${i}].toolIds[${j}]`, message: missing(id) });
      if (inThis.has(id))
        issues.push({ path: `comparisons[${i}].toolIds[${j}]`, message: `"${id}" is listed twice` });
      inThis.add(id);
    });
  });
  return issues;
}

/**
 * Validates a whole data set (bundled or from a feed). On failure every issue names the bad field by path, so a feed
 * author can find it: `tools[3].sitePatterns[0].host: must be a lower-case host name …`.
 */
export function validateDataSet(raw: unknown): DataSetResult {
  const parsed = v.safeParse(VerdictDataSetSchema, raw);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.issues.map((issue) => ({
        path: formatPath((issue.path ?? []).map((item) => item.key as string | number)),
        message: issue.message,
      })),
    };
  }
  const issues = crossReferenceIssues(parsed.output);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, data: parsed.output };
}

/** One line per issue, for logs and the options page. */
export function formatDataSetIssues(issues: readonly DataSetIssue[]): string {
  return issues.map((issue) => `${issue.path}: ${issue.message}`).join('\n');
}
