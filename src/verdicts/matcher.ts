/**
 * Which tool's own site is this URL on? Pure, so the badge and the popup agree, and fast for tens of thousands of
 * tools: patterns are indexed once by host and then by first path segment (huggingface.co alone may hold thousands
 * of model cards), so a lookup costs a few Map reads plus a path check per candidate under that segment.
 */

import { webUrl } from '../network/web-url';
import type { SitePattern, Tool } from '../protocol/verdict-data';

interface Candidate {
  tool: Tool;
  includeSubdomains: boolean;
  /** Lower-cased; '' for the whole host. */
  path: string;
  /** The pattern ended in "*": any path starting with `path` matches. */
  prefix: boolean;
}

interface HostCandidates {
  /** Patterns that can match under any first path segment: the whole host, or a prefix inside the first one. */
  anyPath: Candidate[];
  /** Patterns whose first path segment is complete, keyed by it. */
  bySegment: Map<string, Candidate[]>;
}

export interface ToolIndex {
  readonly byHost: ReadonlyMap<string, HostCandidates>;
}

/** The complete first path segment a candidate requires ('/a/b*' → 'a', '/a' → 'a'), or null ('', '/a*'). */
function requiredSegment(candidate: Candidate): string | null {
  const rest = candidate.path.slice(1);
  if (rest === '') return null;
  const slash = rest.indexOf('/');
  if (slash !== -1) return rest.slice(0, slash);
  return candidate.prefix ? null : rest;
}

function firstSegment(path: string): string {
  const slash = path.indexOf('/', 1);
  return slash === -1 ? path.slice(1) : path.slice(1, slash);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
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
  const byHost = new Map<string, HostCandidates>();
  for (const tool of tools) {
    for (const pattern of tool.sitePatterns) {
      let entry = byHost.get(pattern.host);
      if (!entry) {
        entry = { anyPath: [], bySegment: new Map() };
        byHost.set(pattern.host, entry);
      }
      const candidate = toCandidate(tool, pattern);
      const segment = requiredSegment(candidate);
      if (segment === null) entry.anyPath.push(candidate);
      else push(entry.bySegment, segment, candidate);
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
  const parsed = webUrl(url);
  if (!parsed) return null;
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

function pickOnHost(
  best: Scored | null,
  entry: HostCandidates | undefined,
  path: string,
  host: string,
  exactHost: boolean,
): Scored | null {
  if (!entry) return best;
  const anyPath = pick(best, entry.anyPath, path, host, exactHost);
  return pick(anyPath, entry.bySegment.get(firstSegment(path)), path, host, exactHost);
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
  let best = pickOnHost(null, index.byHost.get(page.host), page.path, page.host, true);
  // Walk up the parent domains (docs.portkey.ai → portkey.ai); only subdomain rules apply there.
  let dot = page.host.indexOf('.');
  while (dot !== -1) {
    const parent = page.host.slice(dot + 1);
    if (!parent.includes('.')) break;
    best = pickOnHost(best, index.byHost.get(parent), page.path, parent, false);
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
