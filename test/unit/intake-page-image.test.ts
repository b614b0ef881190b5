import { describe, expect, test } from 'vitest';
import { pageImageRoute } from '../../src/intake/page-image';

describe('pageImageRoute', () => {
  test('remote images go to the engine host; data: and blob: are read in the page', () => {
    expect(pageImageRoute('https://cdn.example/cat.jpg')).toBe('engine');
    expect(pageImageRoute('HTTP://127.0.0.1:8000/a.png')).toBe('engine');
    expect(pageImageRoute('data:image/png;base64,AAAA')).toBe('page');
    expect(pageImageRoute('blob:https://example.com/6f1c')).toBe('page');
  });

  test('anything else is read nowhere', () => {
    expect(pageImageRoute('file:///home/me/cat.jpg')).toBeNull();
    expect(pageImageRoute('chrome://favicon/x')).toBeNull();
    expect(pageImageRoute('/relative/cat.jpg')).toBeNull();
    expect(pageImageRoute('')).toBeNull();
  });
});
