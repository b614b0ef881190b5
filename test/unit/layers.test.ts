import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkLayers } from '../support/layers';

const ROOT = join(import.meta.dirname, '../..');

function read(folder: string, into: Map<string, string>): Map<string, string> {
  for (const entry of readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(ts|tsx)$/.test(entry.name)) continue;
    const path = relative(ROOT, join(entry.parentPath, entry.name)).split('\\').join('/');
    into.set(path, readFileSync(join(ROOT, path), 'utf8'));
  }
  return into;
}

const tree = () => ['src', 'bench', 'test/support', 'test/e2e'].reduce((m, f) => read(f, m), new Map());

describe('the layers of DESIGN.md', () => {
  test('every import in src/, bench/ and test/support/ points down, and nothing imports in a circle', () => {
    expect(checkLayers(tree())).toEqual([]);
  });

  test('an upward import is named: protocol/ importing verdicts/', () => {
    const files = tree();
    files.set('src/protocol/planted.ts', "import { matchToolForUrl } from '../verdicts/matcher';\n");
    expect(checkLayers(files)).toContain(
      "src/protocol/planted.ts imports '../verdicts/matcher': src/protocol/ imports no other folder of src/",
    );
  });

  test('a component importing platform/, a browser API outside it, and the bench importing test/e2e are named', () => {
    const files = tree();
    files.set('src/popup/Planted.tsx', "import { loadSettings } from '../platform/settings-store';\n");
    files.set('src/ui/planted.ts', "import browser from 'webextension-polyfill';\n");
    files.set('bench/planted.ts', "import { launchSession } from '../test/e2e/planted-driver';\n");
    files.set('test/e2e/planted-driver.ts', 'export const launchSession = 1;\n');
    const found = checkLayers(files);
    expect(found).toContainEqual(
      expect.stringMatching(/^src\/popup\/Planted\.tsx imports '\.\.\/platform\/settings-store': components/),
    );
    expect(found).toContain(
      "src/ui/planted.ts imports 'webextension-polyfill': webextension-polyfill belongs to platform/ only",
    );
    expect(found).toContainEqual(
      expect.stringMatching(/^bench\/planted\.ts imports '\.\.\/test\/e2e\/planted-driver': /),
    );
  });

  test('circles between files and between folders are named', () => {
    const files = new Map([
      ['src/intake/a.ts', "import { b } from './b';\nexport const a = 1;\n"],
      ['src/intake/b.ts', "import { a } from './a';\nexport const b = 2;\n"],
      ['src/inference/backend/x.ts', "import { y } from '../generation/y';\nexport const x = 1;\n"],
      ['src/inference/generation/y.ts', "import type { x } from '../backend/x';\nexport const y = 2;\n"],
    ]);
    const found = checkLayers(files);
    expect(found).toContain('files import each other in a circle: src/intake/a.ts → src/intake/b.ts');
    expect(found).toContainEqual(
      expect.stringContaining(
        'folders import each other in a circle: src/inference/backend, src/inference/generation',
      ),
    );
  });
});
