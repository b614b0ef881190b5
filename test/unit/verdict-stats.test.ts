import { describe, expect, test } from 'vitest';
import { BADGE_COLORS, badgeLook } from '../../src/verdicts/badge-look';
import { createCatalog, searchTools } from '../../src/verdicts/catalog';
import { BUNDLED_DATA } from '../../src/verdicts/data';
import { communityLabel, panelStats } from '../../src/verdicts/stats';

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
    expect(communityLabel(undefined)).toBe('—');
    expect(communityLabel({ ship: 0, skip: 0 })).toBe('—');
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
});

describe('badgeLook', () => {
  test('shows the percentage coloured by verdict, a grey dot for unreviewed tools, nothing without a tool', () => {
    expect(badgeLook(panelStats(votes('ship', 'ship', 'ship', 'skip')))).toEqual({
      text: '75%',
      color: BADGE_COLORS.ship,
    });
    expect(badgeLook(panelStats(votes('skip', 'skip', 'ship')))).toEqual({
      text: '33%',
      color: BADGE_COLORS.skip,
    });
    expect(badgeLook(panelStats(votes('skip', 'ship')))).toEqual({ text: '50%', color: BADGE_COLORS.split });
    expect(badgeLook(panelStats([]))).toEqual({ text: '•', color: BADGE_COLORS.unreviewed });
    expect(badgeLook(null)).toBeNull();
  });
});
