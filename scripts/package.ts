/**
 * `npm run package`: builds both browsers' packages from a clean build and writes, under packages/:
 * - verdict-lens-<version>-chrome.zip   the Chrome Web Store upload
 * - verdict-lens-<version>-firefox.zip  the AMO upload (web-ext lint must pass first)
 * - verdict-lens-<version>-source.zip   the source AMO asks for when code is bundled: every file git tracks,
 *                                      with BUILDING.md saying how to rebuild the Firefox package from it
 * - SHA256SUMS
 * `npm run package -- --verify` then unpacks the source archive into a temporary folder, builds the Firefox
 * package there the way BUILDING.md says, and compares it with the one written here, byte for byte.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { BLOCKING_CODES, isExplained, lintFirefoxBuild } from './package/store-lint.ts';
import { unzip, type ZipEntry, zip } from './package/zip.ts';

const ROOT = resolve(import.meta.dirname, '..');

type Browser = 'chrome' | 'firefox';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function entriesOf(dir: string): ZipEntry[] {
  return filesUnder(dir).map((file) => ({
    path: relative(dir, file).split('\\').join('/'),
    data: readFileSync(file),
  }));
}

/** A clean store build: no bundled models and no test hooks, whatever the calling shell has set. */
function build(root: string, browser: Browser, outDir: string): void {
  const env: NodeJS.ProcessEnv = { ...process.env, VERDICT_LENS_BROWSER: browser };
  delete env.VERDICT_LENS_BUNDLE_MODELS;
  // Store packages carry no fault hooks for the e2e tests.
  delete env.VERDICT_LENS_TEST_HOOKS;
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--outDir', outDir, '--logLevel', 'warn'], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`The ${browser} build failed.`);
}

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Every file git tracks, or null outside a git checkout (e.g. in an unpacked source archive). */
function trackedFiles(): string[] | null {
  let listing: string;
  try {
    listing = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
  } catch {
    return null;
  }
  return listing
    .split('\0')
    .filter((path) => path !== '' && statSync(join(ROOT, path), { throwIfNoEntry: false })?.isFile());
}

function writeEntries(entries: readonly ZipEntry[], dir: string): void {
  for (const entry of entries) {
    const target = join(dir, entry.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, entry.data);
  }
}

/** What differs between two packages, file by file. */
function differences(expected: readonly ZipEntry[], actual: readonly ZipEntry[]): string[] {
  const want = new Map(expected.map((e) => [e.path, sha256(e.data)]));
  const got = new Map(actual.map((e) => [e.path, sha256(e.data)]));
  const paths = [...new Set([...want.keys(), ...got.keys()])].sort();
  return paths.flatMap((path) => {
    if (!got.has(path)) return [`${path}: missing from the rebuild`];
    if (!want.has(path)) return [`${path}: only in the rebuild`];
    return want.get(path) === got.get(path) ? [] : [`${path}: different content`];
  });
}

async function main(): Promise<void> {
  const verify = process.argv.includes('--verify');
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const out = join(ROOT, 'packages');
  const builds = join(out, 'build');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(builds, { recursive: true });

  const written: Record<string, Buffer> = {};
  for (const browser of ['chrome', 'firefox'] as const) {
    const dir = join(builds, browser);
    build(ROOT, browser, dir);
    if (browser === 'firefox') {
      const report = await lintFirefoxBuild(dir);
      const blocking = report.warnings.filter((w) => (BLOCKING_CODES as readonly string[]).includes(w.code));
      const unexplained = report.warnings.filter((w) => !isExplained(w));
      console.log(
        `web-ext lint: ${report.errors.length} errors, ${report.warnings.length} warnings (${report.warnings.length - unexplained.length} known and explained in the README), ${report.notices.length} notices`,
      );
      for (const m of [...report.errors, ...unexplained])
        console.log(`  ${m.code} ${m.file ?? ''}: ${m.message}`);
      if (report.errors.length > 0 || blocking.length > 0 || unexplained.length > 0) {
        throw new Error('web-ext lint found problems in the Firefox package (listed above).');
      }
    }
    written[`verdict-lens-${version}-${browser}.zip`] = zip(entriesOf(dir));
  }
  const tracked = trackedFiles();
  if (tracked) {
    written[`verdict-lens-${version}-source.zip`] = zip(
      tracked.map((path) => ({ path, data: readFileSync(join(ROOT, path)) })),
    );
    const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (status.trim() !== '')
      console.warn('Note: the source archive includes uncommitted changes to tracked files.');
  } else {
    console.log('Not a git checkout: no source archive (it lists the files git tracks).');
  }

  const sums: string[] = [];
  for (const [name, data] of Object.entries(written)) {
    writeFileSync(join(out, name), data);
    sums.push(`${sha256(data)}  ${name}`);
    console.log(`${name}  ${(data.length / 1e6).toFixed(1)} MB`);
  }
  writeFileSync(join(out, 'SHA256SUMS'), `${sums.join('\n')}\n`);
  rmSync(builds, { recursive: true, force: true });

  if (verify) {
    if (!tracked) throw new Error('--verify needs a git checkout, to make the source archive it checks.');
    const firefox = written[`verdict-lens-${version}-firefox.zip`] as Buffer;
    const source = written[`verdict-lens-${version}-source.zip`] as Buffer;
    const scratch = mkdtempSync(join(tmpdir(), 'verdict-lens-source-'));
    try {
      writeEntries(unzip(source), scratch);
      // The dependencies `npm ci` would install from package-lock.json; linked, as this machine has them.
      symlinkSync(join(ROOT, 'node_modules'), join(scratch, 'node_modules'), 'dir');
      build(scratch, 'firefox', join(scratch, 'dist-firefox'));
      const rebuiltEntries = entriesOf(join(scratch, 'dist-firefox'));
      const rebuilt = zip(rebuiltEntries);
      if (Buffer.compare(rebuilt, firefox) === 0) {
        console.log(
          `Verified: the source archive rebuilds the Firefox package byte for byte (${sha256(rebuilt)}).`,
        );
      } else {
        const files = differences(unzip(firefox), rebuiltEntries);
        console.log(
          files.length === 0
            ? 'The rebuilt files are identical, but their compression differs (another zlib?).'
            : `Files that differ:\n  ${files.join('\n  ')}`,
        );
        throw new Error('The Firefox package rebuilt from the source archive differs from packages/.');
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
}

await main();
