import { describe, expect, test } from 'vitest';
import { safeHttpUrl } from '../../src/verdicts/safe-url';

describe('safeHttpUrl', () => {
  test('keeps http and https URLs, normalised', () => {
    expect(safeHttpUrl('https://vercel.com/ai-gateway')).toBe('https://vercel.com/ai-gateway');
    expect(safeHttpUrl(' http://Example.org ')).toBe('http://example.org/');
  });

  test.each([
    'javascript:alert(1)',
    'JAVASCRIPT:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'chrome://settings',
    'file:///etc/passwd',
    'ftp://example.org/',
    '/relative/path',
    'not a url',
    '',
    'https://vendor.com@evil.example/',
  ])('refuses %s', (raw) => {
    expect(safeHttpUrl(raw)).toBeNull();
  });

  test('refuses non-strings', () => {
    expect(safeHttpUrl(undefined)).toBeNull();
    expect(safeHttpUrl(42)).toBeNull();
  });
});
