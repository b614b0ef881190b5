import { describe, expect, test } from 'vitest';
import type { Tool } from '../../src/protocol/verdict-data';
import { BUNDLED_DATA } from '../../src/verdicts/data';
import { buildToolIndex, matchToolForUrl, matchToolForUrlLinear } from '../../src/verdicts/matcher';

const index = buildToolIndex(BUNDLED_DATA.tools);
const idFor = (url: string) => matchToolForUrl(url, index)?.id ?? null;

describe('matchToolForUrl on the bundled data', () => {
  test.each([
    ['https://huggingface.co/HuggingFaceTB/SmolVLM-Instruct', 'smolvlm-3b'],
    ['https://huggingface.co/HuggingFaceTB/SmolVLM-256M-Instruct/tree/main', 'smolvlm-3b'],
    ['https://huggingface.co/HuggingFaceTB/SmolVLM2-2.2B-Instruct', 'smolvlm-3b'],
    ['https://huggingface.co/blog/smolvlm', 'smolvlm-3b'],
    ['https://HUGGINGFACE.CO/huggingfacetb/smolvlm-instruct?x=1#files', 'smolvlm-3b'],
    ['https://www.huggingface.co/HuggingFaceTB/SmolVLM-Instruct', 'smolvlm-3b'],
    ['https://huggingface.co:443/HuggingFaceTB/SmolVLM-Instruct', 'smolvlm-3b'],
    ['https://huggingface.co./HuggingFaceTB/SmolVLM-Instruct', 'smolvlm-3b'],
    ['https://vercel.com/ai-gateway', 'vercel-ai-gateway'],
    ['https://vercel.com/ai-gateway/', 'vercel-ai-gateway'],
    ['https://www.vercel.com/ai-gateway/models', 'vercel-ai-gateway'],
    ['http://vercel.com:8080/docs/ai-gateway/getting-started', 'vercel-ai-gateway'],
    ['https://huggingface.co/microsoft/Phi-3.5-vision-instruct', 'phi-3-5-vision'],
    ['https://huggingface.co/openbmb/MiniCPM-V-2_6', 'minicpm-v'],
    ['https://github.com/OpenBMB/MiniCPM-V/issues', 'minicpm-v'],
    ['https://moondream.ai/', 'moondream'],
    ['https://docs.moondream.ai/quickstart', 'moondream'],
    ['https://huggingface.co/vikhyatk/moondream2', 'moondream'],
    ['https://docs.litellm.ai/docs/proxy', 'litellm'],
    ['https://www.litellm.ai/', 'litellm'],
    ['https://app.portkey.ai/', 'portkey'],
    ['https://openrouter.ai/models', 'openrouter'],
  ])('%s → %s', (url, id) => {
    expect(idFor(url)).toBe(id);
  });

  test.each([
    // lookalike hosts
    'https://vercel.com.evil.io/ai-gateway',
    'https://evilvercel.com/ai-gateway',
    'https://vercel.co/ai-gateway',
    'https://huggingface.co.attacker.net/HuggingFaceTB/SmolVLM-Instruct',
    'https://vercel.com@evil.io/ai-gateway',
    // subdomains only when the pattern allows them
    'https://blog.vercel.com/ai-gateway',
    'https://api.openrouter.ai/v1',
    // other pages of the same hosts
    'https://vercel.com/',
    'https://vercel.com/ai-gateway-pricing',
    'https://vercel.com/docs/functions',
    'https://vercel.com/blog/ai-gateway',
    'https://huggingface.co/',
    'https://huggingface.co/meta-llama/Llama-3.2-11B-Vision',
    'https://huggingface.co/HuggingFaceTB/SmolLM2-1.7B',
    'https://huggingface.co/someone/SmolVLM-finetune',
    'https://github.com/OpenBMB/MiniCPM-Vx',
    'https://moondream.ai.example.com/',
    // not web pages, or not URLs at all
    'javascript:location="https://vercel.com/ai-gateway"',
    'file:///home/me/vercel.com/ai-gateway',
    'chrome://extensions',
    'chrome-extension://abc/src/popup/index.html',
    'about:blank',
    'data:text/html,https://vercel.com/ai-gateway',
    'ftp://vercel.com/ai-gateway',
    'vercel.com/ai-gateway',
    '',
    'https://',
    'http://[::1]/ai-gateway',
    'not a url at all',
  ])('%s matches nothing', (url) => {
    expect(idFor(url)).toBeNull();
  });

  test('the more specific pattern wins when two tools share a host', () => {
    const tool = (id: string, host: string, path?: string, includeSubdomains?: boolean): Tool => ({
      ...BUNDLED_DATA.tools[0]!,
      id,
      competitors: [],
      sitePatterns: [
        { host, ...(path ? { path } : {}), ...(includeSubdomains ? { includeSubdomains } : {}) },
      ],
    });
    const tools = [
      tool('whole-site', 'example.com', undefined, true),
      tool('docs', 'example.com', '/docs'),
      tool('docs-api', 'example.com', '/docs/api*'),
      tool('sub', 'docs.example.com'),
    ];
    const idx = buildToolIndex(tools);
    expect(matchToolForUrl('https://example.com/pricing', idx)?.id).toBe('whole-site');
    expect(matchToolForUrl('https://example.com/docs/intro', idx)?.id).toBe('docs');
    expect(matchToolForUrl('https://example.com/docs/api-keys', idx)?.id).toBe('docs-api');
    expect(matchToolForUrl('https://docs.example.com/', idx)?.id).toBe('sub');
    expect(matchToolForUrl('https://eu.docs.example.com/', idx)?.id).toBe('whole-site');
  });
});

