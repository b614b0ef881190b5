import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { unzip, zip } from '../../scripts/package/zip';

const text = (s: string) => new TextEncoder().encode(s);
const entries = [
  { path: 'manifest.json', data: text('{"name":"x"}\n'.repeat(20)) },
  { path: 'assets/a-1234.js', data: text('console.log(1);\n'.repeat(50)) },
  { path: 'icons/dense.bin', data: Uint8Array.from({ length: 64 }, (_, i) => (i * 97) % 251) },
  { path: 'src/ünïcode.txt', data: text('') },
];

describe('reproducible zip', () => {
  test('the same files give the same bytes, whatever order they come in', () => {
    expect(zip(entries).equals(zip([...entries].reverse()))).toBe(true);
  });

  test('reads back as the same files, sorted by path, deflated or stored', () => {
    const back = unzip(zip(entries));
    expect(back.map((e) => e.path)).toEqual([
      'assets/a-1234.js',
      'icons/dense.bin',
      'manifest.json',
      'src/ünïcode.txt',
    ]);
    for (const entry of back) {
      const original = entries.find((e) => e.path === entry.path);
      expect(Buffer.from(entry.data).equals(Buffer.from(original?.data ?? []))).toBe(true);
    }
  });

  test('a standard unzip accepts it, with the zip epoch as every date', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vl-zip-'));
    try {
      const file = join(dir, 'p.zip');
      writeFileSync(file, zip(entries));
      expect(execFileSync('unzip', ['-tq', file], { encoding: 'utf8' })).toContain('No errors detected');
      const listing = execFileSync('unzip', ['-l', file], { encoding: 'utf8' });
      expect(listing.match(/1980-01-01 00:00/g)?.length).toBe(entries.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('refuses paths that would escape the folder, and duplicates', () => {
    expect(() => zip([{ path: '../x', data: text('') }])).toThrow(/relative/);
    expect(() => zip([{ path: '/abs', data: text('') }])).toThrow(/relative/);
    expect(() => zip([entries[0]!, entries[0]!])).toThrow(/twice/);
  });

  test('a damaged entry is reported, not returned', () => {
    const archive = zip([{ path: 'a.txt', data: text('hello') }]);
    const at = 30 + 'a.txt'.length;
    archive.writeUInt8(archive.readUInt8(at) ^ 0xff, at);
    expect(() => unzip(archive)).toThrow(/damaged/);
  });
});
