/**
 * `web-ext lint` on the Firefox build, as AMO runs it on upload: no errors, none of the warnings that keep an
 * add-on off the listing (data-collection permissions missing, Chrome-only APIs in the bundle), and every warning
 * left is one the README explains.
 */
import { expect, test } from 'vitest';
import { BLOCKING_CODES, isExplained, lintFirefoxBuild } from '../../../scripts/package/store-lint';
import { FIREFOX_DIST } from '../../support/firefox-harness';

test('web-ext lint: 0 errors, no listing-blocking warning, every remaining warning explained', async () => {
  const report = await lintFirefoxBuild(FIREFOX_DIST);
  const summary = (list: typeof report.warnings) => list.map((m) => `${m.code} ${m.file ?? ''}`);
  expect(summary(report.errors)).toEqual([]);
  expect(report.warnings.filter((w) => (BLOCKING_CODES as readonly string[]).includes(w.code))).toEqual([]);
  expect(summary(report.warnings.filter((w) => !isExplained(w)))).toEqual([]);
});
