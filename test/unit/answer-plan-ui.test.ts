/** What the panel and the popup demo say about image detail and waiting: the plan, "Look closer", download time. */
import { describe, expect, it } from 'vitest';
import type { AnswerPlan, GenerationMetrics } from '../../src/protocol/messages';
import { askReducer, canLookCloser, conversationFor, initialAskState } from '../../src/ui/ask-state';
import { closerLabel, lookedAtLine, planLine, waitLine } from '../../src/ui/format';

const plan: AnswerPlan = {
  detail: 'single',
  views: 1,
  expectedWaitMs: 2_400,
  closerWaitMs: 41_000,
  splitViews: 17,
  reason: 'all 17 views would take about 41 s here',
};

function done(detail: 'single' | 'split', text: string) {
  return {
    type: 'event' as const,
    event: {
      type: 'done' as const,
      requestId: 'r',
      text,
      metrics: { backend: 'wasm', tokensPerSecond: 9, detail } as GenerationMetrics,
    },
  };
}

describe('answer plan in the ask UI', () => {
  it('announces the level and the expected wait before the answer', () => {
    expect(planLine(plan)).toBe(
      'Looking at one 512 px view: expect about 2 s on this device (all 17 views would take about 41 s here).',
    );
    expect(planLine({ ...plan, expectedWaitMs: null, reason: 'one view first' })).toBe(
      'Looking at one 512 px view (one view first).',
    );
    expect(closerLabel(plan)).toBe('Look closer (every part of the picture, about 41 s)');
    expect(closerLabel({ ...plan, closerWaitMs: null })).toBe('Look closer (every part of the picture)');
  });

  it('says the wait in plain words; views and pixels are kept for the disclosure', () => {
    expect(waitLine(plan)).toBe('Looking at the picture: expect about 2 s on this device.');
    expect(waitLine({ expectedWaitMs: null })).toBe('Looking at the picture…');
    expect(waitLine({ expectedWaitMs: 300 })).toBe(
      'Looking at the picture: expect under a second on this device.',
    );
    for (const line of [waitLine(plan), closerLabel(plan)])
      expect(line).not.toMatch(/\bpx\b|views?\b|tiles?\b/);
    expect(lookedAtLine(plan)).toBe('Looked at one 512 px view.');
    expect(lookedAtLine({ detail: 'split', views: 17 })).toBe('Looked at all 17 views.');
  });

  it('offers "Look closer" after a one-view answer; the closer answer replaces it, follow-ups keep the detail', () => {
    let state = askReducer(initialAskState(false), { type: 'ask', question: 'What is it?' });
    state = askReducer(state, { type: 'event', event: { type: 'plan', requestId: 'r', plan } });
    expect(state.plan).toEqual(plan);
    state = askReducer(state, done('single', 'A cat.'));
    expect(state.detail).toBe('single');
    expect(canLookCloser(state)).toBe(true);
    expect(conversationFor(state, 'What is it?', true)).toEqual([{ role: 'user', text: 'What is it?' }]);
    state = askReducer(state, { type: 'ask', question: 'What is it?', closer: true });
    expect(state.turns).toEqual([]);
    state = askReducer(state, {
      type: 'event',
      event: {
        type: 'plan',
        requestId: 'r',
        plan: { ...plan, detail: 'split', views: 17, closerWaitMs: null },
      },
    });
    state = askReducer(state, done('split', 'A tabby cat on a mat.'));
    expect(state.turns.map((t) => t.text)).toEqual(['What is it?', 'A tabby cat on a mat.']);
    expect(state.detail).toBe('split');
    expect(canLookCloser(state)).toBe(false);
  });
});
