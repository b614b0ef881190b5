import { describe, expect, test } from 'vitest';
import { FOLLOW_SLACK_PX, isAtBottom } from '../../src/ui/follow-scroll';

describe('following the newest message', () => {
  test('follows while the list is scrolled to its end, or within a line of it', () => {
    expect(isAtBottom({ scrollHeight: 500, scrollTop: 280, clientHeight: 220 })).toBe(true);
    expect(isAtBottom({ scrollHeight: 500, scrollTop: 280 - FOLLOW_SLACK_PX, clientHeight: 220 })).toBe(true);
    // A list that doesn't overflow is always at its end.
    expect(isAtBottom({ scrollHeight: 100, scrollTop: 0, clientHeight: 220 })).toBe(true);
  });

  test('stops following once the person scrolls back to read', () => {
    expect(isAtBottom({ scrollHeight: 500, scrollTop: 200, clientHeight: 220 })).toBe(false);
    expect(isAtBottom({ scrollHeight: 500, scrollTop: 0, clientHeight: 220 })).toBe(false);
  });
});
