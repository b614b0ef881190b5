import { describe, expect, test } from 'vitest';
import { BADGE_COLORS, badgeLook } from '../../src/verdicts/badge-look';
import { capabilityLine } from '../../src/verdicts/capabilities';
import { createCatalog, searchTools } from '../../src/verdicts/catalog';
import { BUNDLED_DATA } from '../../src/verdicts/data';
import { communityLabel, hasCommunityVotes, panelStats } from '../../src/verdicts/stats';

const votes = (...v: ('ship' | 'skip')[]) => v.map((vote) => ({ vote }));

describe('panelStats', () => {
  test.each([
    [votes('ship', 'ship', 'ship', 'skip'), 75, '3 ship · 1 skip', 'ship'],
    [votes('ship', 'ship', 'ship', 'ship'), 100, '4 ship · 0 skip', 'ship'],
    [votes('skip', 'skip', 'ship'), 33, '1 ship · 2 skip', 'skip'],
    [votes('ship', 'ship', 'skip'), 67, '2 ship · 1 skip', 'ship'],
    [votes('ship', 'skip'), 50, '1 ship · 1 skip', 'split'],
    [votes('skip'), 0, '0 ship · 1 skip', 'skip'],
  ] as const)('%j → %i%% (%s, %s)', (reviews, percent, split, verdict) => {
    const stats = panelStats(reviews);
    expect(stats.shipPercent).toBe(percent);
    expect(stats.split).toBe(split);
    expect(stats.verdict).toBe(verdict);
    expect(stats.total).toBe(reviews.length);
  });

  test('no reviews means no percentage and no verdict', () => {
    expect(panelStats([])).toEqual({
      ship: 0,
      skip: 0,
      total: 0,
      shipPercent: null,
      verdict: null,
      split: '',
    });
  });
});

describe('communityLabel', () => {
  test('absent or empty votes show a dash; otherwise the ship share', () => {
    expect(communityLabel(undefined)).toBe('No votes yet');
    expect(communityLabel({ ship: 0, skip: 0 })).toBe('No votes yet');
    expect(hasCommunityVotes({ ship: 0, skip: 0 })).toBe(false);
    expect(hasCommunityVotes({ ship: 0, skip: 1 })).toBe(true);
    expect(communityLabel({ ship: 2, skip: 1 })).toBe('67%');
  });
});

