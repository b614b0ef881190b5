import { describe, expect, test } from 'vitest';
import { pageImageRoute, SVG_HANDOFF_MAX_BYTES } from '../../src/intake/page-image';
import { parseEngineRequest } from '../../src/protocol/parse-request';

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

describe('the engine accepts what imageSourceFromPage hands on', () => {
  const request = (url: string) => ({
    type: 'generate',
    requestId: 'r1',
    modelId: 'm',
    image: { kind: 'url', url },
    conversation: [{ role: 'user', text: 'Describe this image.' }],
    options: { maxNewTokens: 16, backend: 'auto' },
  });

  test('an SVG data: URL up to the hand-off size passes the background’s request check', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"/>'.padEnd(SVG_HANDOFF_MAX_BYTES, ' ');
    const url = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
    expect(parseEngineRequest(request(url)).ok).toBe(true);
  });

  test('other data: URLs are still refused (the page sends those normalised, inline)', () => {
    expect(parseEngineRequest(request('data:image/png;base64,AAAA')).ok).toBe(false);
    expect(parseEngineRequest(request('data:text/html,<svg>')).ok).toBe(false);
    expect(parseEngineRequest(request('blob:https://example.com/1')).ok).toBe(false);
  });
});
