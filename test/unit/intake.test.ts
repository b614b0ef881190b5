import { describe, expect, test } from 'vitest';
import { sniffImageKind, statusProblem } from '../../src/intake/classify';
import { fitWithin, INTAKE_LIMITS } from '../../src/intake/limits';

const bytes = (...values: (number | string)[]) =>
  new Uint8Array(values.flatMap((v) => (typeof v === 'string' ? [...v].map((c) => c.charCodeAt(0)) : [v])));

describe('fitWithin', () => {
  test('scales a 6000×4000 photo down to the longest edge, keeping its shape', () => {
    expect(fitWithin(6000, 4000)).toEqual({
      width: INTAKE_LIMITS.maxEdge,
      height: 1024,
      scale: INTAKE_LIMITS.maxEdge / 6000,
    });
    expect(fitWithin(400, 3000, 1500)).toMatchObject({ width: 200, height: 1500 });
  });

  test('never scales up', () => {
    expect(fitWithin(640, 480)).toEqual({ width: 640, height: 480, scale: 1 });
  });
});

describe('sniffImageKind', () => {
  test.each([
    ['png', bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0)],
    ['jpeg', bytes(0xff, 0xd8, 0xff, 0xe0)],
    ['gif', bytes('GIF89a', 1, 0)],
    ['webp', bytes('RIFF', 0, 0, 0, 0, 'WEBPVP8 ')],
    ['avif', bytes(0, 0, 0, 0x1c, 'ftypavif')],
    ['svg', bytes('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>')],
    ['svg', bytes('  <svg viewBox="0 0 10 10"></svg>')],
  ] as const)('recognises %s from its first bytes', (kind, head) => {
    expect(sniffImageKind(head)).toBe(kind);
  });

  test('an HTML error page or random bytes are not images, whatever the server says', () => {
    expect(sniffImageKind(bytes('<!doctype html><title>Not found</title>'))).toBeNull();
    expect(sniffImageKind(bytes(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12))).toBeNull();
    expect(sniffImageKind(new Uint8Array())).toBeNull();
  });
});

describe('statusProblem', () => {
  test('names what went wrong for the person', () => {
    expect(statusProblem(200)).toBeNull();
    expect(statusProblem(404)).toMatchObject({ code: 'image-not-found' });
    expect(statusProblem(403)).toMatchObject({
      code: 'image-needs-login',
      action: expect.stringMatching(/Sign in/),
    });
    expect(statusProblem(401)).toMatchObject({ code: 'image-needs-login' });
    expect(statusProblem(500)).toMatchObject({
      code: 'image-fetch-failed',
      message: expect.stringContaining('500'),
    });
  });
});
