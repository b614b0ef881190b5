import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { FEED_JSON_SCHEMA_PATH, feedJsonSchemaText } from '../../scripts/feed-json-schema';

describe('docs/verdict-feed.schema.json', () => {
  test('is the JSON Schema generated from the valibot schema (run `npm run schema:feed` after changing it)', () => {
    // Compared as data: the formatter may lay the file out differently from JSON.stringify.
    expect(JSON.parse(readFileSync(FEED_JSON_SCHEMA_PATH, 'utf8'))).toEqual(JSON.parse(feedJsonSchemaText()));
  });

  test('documents the required top-level fields and a tool’s fields', () => {
    const schema = JSON.parse(feedJsonSchemaText()) as {
      required: string[];
      properties: { tools: { items: { required: string[] } } };
    };
    expect(schema.required).toEqual(['version', 'tools', 'reviews', 'comparisons']);
    expect(schema.properties.tools.items.required).toEqual(
      expect.arrayContaining(['id', 'name', 'entryPrice', 'sitePatterns', 'updatedAt']),
    );
  });
});
