import { describe, expect, test } from 'vitest';
import { countSentences, formatDataSetIssues, validateDataSet } from '../../src/protocol/verdict-data';
import { BUNDLED_DATA } from '../../src/verdicts/data';

/** A deep copy to break in one place per test. */
const copy = () => structuredClone(BUNDLED_DATA) as unknown as Record<string, unknown> & typeof BUNDLED_DATA;

function issuesOf(raw: unknown): string[] {
  const result = validateDataSet(raw);
  if (result.ok) throw new Error('expected the data set to be rejected');
  return result.issues.map((i) => `${i.path}: ${i.message}`);
}

describe('validateDataSet', () => {
  test('accepts the bundled data set', () => {
    const result = validateDataSet(BUNDLED_DATA);
    expect(result.ok ? [] : formatDataSetIssues(result.issues)).toEqual([]);
  });

  test('bundled data carries the seed facts: 8 tools, 8 reviews, the six named competitors', () => {
    expect(BUNDLED_DATA.tools.map((t) => t.id).sort()).toEqual([
      'litellm',
      'minicpm-v',
      'moondream',
      'openrouter',
      'phi-3-5-vision',
      'portkey',
      'smolvlm-3b',
      'vercel-ai-gateway',
    ]);
    const smol = BUNDLED_DATA.tools.find((t) => t.id === 'smolvlm-3b');
    const vercel = BUNDLED_DATA.tools.find((t) => t.id === 'vercel-ai-gateway');
    expect(smol?.entryPrice).toBe('Free');
    expect(vercel?.entryPrice).toBe('Paid');
    expect(smol?.community).toBeUndefined();
    expect(vercel?.community).toBeUndefined();
    expect(smol?.category).toBe('Developer Tools');
    expect(vercel?.category).toBe('Developer Tools');
    expect(smol?.competitors).toEqual(['phi-3-5-vision', 'minicpm-v', 'moondream']);
    expect(vercel?.competitors).toEqual(['litellm', 'portkey', 'openrouter']);
    const votes = (id: string) =>
      Object.fromEntries(BUNDLED_DATA.reviews.filter((r) => r.toolId === id).map((r) => [r.lens, r.vote]));
    expect(votes('smolvlm-3b')).toEqual({
      engineering: 'ship',
      competitive: 'ship',
      thesis: 'ship',
      business: 'skip',
    });
    expect(votes('vercel-ai-gateway')).toEqual({
      engineering: 'ship',
      competitive: 'ship',
      business: 'ship',
      'job-to-be-done': 'ship',
    });
  });

  test('capability tags are optional lower-case tags', () => {
    const data = copy();
    delete data.tools[0]!.capabilities;
    expect(validateDataSet(data).ok).toBe(true);
    data.tools[1]!.capabilities = ['Vision Language'];
    expect(issuesOf(data)).toEqual([
      'tools[1].capabilities[0]: must be a lower-case tag such as "vision-language" or "ocr"',
    ]);
  });

  test('rejects a bad site pattern host, naming tools[i].sitePatterns[j].host', () => {
    const data = copy();
    data.tools[3]!.sitePatterns[0]!.host = 'https://Example.com/path';
    expect(issuesOf(data)).toEqual([
      expect.stringMatching(/^tools\[3\]\.sitePatterns\[0\]\.host: must be a lower-case host/),
    ]);
  });

  test('rejects a leading "www." and a path pattern with a "*" in the middle', () => {
    const data = copy();
    data.tools[0]!.sitePatterns[0]!.host = 'www.huggingface.co';
    data.tools[1]!.sitePatterns[1]!.path = '/docs/*/gateway';
    const issues = issuesOf(data);
    expect(issues).toHaveLength(2);
    expect(issues[0]).toMatch(/^tools\[0\]\.sitePatterns\[0\]\.host: /);
    expect(issues[1]).toMatch(/^tools\[1\]\.sitePatterns\[1\]\.path: must start with "\/"/);
  });

  test('rejects an unknown vote and an unknown lens with their paths', () => {
    const data = copy() as unknown as { reviews: Record<string, unknown>[] };
    data.reviews[2]!.vote = 'maybe';
    data.reviews[5]!.lens = 'vibes';
    expect(issuesOf(data)).toEqual([
      'reviews[2].vote: must be "ship" or "skip"',
      expect.stringMatching(/^reviews\[5\]\.lens: must be one of engineering, competitive/),
    ]);
  });

  test('rejects a take longer than three sentences and an empty take', () => {
    const data = copy();
    data.reviews[0]!.take = 'One. Two. Three. Four.';
    data.reviews[1]!.take = '   ';
    const issues = issuesOf(data);
    expect(issues).toContain('reviews[0].take: must be one to three sentences');
    expect(issues).toContain('reviews[1].take: must not be empty');
  });

  test('rejects a missing required field and a wrong price tier', () => {
    const data = copy() as unknown as { tools: Record<string, unknown>[] };
    delete data.tools[2]!.vendor;
    data.tools[4]!.entryPrice = 'Cheap';
    const issues = issuesOf(data);
    expect(issues[0]).toMatch(/^tools\[2\]\.vendor: /);
    expect(issues[1]).toMatch(/^tools\[4\]\.entryPrice: must be one of Free, Freemium/);
  });

  test('rejects non-http links and negative community counts', () => {
    const data = copy();
    data.tools[0]!.links[0]!.url = 'javascript:alert(1)';
    data.tools[1]!.community = { ship: -1, skip: 2 };
    const issues = issuesOf(data);
    expect(issues).toContain('tools[0].links[0].url: must be an http(s) URL');
    expect(issues.some((i) => i.startsWith('tools[1].community.ship: '))).toBe(true);
  });

  test('rejects references to tools that do not exist, and duplicates', () => {
    const data = copy();
    data.tools[0]!.competitors[1] = 'no-such-tool';
    data.reviews[7]!.toolId = 'ghost';
    data.comparisons[0]!.toolIds = ['smolvlm-3b', 'smolvlm-3b'];
    data.tools.push(structuredClone(data.tools[5]!));
    data.reviews[1]!.lens = 'engineering';
    expect(issuesOf(data)).toEqual([
      'tools[8].id: duplicate tool id "litellm"',
      'tools[0].competitors[1]: no tool with id "no-such-tool" in this data set',
      'reviews[1].lens: "smolvlm-3b" already has a review for the engineering lens',
      'reviews[7].toolId: no tool with id "ghost" in this data set',
      'comparisons[0].toolIds[1]: "smolvlm-3b" is listed twice',
    ]);
  });

  test('rejects a wrong version and a non-object', () => {
    expect(issuesOf({ ...BUNDLED_DATA, version: 2 })).toEqual([
      'version: must be 1 (the only data format this build reads)',
    ]);
    expect(issuesOf('not json')[0]).toMatch(/^\(root\): /);
  });
});

describe('countSentences', () => {
  test('counts sentence ends, not abbreviations inside words or decimals', () => {
    expect(countSentences('One sentence with 3.5 in it.')).toBe(1);
    expect(countSentences('Phi-3.5-Vision is small. It runs. Fine!')).toBe(3);
  });
});
