import { afterEach, describe, expect, test, vi } from 'vitest';
import { randomId } from '../../src/protocol/random-id';

describe('randomId', () => {
  afterEach(() => vi.unstubAllGlobals());

  test('uses randomUUID where the context has it', () => {
    expect(randomId()).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('still makes distinct ids where randomUUID is missing (a plain-http page is not a secure context)', () => {
    const { getRandomValues } = globalThis.crypto;
    vi.stubGlobal('crypto', { getRandomValues: getRandomValues.bind(globalThis.crypto) });
    const ids = new Set(Array.from({ length: 50 }, () => randomId()));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
  });
});
