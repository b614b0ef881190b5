/**
 * Generates docs/verdict-feed.schema.json from the valibot schema, so the documented feed format can never drift from
 * what the extension accepts. `npm run schema:feed` writes it; test/unit/feed-json-schema.test.ts fails when the
 * committed file is out of date. Rules JSON Schema can't express (unique ids, references that resolve, at most three
 * sentences per take, real dates) are stated in the description and enforced by the extension.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { toJsonSchema } from '@valibot/to-json-schema';
import { VerdictDataSetSchema } from '../src/protocol/verdict-data';
import { FEED_MAX_BYTES } from '../src/verdicts/feed';

const ROOT = resolve(import.meta.dirname, '..');
export const FEED_JSON_SCHEMA_PATH = resolve(ROOT, 'docs/verdict-feed.schema.json');
const BIOME = resolve(ROOT, 'node_modules/.bin/biome');

export function feedJsonSchema(): Record<string, unknown> {
  // `check` and `trim` have no JSON Schema form; they are listed in the description instead.
  const body = toJsonSchema(VerdictDataSetSchema, { errorMode: 'ignore', target: 'draft-07' });
  const { $schema, ...rest } = body;
  return {
    $schema,
    title: 'Verdict Lens verdict feed',
    description:
      `A verdict data set served as one UTF-8 JSON file of at most ${FEED_MAX_BYTES} bytes. Beyond this schema the ` +
      'extension also requires: tool ids and comparison ids unique; every competitors entry, review toolId and ' +
      'comparison toolIds entry names a tool in the same file; one review per lens per tool; a tool never lists ' +
      'itself as a competitor; takes are one to three sentences; updatedAt is a real date; a site pattern host is ' +
      'never a public suffix (co.uk, github.io: checked against the public suffix list). Text is shown as plain ' +
      'text (never HTML) and link URLs must be http(s). Per tool, the entry with the newer updatedAt wins over the ' +
      'bundled data (the feed wins ties).',
    ...rest,
  };
}

/**
 * The file's text laid out by the project's formatter, so what `npm run schema:feed` writes is what `npm run lint`
 * accepts (JSON.stringify breaks every array over lines; Biome keeps short ones on one).
 */
export function feedJsonSchemaText(): string {
  return execFileSync(BIOME, ['format', `--stdin-file-path=${relative(ROOT, FEED_JSON_SCHEMA_PATH)}`], {
    cwd: ROOT,
    input: JSON.stringify(feedJsonSchema(), null, 2),
    encoding: 'utf8',
  });
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  writeFileSync(FEED_JSON_SCHEMA_PATH, feedJsonSchemaText());
  console.log(`wrote ${FEED_JSON_SCHEMA_PATH}`);
}
