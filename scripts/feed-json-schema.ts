/**
 * Generates docs/verdict-feed.schema.json from the valibot schema, so the documented feed format can never drift from
 * what the extension accepts. `npm run schema:feed` writes it; test/unit/feed-json-schema.test.ts fails when the
 * committed file is out of date. Rules JSON Schema can't express (unique ids, references that resolve, at most three
 * sentences per take, real dates) are stated in the description and enforced by the extension.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { toJsonSchema } from '@valibot/to-json-schema';
import { FEED_MAX_BYTES } from '../src/verdicts/feed';
import { VerdictDataSetSchema } from '../src/verdicts/schema';

export const FEED_JSON_SCHEMA_PATH = resolve(import.meta.dirname, '../docs/verdict-feed.schema.json');

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
      'itself as a competitor; takes are one to three sentences; updatedAt is a real date. Text is shown as plain ' +
      'text (never HTML) and link URLs must be http(s). Per tool, the entry with the newer updatedAt wins over the ' +
      'bundled data (the feed wins ties).',
    ...rest,
  };
}

export function feedJsonSchemaText(): string {
  return `${JSON.stringify(feedJsonSchema(), null, 2)}\n`;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  writeFileSync(FEED_JSON_SCHEMA_PATH, feedJsonSchemaText());
  console.log(`wrote ${FEED_JSON_SCHEMA_PATH}`);
}
