/** `npm run models:fixture [-- <dir>]`: writes the tiny test model (see models/README.md). */
import { relative } from 'node:path';
import { FIXTURE_DIR, writeFixture } from './fixture/write-fixture.ts';

const dir = process.argv[2] ?? FIXTURE_DIR;
const bytes = writeFixture(dir);
console.log(
  `Wrote the test model to ${relative(process.cwd(), dir) || '.'} (${(bytes / 1024).toFixed(0)} KiB).`,
);
