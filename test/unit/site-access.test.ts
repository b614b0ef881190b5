import { describe, expect, test } from 'vitest';
import { imageNeedsAccess } from '../../src/intake/needs-access';
import { ALL_SITES, siteAccessHost, siteAccessPattern } from '../../src/network/site-access';
import { isImageProblem, isTransient } from '../../src/protocol/errors';

describe('siteAccessPattern', () => {
  test('a site is its scheme and host, every port and path of it', () => {
    expect(siteAccessPattern('https://cdn.example.com:8443/a/b.png?x=1#y')).toBe('https://cdn.example.com/*');
    expect(siteAccessPattern('http://127.0.0.1:5173/i.png')).toBe('http://127.0.0.1/*');
    expect(siteAccessHost('https://cdn.example.com/a.png')).toBe('cdn.example.com');
  });

  test('addresses no permission covers give null', () => {
    for (const url of [
      'data:image/png;base64,AA',
      'blob:https://a.example/x',
      'chrome://settings',
      'not a url',
    ])
      expect(siteAccessPattern(url)).toBeNull();
  });

  test('every site is http and https, and nothing else', () => {
    expect(ALL_SITES).toEqual(['http://*/*', 'https://*/*']);
  });
});

describe('imageNeedsAccess', () => {
  test('names the site, and is neither retried as it is nor blamed on the picture alone', () => {
    const error = imageNeedsAccess('https://cdn.example.com/cat.jpg');
    expect(error.code).toBe('image-needs-access');
    expect(error.message).toMatch(
      /^cdn\.example\.com didn’t let Verdict Lens read this image: a site may keep its images to itself/,
    );
    expect(isTransient(error)).toBe(false);
    expect(isImageProblem(error)).toBe(true);
  });
});
