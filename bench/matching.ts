/**
 * URL matching throughput against a synthetic catalogue of 50,000 tools: the host index used by the product
 * versus a naive scan of every pattern, on the same URLs, reported as a ratio.
 */

import type { Tool } from '../src/protocol/verdict-data';
import { buildToolIndex, matchToolForUrl, matchToolForUrlLinear } from '../src/verdicts/matcher';

export interface MatchingResult {
  tools: number;
  lookups: number;
  indexedPerSecond: number;
  linearPerSecond: number;
  speedup: number;
  indexBuildMs: number;
}

export function syntheticTools(count: number): Tool[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `tool-${i}`,
    name: `Tool ${i}`,
    vendor: `Vendor ${i % 997}`,
    category: 'Developer Tools',
    tagline: 'synthetic',
    summary: 'A synthetic tool for benchmarking the matcher.',
    entryPrice: 'Free',
    links: [],
    // A third share a big host (like huggingface.co) and differ by path; the rest have their own domain.
    sitePatterns:
      i % 3 === 0
        ? [{ host: 'hub.example', path: `/org${i % 500}/model-${i}*` }]
        : [{ host: `tool${i}.example`, includeSubdomains: i % 2 === 0 }],
    competitors: [],
    updatedAt: '2026-01-01',
  })) as Tool[];
}

function urlsFor(count: number, tools: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const t = (i * 7919) % tools;
    switch (i % 4) {
      case 0:
        return `https://hub.example/org${t % 500}/model-${t - (t % 3)}/tree/main`;
      case 1:
        return `https://docs.tool${t}.example/guide`;
      case 2:
        return `https://unknown-${i}.example/page`;
      default:
        return `https://tool${t}.example/`;
    }
  });
}

function lookupsPerSecond(urls: readonly string[], lookup: (url: string) => unknown, minMs: number): number {
  let done = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (const url of urls) lookup(url);
    done += urls.length;
    elapsed = performance.now() - start;
  }
  return (done / elapsed) * 1000;
}

export function benchMatching(quick: boolean): MatchingResult {
  const tools = syntheticTools(50_000);
  const t0 = performance.now();
  const index = buildToolIndex(tools);
  const indexBuildMs = performance.now() - t0;
  const urls = urlsFor(quick ? 200 : 2000, tools.length);
  // The two must agree, or the speed comparison would mean nothing.
  for (const url of urls.slice(0, 50)) {
    if (matchToolForUrl(url, index)?.id !== matchToolForUrlLinear(url, tools)?.id) {
      throw new Error(`matcher and linear scan disagree on ${url}`);
    }
  }
  const indexedPerSecond = lookupsPerSecond(urls, (u) => matchToolForUrl(u, index), quick ? 100 : 1000);
  const linearPerSecond = lookupsPerSecond(
    urls.slice(0, 50),
    (u) => matchToolForUrlLinear(u, tools),
    quick ? 100 : 1000,
  );
  return {
    tools: tools.length,
    lookups: urls.length,
    indexedPerSecond,
    linearPerSecond,
    speedup: indexedPerSecond / linearPerSecond,
    indexBuildMs,
  };
}
