/** Test helper: makes sure the generated test model exists (CI starts from a clean clone; it's git-ignored). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  FIXTURE_DIR,
  FIXTURE_DTYPE_SUFFIXES,
  FIXTURE_MODEL_ID,
  FIXTURES_ROOT,
  fixtureFiles,
  SESSIONS,
  writeFixture,
} from '../../models/scripts/fixture/write-fixture.ts';

export { FIXTURE_DIR, FIXTURE_DTYPE_SUFFIXES, FIXTURE_MODEL_ID, FIXTURES_ROOT, SESSIONS };

/** Writes the fixture when any of its files is missing; returns its folder. */
export function ensureFixture(): string {
  const missing = [...fixtureFiles().keys()].some((path) => !existsSync(join(FIXTURE_DIR, path)));
  if (missing) writeFixture(FIXTURE_DIR);
  return FIXTURE_DIR;
}
