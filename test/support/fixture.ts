/**
 * Test helper: makes sure the generated test model exists and is current (CI starts from a clean clone, and
 * models/fixtures is git-ignored). Generating takes milliseconds, so it is compared on every call.
 */
import {
  FIXTURE_DIR,
  FIXTURE_DTYPE_SUFFIXES,
  FIXTURE_MODEL_ID,
  FIXTURES_ROOT,
  refreshFixture,
  SESSIONS,
} from '../../models/scripts/fixture/write-fixture.ts';

export { FIXTURE_DIR, FIXTURE_DTYPE_SUFFIXES, FIXTURE_MODEL_ID, FIXTURES_ROOT, SESSIONS };

/** Writes any fixture file that is missing or stale; returns the fixture's folder. */
export function ensureFixture(): string {
  refreshFixture(FIXTURE_DIR);
  return FIXTURE_DIR;
}
