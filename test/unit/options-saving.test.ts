/**
 * The options page's one saving model: each field's check turns what was typed into the value to store or the
 * sentence to show, a committed value equal to the stored one saves nothing, and the status line holds "checking it
 * now" only until the feed's check ends.
 */
import { describe, expect, test } from 'vitest';
import {
  checkDefaultPrompt,
  checkFeedInterval,
  checkFeedUrl,
  checkMaxNewTokens,
  commitOutcome,
} from '../../src/options/field-checks';
import { shownStatus } from '../../src/options/status';

describe('what a committed field saves', () => {
  test('the feed URL: http(s) addresses, trimmed; empty removes the feed; anything else is refused', () => {
    expect(checkFeedUrl('  https://example.org/verdicts.json ')).toEqual({
      ok: true,
      value: 'https://example.org/verdicts.json',
    });
    expect(checkFeedUrl('')).toEqual({ ok: true, value: '' });
    expect(checkFeedUrl('javascript:alert(1)')).toEqual({
      ok: false,
      message: 'Enter an http:// or https:// address, or leave it empty to use the bundled data only.',
    });
    expect(checkFeedUrl('https://exa mple.org/')).toMatchObject({ ok: false });
    expect(checkFeedUrl('http://[::1/feed.json')).toEqual({
      ok: false,
      message: 'That address is not a valid URL.',
    });
  });

  test('numbers: whole numbers in range only', () => {
    expect(checkFeedInterval('12')).toEqual({ ok: true, value: 12 });
    for (const bad of ['0', '169', '2.5', '', ' ', 'six'])
      expect(checkFeedInterval(bad), bad).toEqual({
        ok: false,
        message: 'Check the feed every 1 to 168 hours.',
      });
    expect(checkMaxNewTokens(' 24 ')).toEqual({ ok: true, value: 24 });
    for (const bad of ['0', '1025', '-3', '1e3', ''])
      expect(checkMaxNewTokens(bad), bad).toEqual({
        ok: false,
        message: 'Enter a whole number from 1 to 1024.',
      });
  });

  test('the default prompt: trimmed, 1 to 500 characters', () => {
    expect(checkDefaultPrompt(' What is the bird doing? ')).toEqual({
      ok: true,
      value: 'What is the bird doing?',
    });
    expect(checkDefaultPrompt('   ')).toEqual({
      ok: false,
      message: 'Enter a prompt of 1 to 500 characters.',
    });
    expect(checkDefaultPrompt('x'.repeat(501))).toMatchObject({ ok: false });
  });

  test('committing saves only a valid value that differs from the stored one', () => {
    expect(commitOutcome(checkMaxNewTokens, '24', 128)).toEqual({ save: 24 });
    // Enter, then the blur after it: the second commit finds the value already sent.
    expect(commitOutcome(checkMaxNewTokens, '24', 24)).toEqual({ unchanged: true });
    expect(commitOutcome(checkFeedUrl, ' https://a.example/f.json', 'https://a.example/f.json')).toEqual({
      unchanged: true,
    });
    expect(commitOutcome(checkMaxNewTokens, '0', 24)).toEqual({
      invalid: 'Enter a whole number from 1 to 1024.',
    });
  });
});

describe('the page’s status line', () => {
  const line = { text: 'Saved.', kind: 'saved' as const, serial: 1 };
  test('a saved or refused change stays said', () => {
    expect(shownStatus(line, 5)).toBe(line);
    expect(shownStatus(null, 5)).toBeNull();
  });

  test('“checking it now” holds until the feed’s check ends', () => {
    const checking = { ...line, text: 'Feed saved; checking it now.', untilFeedCheckAfter: 1_000 };
    expect(shownStatus(checking, 1_000)).toBe(checking);
    expect(shownStatus(checking, 2_000)).toBeNull();
    const firstCheck = { ...checking, untilFeedCheckAfter: null };
    expect(shownStatus(firstCheck, null)).toBe(firstCheck);
    expect(shownStatus(firstCheck, 2_000)).toBeNull();
  });
});
