/**
 * An offline build ships the model inside the extension (VERDICT_LENS_BUNDLE_MODELS): with no model host reachable
 * at all, the engine loads it from the extension through the same loader and answers, with progress.
 * Not on useEngineSetup: it loads an extension it builds itself, with no hub at all, where the set-up has dist/ and a hub.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  engineRequest,
  generateRequest,
  requestId,
  solidImage,
  useTestModel,
} from '../support/engine-driver';
import { ensureFixture, FIXTURE_MODEL_ID, FIXTURES_ROOT } from '../support/fixture';
import { DIST, type LoadedExtension, launchExtension, ROOT } from '../support/harness';

describe('offline build with the model bundled', () => {
  let outDir: string;
  let ext: LoadedExtension;

  beforeAll(async () => {
    ensureFixture();
    outDir = mkdtempSync(join(tmpdir(), 'verdict-lens-offline-'));
    execFileSync(join(ROOT, 'node_modules/.bin/vite'), ['build', '--outDir', outDir, '--logLevel', 'error'], {
      cwd: ROOT,
      env: { ...process.env, VERDICT_LENS_BUNDLE_MODELS: FIXTURES_ROOT },
      stdio: 'inherit',
    });
    ext = await launchExtension({ extensionDir: outDir });
    // Port 9 (discard) refuses connections: any attempt to reach a hub would fail the load.
    await useTestModel(ext, 'http://127.0.0.1:9/');
  }, 120_000);
  afterAll(async () => {
    await ext?.close();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  test('the usual build ships no models', () => {
    expect(existsSync(join(DIST, 'models/bundled.json'))).toBe(false);
  });

  test('loads the bundled model with no model host, reporting progress, and answers', async () => {
    const page = await ext.openExtensionPage('src/options/index.html');
    const load = await engineRequest(page, {
      type: 'load',
      requestId: requestId('load'),
      modelId: FIXTURE_MODEL_ID,
      backend: 'wasm',
    });
    expect(load.last).toMatchObject({ type: 'ready', backend: 'wasm' });
    const progress = load.events.flatMap((e) => (e.type === 'progress' ? [e.progress] : []));
    expect(progress.at(-1)?.loaded).toBe(progress.at(-1)?.total);
    expect(progress.at(-1)?.loaded).toBeGreaterThan(0);
    const answer = await engineRequest(
      page,
      generateRequest(await solidImage(page, [20, 40, 240]), 'Is there a house?', 'wasm'),
    );
    expect(answer.last).toMatchObject({ type: 'done', text: 'a blue image about house.' });
  });
});
