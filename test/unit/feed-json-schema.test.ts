import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { FEED_JSON_SCHEMA_PATH, feedJsonSchemaText } from '../../scripts/feed-json-schema';

describe('docs/verdict-feed.schema.json', () => {
  test('is the JSON Schema generated from the valibot schema (run `npm run schema:feed` after changing it)', () => {
    expect(JSON.parse(readFileSync(FEED_JSON_SCHEMA_PATH, 'utf8'))).toEqual(JSON.parse(feedJsonSchemaText()));
  });

  test('is written exactly as the linter wants it, so `npm run schema:feed` leaves `npm run lint` passing', () => {
    expect(feedJsonSchemaText()).toBe(readFileSync(FEED_JSON_SCHEMA_PATH, 'utf8'));
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
