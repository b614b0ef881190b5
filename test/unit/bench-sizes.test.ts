/** The bench's build-size accounting on a small hand-made build: entries with their static imports, model files and
 * the bench's own pages left out of the package. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, test } from 'vitest';
import { measureBuild } from '../../bench/sizes';

const dist = mkdtempSync(join(tmpdir(), 'bench-sizes-'));
afterAll(() => rmSync(dist, { recursive: true, force: true }));

function put(path: string, body: string): number {
  mkdirSync(dirname(join(dist, path)), { recursive: true });
  writeFileSync(join(dist, path), body);
  return Buffer.byteLength(body);
}

const gz = (body: string) => gzipSync(Buffer.from(body), { level: 9 }).length;

describe('measureBuild', () => {
  const shared = 'export const shared = "x".repeat(10);';
  const popup = 'import { shared } from "./shared.js"; console.log(shared);';
  let extensionBytes = 0;
  extensionBytes += put('manifest.json', JSON.stringify({ background: { service_worker: 'sw.js' } }));
  extensionBytes += put('src/popup/index.html', '<script type="module" src="/assets/popup.js"></script>');
  extensionBytes += put('assets/popup.js', popup);
  extensionBytes += put('assets/shared.js', shared);
  extensionBytes += put('sw.js', 'import "./assets/shared.js";');
  const modelBytes = put('models/org/name/onnx/model.onnx', 'weights');
  // What the bench adds to the build it measures is not part of the extension.
  put('bench-blank.html', '<h1>Blank</h1>');
  put('bench-intake/intake.js', 'globalThis.x = 1;'.repeat(100));

  test('an entry counts its own chunk and what it imports statically', () => {
    const sizes = measureBuild(dist);
    const entry = sizes.entries.find((e) => e.entry === 'popup');
    expect(entry?.files.sort()).toEqual(['assets/popup.js', 'assets/shared.js']);
    expect(entry?.gzipBytes).toBe(gz(popup) + gz(shared));
    expect(sizes.entries.find((e) => e.entry === 'background')?.files.sort()).toEqual([
      'assets/shared.js',
      'sw.js',
    ]);
  });

  test("the package leaves out model files and the bench's own pages", () => {
    const sizes = measureBuild(dist);
    expect(sizes.packageBytes).toBe(extensionBytes);
    expect(sizes.modelBytesExcluded).toBe(modelBytes);
    expect(sizes.entries.map((e) => e.entry)).not.toContain('bench-intake');
    expect(sizes.chunks.map((c) => c.file)).not.toContain('bench-intake/intake.js');
  });
});