describe('catalog over the bundled data', () => {
  const catalog = createCatalog(BUNDLED_DATA);

  test('computes 75% for SmolVLM-3B and 100% for Vercel AI Gateway from their votes', () => {
    expect(catalog.statsOf('smolvlm-3b')).toMatchObject({
      shipPercent: 75,
      split: '3 ship · 1 skip',
      verdict: 'ship',
    });
    expect(catalog.statsOf('vercel-ai-gateway')).toMatchObject({
      shipPercent: 100,
      split: '4 ship · 0 skip',
      verdict: 'ship',
    });
  });

  test('orders reviews by lens and links comparisons and competitors both ways', () => {
    expect(catalog.reviewsOf('vercel-ai-gateway').map((r) => r.lens)).toEqual([
      'engineering',
      'competitive',
      'business',
      'job-to-be-done',
    ]);
    expect(catalog.comparisonsOf('smolvlm-3b').map((c) => c.id)).toEqual(['smolvlm-3b-vs-vercel-ai-gateway']);
    expect(catalog.comparisonsOf('moondream')).toEqual([]);
    expect(catalog.namedAsCompetitorBy('portkey').map((t) => t.id)).toEqual(['vercel-ai-gateway']);
    expect(catalog.statsOf('portkey').shipPercent).toBeNull();
  });

  test('search matches name, vendor and category words, names first', () => {
    const ids = (q: string) => searchTools(BUNDLED_DATA.tools, q).map((t) => t.id);
    expect(ids('smol')).toEqual(['smolvlm-3b']);
    expect(ids('VERCEL')).toEqual(['vercel-ai-gateway']);
    expect(ids('microsoft')).toEqual(['phi-3-5-vision']);
    expect(ids('hugging face')).toEqual(['smolvlm-3b']);
    expect(ids('developer tools')).toHaveLength(BUNDLED_DATA.tools.length);
    expect(ids('zzz')).toEqual([]);
    expect(ids('')).toHaveLength(BUNDLED_DATA.tools.length);
    expect(ids('(')).toEqual([]);
  });

  test('search matches capability tags and their labels: "vision" finds every vision-language model, "ocr" the readers', () => {
    const ids = (q: string) =>
      searchTools(BUNDLED_DATA.tools, q)
        .map((t) => t.id)
        .sort();
    expect(ids('vision')).toEqual(['minicpm-v', 'moondream', 'phi-3-5-vision', 'smolvlm-3b']);
    expect(ids('Vision-Language')).toEqual(['minicpm-v', 'moondream', 'phi-3-5-vision', 'smolvlm-3b']);
    expect(ids('ocr')).toEqual(['minicpm-v', 'phi-3-5-vision', 'smolvlm-3b']);
    expect(ids('routing')).toEqual(['litellm', 'openrouter', 'portkey', 'vercel-ai-gateway']);
    expect(ids('open weights')).toEqual(['minicpm-v', 'moondream', 'phi-3-5-vision', 'smolvlm-3b']);
    // The name still ranks first among the matches.
    expect(searchTools(BUNDLED_DATA.tools, 'vision')[0]?.id).toBe('phi-3-5-vision');
  });

  test('a tag this build has no label for still matches and reads as words', () => {
    const tool = { ...BUNDLED_DATA.tools[0]!, id: 'x', capabilities: ['speech-to-text'] };
    expect(searchTools([tool], 'speech').map((t) => t.id)).toEqual(['x']);
    expect(capabilityLine(tool.capabilities)).toBe('speech to text');
    expect(capabilityLine(['vision-language', 'ocr', 'video', 'on-device'])).toBe(
      'Vision-language, OCR, Video',
    );
    expect(capabilityLine(undefined)).toBe('');
  });

  test('lists the reviewed tools before the ones only named as competitors', () => {
    const ids = catalog.search('').map((t) => t.id);
    expect(ids.slice(0, 2)).toEqual(['smolvlm-3b', 'vercel-ai-gateway']);
    expect(ids).toHaveLength(BUNDLED_DATA.tools.length);
    // Within a query's equal matches too: every tool is in "Developer Tools".
    expect(
      catalog
        .search('developer tools')
        .map((t) => t.id)
        .slice(0, 2),
    ).toEqual(['smolvlm-3b', 'vercel-ai-gateway']);
  });

  test('on a vendor’s other page, the tools with a site on that host come first', () => {
    expect(catalog.search('', 'vercel.com')[0]?.id).toBe('vercel-ai-gateway');
    expect(catalog.search('', 'www.vercel.com')[0]?.id).toBe('vercel-ai-gateway');
    expect(catalog.search('', 'docs.litellm.ai')[0]?.id).toBe('litellm');
    expect(catalog.search('', 'openrouter.ai')[0]?.id).toBe('openrouter');
    // A subdomain only counts when the tool's pattern says so.
    expect(catalog.search('', 'api.openrouter.ai')[0]?.id).toBe('smolvlm-3b');
    // A host many vendors publish on belongs to none of them: the reviewed tools still lead there.
    expect(
      catalog
        .search('', 'huggingface.co')
        .map((t) => t.id)
        .slice(0, 2),
    ).toEqual(['smolvlm-3b', 'vercel-ai-gateway']);
    // The page's host never outranks a better match for what was typed.
    expect(catalog.search('moondream', 'vercel.com').map((t) => t.id)).toEqual(['moondream']);
  });
});

describe('badgeLook', () => {
  test('shows the percentage coloured by verdict, a grey dot for unreviewed tools, nothing without a tool', () => {
    expect(badgeLook('A', panelStats(votes('ship', 'ship', 'ship', 'skip')))).toMatchObject({
      text: '75%',
      color: BADGE_COLORS.ship,
    });
    expect(badgeLook('A', panelStats(votes('skip', 'skip', 'ship')))).toMatchObject({
      text: '33%',
      color: BADGE_COLORS.skip,
    });
    expect(badgeLook('A', panelStats(votes('skip', 'ship')))).toMatchObject({
      text: '50%',
      color: BADGE_COLORS.split,
    });
    expect(badgeLook('A', panelStats([]))).toMatchObject({ text: '•', color: BADGE_COLORS.unreviewed });
    expect(badgeLook(null, null)).toBeNull();
  });

  test('gives the verdict as words in the tooltip', () => {
    expect(badgeLook('SmolVLM-3B', panelStats(votes('ship', 'ship', 'ship', 'skip'))).title).toBe(
      'Verdict Lens: SmolVLM-3B, Ship, 75% of the panel say ship (3 ship · 1 skip)',
    );
    expect(badgeLook('Tie', panelStats(votes('skip', 'ship'))).title).toBe(
      'Verdict Lens: Tie, Split decision, 50% of the panel say ship (1 ship · 1 skip)',
    );
    expect(badgeLook('Moondream', panelStats([])).title).toBe('Verdict Lens: Moondream is not reviewed yet');
  });
});
