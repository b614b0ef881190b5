/**
 * Which tool's own site is this URL on? Pure, so the badge and the popup agree, and fast for tens of thousands of
 * tools: patterns are indexed by host once, so a lookup costs a few Map reads plus a path check per candidate on
 * that host, whatever the number of tools.
 */
import type { SitePattern, Tool } from './schema';

interface Candidate {
  tool: Tool;
  includeSubdomains: boolean;
  /** Lower-cased; '' for the whole host. */
  path: string;
  /** The pattern ended in "*": any path starting with `path` matches. */
  prefix: boolean;
}

export interface ToolIndex {
  readonly byHost: ReadonlyMap<string, readonly Candidate[]>;
}

function toCandidate(tool: Tool, pattern: SitePattern): Candidate {
  const raw = (pattern.path ?? '').toLowerCase();
  const prefix = raw.endsWith('*');
  return {
    tool,
    includeSubdomains: pattern.includeSubdomains === true,
    path: prefix ? raw.slice(0, -1) : raw,
    prefix,
  };
}

export function buildToolIndex(tools: readonly Tool[]): ToolIndex {
  const byHost = new Map<string, Candidate[]>();
  for (const tool of tools) {
    for (const pattern of tool.sitePatterns) {
      const list = byHost.get(pattern.host);
      const candidate = toCandidate(tool, pattern);
      if (list) list.push(candidate);
      else byHost.set(pattern.host, [candidate]);
    }
  }
  return { byHost };
}

interface ParsedUrl {
  host: string;
  path: string;
}

/** Only http(s) pages with a real host name count; everything else (javascript:, file:, chrome:, junk) is null. */
function parsePageUrl(url: string): ParsedUrl | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  // URL already lower-cases the host and drops the port; a trailing dot is the same host in DNS.
  let host = parsed.hostname.replace(/\.$/, '');
  if (host.startsWith('www.')) host = host.slice(4);
  if (host === '' || host.startsWith('[')) return null;
  return { host, path: parsed.pathname.toLowerCase() };
}

function pathMatches(candidate: Candidate, path: string): boolean {
  if (candidate.path === '') return true;
  if (candidate.prefix) return path.startsWith(candidate.path);
  const base = candidate.path.endsWith('/') ? candidate.path.slice(0, -1) : candidate.path;
  return path === base || path.startsWith(`${base}/`);
}

interface Scored {
  candidate: Candidate;
  hostLength: number;
}

/** The more specific pattern wins: the longer (closer) host first, then the longer path; ties keep the first. */
function moreSpecific(a: Scored, b: Scored | null): boolean {
  if (!b) return true;
  if (a.hostLength !== b.hostLength) return a.hostLength > b.hostLength;
  return a.candidate.path.length > b.candidate.path.length;
}

function pick(
  best: Scored | null,
  candidates: readonly Candidate[] | undefined,
  path: string,
  host: string,
  exactHost: boolean,
): Scored | null {
  if (!candidates) return best;
  let out = best;
  for (const candidate of candidates) {
    if (!exactHost && !candidate.includeSubdomains) continue;
    if (!pathMatches(candidate, path)) continue;
    const scored = { candidate, hostLength: host.length };
    if (moreSpecific(scored, out)) out = scored;
  }
  return out;
}

/** The tool whose own site `url` is on, or null. Build `index` once with buildToolIndex and reuse it. */
export function matchToolForUrl(url: string, index: ToolIndex): Tool | null {
  const page = parsePageUrl(url);
  if (!page) return null;
  let best = pick(null, index.byHost.get(page.host), page.path, page.host, true);
  // Walk up the parent domains (docs.portkey.ai → portkey.ai); only subdomain rules apply there.
  let dot = page.host.indexOf('.');
  while (dot !== -1) {
    const parent = page.host.slice(dot + 1);
    if (!parent.includes('.')) break;
    best = pick(best, index.byHost.get(parent), page.path, parent, false);
    dot = page.host.indexOf('.', dot + 1);
  }
  return best?.candidate.tool ?? null;
}

/**
 * Reference implementation that scans every pattern of every tool: the oracle for matchToolForUrl's tests and the
 * baseline for its benchmark. Not for product use.
 */
export function matchToolForUrlLinear(url: string, tools: readonly Tool[]): Tool | null {
  const page = parsePageUrl(url);
  if (!page) return null;
  let best: Scored | null = null;
  for (const tool of tools) {
    for (const pattern of tool.sitePatterns) {
      const exactHost = page.host === pattern.host;
      if (!exactHost && !page.host.endsWith(`.${pattern.host}`)) continue;
      best = pick(best, [toCandidate(tool, pattern)], page.path, pattern.host, exactHost);
    }
  }
  return best?.candidate.tool ?? null;
}