describe('matchToolForUrl with 50,000 tools', () => {
  // Synthetic tools shaped like real ones: many sharing a few big hosts (model hubs, GitHub), many on their own
  // domains, some with subdomain rules; the index must agree with the linear reference on every URL.
  const template = BUNDLED_DATA.tools[0]!;
  const tools: Tool[] = [];
  for (let i = 0; i < 50_000; i++) {
    const kind = i % 4;
    const sitePatterns =
      kind === 0
        ? [{ host: 'huggingface.co', path: `/org${i % 997}/model-${i}*` }]
        : kind === 1
          ? [{ host: 'github.com', path: `/org${i}/repo` }]
          : kind === 2
            ? [{ host: `tool${i}.ai`, includeSubdomains: true }]
            : [{ host: `tool${i}.dev`, path: '/product' }, { host: `docs.tool${i}.dev` }];
    tools.push({ ...template, id: `tool-${i}`, name: `Tool ${i}`, competitors: [], sitePatterns });
  }
  const idx = buildToolIndex(tools);

  const probes: [string, string | null][] = [];
  for (let i = 0; i < 50_000; i += 97) {
    const id = `tool-${i}`;
    switch (i % 4) {
      case 0:
        probes.push([`https://huggingface.co/org${i % 997}/model-${i}-instruct`, id]);
        probes.push([`https://huggingface.co/org${(i % 997) + 1}/model-${i}`, null]);
        break;
      case 1:
        probes.push([`https://github.com/org${i}/repo/pulls`, id]);
        probes.push([`https://github.com/org${i}/repository`, null]);
        break;
      case 2:
        probes.push([`https://eu.app.tool${i}.ai/`, id]);
        probes.push([`https://tool${i}.ai.evil.io/`, null]);
        probes.push([`https://eviltool${i}.ai/`, null]);
        break;
      default:
        probes.push([`https://www.tool${i}.dev/product/pricing`, id]);
        probes.push([`https://docs.tool${i}.dev/anything`, id]);
        probes.push([`https://tool${i}.dev/other`, null]);
        probes.push([`https://api.tool${i}.dev/product`, null]);
    }
  }

  test('finds the right tool, or none, for every probe', () => {
    expect(probes.length).toBeGreaterThan(1000);
    for (const [url, expected] of probes) {
      expect(matchToolForUrl(url, idx)?.id ?? null, url).toBe(expected);
    }
  });

  // 300 linear scans of 50,000 tools: correctness only, so a generous limit for a loaded CI machine.
  test('agrees with the linear reference implementation', { timeout: 60_000 }, () => {
    for (const [url] of probes.slice(0, 300)) {
      expect(matchToolForUrl(url, idx)?.id ?? null, url).toBe(matchToolForUrlLinear(url, tools)?.id ?? null);
    }
  });

  test('indexes by host: one lookup touches only that host’s candidates', () => {
    expect(idx.byHost.size).toBeGreaterThan(30_000);
    expect(idx.byHost.get('tool2.ai')?.anyPath).toHaveLength(1);
  });

  test('indexes a shared host by first path segment, so one org’s cards don’t scan every org', () => {
    const hub = buildToolIndex(BUNDLED_DATA.tools).byHost.get('huggingface.co');
    expect(hub?.bySegment.get('huggingfacetb')?.map((c) => c.tool.id)).toEqual(['smolvlm-3b']);
    expect(hub?.bySegment.get('openbmb')?.map((c) => c.tool.id)).toEqual(['minicpm-v', 'minicpm-v']);
    expect(hub?.anyPath).toHaveLength(0);
  });
});
