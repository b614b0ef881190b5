/**
 * No borrowed cookies, no reaching into the local network: how the extension may ask for an image a page named,
 * from the two addresses alone.
 */
import { describe, expect, test } from 'vitest';
import { imageRequestPlan } from '../../src/intake/request-policy';
import { addressKind, mayReach } from '../../src/network/address-kind';
import { isPublicSuffix, registrableDomain, sameSite } from '../../src/network/site';

/** The hostname as the browser hands it over, after URL parsing. */
const kindOf = (url: string) => addressKind(new URL(url).hostname);

describe('address kinds', () => {
  test.each([
    ['http://127.0.0.1/', 'loopback'],
    ['http://127.8.9.10:8080/', 'loopback'],
    ['http://localhost/', 'loopback'],
    ['http://LOCALHOST./', 'loopback'],
    ['http://app.localhost/', 'loopback'],
    ['http://0.0.0.0/', 'loopback'],
    ['http://[::1]/', 'loopback'],
    ['http://[::]/', 'loopback'],
    ['http://[::ffff:127.0.0.1]/', 'loopback'],
    ['http://10.1.2.3/', 'private'],
    ['http://172.16.0.1/', 'private'],
    ['http://172.31.255.255/', 'private'],
    ['http://192.168.1.1/', 'private'],
    ['http://169.254.169.254/', 'private'],
    ['http://100.64.0.1/', 'private'],
    ['http://[fd12:3456::1]/', 'private'],
    ['http://[fc00::1]/', 'private'],
    ['http://[fe80::1]/', 'private'],
    ['http://[::ffff:192.168.0.1]/', 'private'],
    ['http://172.32.0.1/', 'public'],
    ['http://8.8.8.8/', 'public'],
    ['http://[2606:4700::1111]/', 'public'],
    ['https://example.com/', 'public'],
    ['https://10.example.com/', 'public'],
  ])('%s is %s', (url, kind) => {
    expect(kindOf(url)).toBe(kind);
  });

  test.each([
    // Spellings URL parsing turns into 127.0.0.1 / 192.168.0.1 before anyone reads them.
    ['http://2130706433/', 'loopback'],
    ['http://0x7f.1/', 'loopback'],
    ['http://0177.0.0.1/', 'loopback'],
    ['http://127.1/', 'loopback'],
    ['http://0xc0a80001/', 'private'],
    ['http://3232235521/', 'private'],
  ])('the decimal/hex/short form %s is still %s', (url, kind) => {
    expect(kindOf(url)).toBe(kind);
  });

  test('a page reaches addresses no more private than its own', () => {
    expect(mayReach('public', 'public')).toBe(true);
    expect(mayReach('public', 'private')).toBe(false);
    expect(mayReach('public', 'loopback')).toBe(false);
    expect(mayReach('private', 'private')).toBe(true);
    expect(mayReach('private', 'loopback')).toBe(false);
    expect(mayReach('loopback', 'private')).toBe(true);
    expect(mayReach('loopback', 'loopback')).toBe(true);
  });
});

describe('sites (public suffix list)', () => {
  test('the registrable domain comes from the public suffix list, private registries included', () => {
    expect(registrableDomain('a.b.example.co.uk')).toBe('example.co.uk');
    expect(registrableDomain('alice.github.io')).toBe('alice.github.io');
    expect(registrableDomain('127.0.0.1')).toBe('127.0.0.1');
  });

  test('same site: same scheme and registrable domain, any port or subdomain', () => {
    expect(sameSite('https://cdn.example.com/a.png', 'https://www.example.com/page')).toBe(true);
    expect(sameSite('http://127.0.0.1:9000/a.png', 'http://127.0.0.1:8000/')).toBe(true);
    expect(sameSite('https://alice.github.io/a.png', 'https://bob.github.io/')).toBe(false);
    expect(sameSite('https://a.co.uk/x.png', 'https://b.co.uk/')).toBe(false);
    expect(sameSite('http://example.com/a.png', 'https://example.com/')).toBe(false);
    expect(sameSite('http://localhost:1/a.png', 'http://127.0.0.1:1/')).toBe(false);
  });

  test('public suffixes are recognised; names the list does not know are not', () => {
    for (const host of ['com', 'co.uk', 'uk', 'github.io', 'CO.UK.']) expect(isPublicSuffix(host)).toBe(true);
    for (const host of ['example.com', 'bbc.co.uk', 'localhost', 'intranet', '127.0.0.1'])
      expect(isPublicSuffix(host)).toBe(false);
  });
});

describe('image request plan', () => {
  test('an image on the page’s own site is asked for with cookies, as the page’s own request was', () => {
    expect(imageRequestPlan('https://img.shop.example/cat.png', 'https://www.shop.example/item')).toEqual({
      ok: true,
      credentials: 'include',
    });
  });

  test('an image on another site is asked for without cookies', () => {
    expect(imageRequestPlan('https://victim.test/secret.png', 'https://evil.example/')).toEqual({
      ok: true,
      credentials: 'omit',
    });
    expect(imageRequestPlan('http://localhost:8000/secret.png', 'http://127.0.0.1:8000/')).toEqual({
      ok: true,
      credentials: 'omit',
    });
  });

  test('without a known page, nothing is borrowed and private addresses are refused', () => {
    expect(imageRequestPlan('https://example.com/a.png', undefined)).toEqual({
      ok: true,
      credentials: 'omit',
    });
    expect(imageRequestPlan('http://192.168.0.1/a.png', undefined)).toMatchObject({
      ok: false,
      error: { code: 'image-private-address' },
    });
  });

  test('a public page naming a loopback or private image is refused with a sentence naming both', () => {
    const plan = imageRequestPlan('http://0x7f.1:8080/secret.png', 'https://evil.example/page');
    expect(plan).toEqual({
      ok: false,
      error: {
        code: 'image-private-address',
        message:
          "This image is on this device (127.0.0.1:8080) but the page that showed it (evil.example) is not, so Verdict Lens didn't fetch it: a web page could otherwise use it to read what only your device can see.",
        action: 'Open the image from a page on the same network, or save it and ask about the saved copy.',
      },
    });
    expect(imageRequestPlan('http://[fd00::5]/chart.png', 'https://evil.example/')).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('your local network ([fd00::5])') },
    });
  });

  test('a page on the local network or this device may show its own images', () => {
    expect(imageRequestPlan('http://192.168.1.10/cam.jpg', 'http://192.168.1.1/')).toEqual({
      ok: true,
      credentials: 'omit',
    });
    expect(imageRequestPlan('http://127.0.0.1:9/a.png', 'http://127.0.0.1:8/')).toEqual({
      ok: true,
      credentials: 'include',
    });
  });

  test('data: images need no request', () => {
    expect(imageRequestPlan('data:image/svg+xml,<svg/>', 'https://evil.example/')).toEqual({
      ok: true,
      credentials: 'omit',
    });
  });
});
