import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  DEV_VENDOR_URL,
  DevUsageError,
  devBuildCommand,
  devOutDir,
  devPageHtml,
  parseDevArgs,
} from '../../scripts/dev-options';
import { createCatalog } from '../../src/verdicts/catalog';
import { BUNDLED_DATA } from '../../src/verdicts/data';

describe('npm run dev: its options', () => {
  test('Chromium with a window by default; --firefox, --headless and --exit-after change that', () => {
    expect(parseDevArgs([])).toEqual({ browser: 'chromium', headless: false, exitAfterMs: null });
    expect(parseDevArgs(['--firefox', '--headless', '--exit-after=2.5'])).toEqual({
      browser: 'firefox',
      headless: true,
      exitAfterMs: 2500,
    });
    expect(parseDevArgs([], { VERDICT_LENS_DEV_HEADLESS: '1' }).headless).toBe(true);
    expect(parseDevArgs([], { CI: 'true' }).headless).toBe(true);
  });

  test('an unknown option or a bad duration is a usage error, not a silent default', () => {
    expect(() => parseDevArgs(['--firefx'])).toThrow(DevUsageError);
    expect(() => parseDevArgs(['--exit-after=soon'])).toThrow('give a number of seconds');
  });

  test('each browser builds where its release build does, with the same vite build, watching', () => {
    expect(devOutDir('/repo', 'chromium')).toBe(resolve('/repo', 'dist'));
    expect(devOutDir('/repo', 'firefox')).toBe(resolve('/repo', 'dist-firefox'));
    expect(devBuildCommand('chromium')).toEqual({
      args: ['build', '--watch', '--mode', 'development'],
      env: {},
    });
    expect(devBuildCommand('firefox')).toEqual({
      args: ['build', '--watch', '--mode', 'development', '--outDir', 'dist-firefox'],
      env: { VERDICT_LENS_BROWSER: 'firefox' },
    });
  });

  test('the page to try it on has pictures and links to a page the extension has a verdict for', () => {
    const html = devPageHtml();
    expect(html.match(/<img /g)?.length).toBe(2);
    expect(html).toContain(`href="${DEV_VENDOR_URL}"`);
    expect(createCatalog(BUNDLED_DATA).toolForUrl(DEV_VENDOR_URL)?.id).toBe('smolvlm-3b');
  });
});
