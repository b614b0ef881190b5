/**
 * Feeds for unit and e2e tests: a valid feed that adds one made-up tool (with a site of its own on a reserved
 * `.example` host, so it can never be a real vendor) and updates a bundled one, and broken variants of it.
 */
import type { VerdictDataSet } from '../../src/protocol/verdict-data';

export const FEED_TOOL_ID = 'lens-test-vision';
export const FEED_TOOL_NAME = 'Lens Test Vision';
export const FEED_TOOL_URL = 'https://lens-test-vision.example/product';

export function validFeed(updatedAt = '2030-01-01'): VerdictDataSet {
  return {
    version: 1,
    tools: [
      {
        id: FEED_TOOL_ID,
        name: FEED_TOOL_NAME,
        vendor: 'Feed Test Lab',
        category: 'Developer Tools',
        tagline: 'A made-up tool that exists only in the test feed',
        summary: 'Used by the tests to prove that feed entries reach the popup. <b>Markup stays text.</b>',
        entryPrice: 'Freemium',
        links: [{ label: 'Website', url: 'https://lens-test-vision.example/' }],
        sitePatterns: [{ host: 'lens-test-vision.example' }],
        competitors: ['moondream'],
        updatedAt,
      },
      {
        id: 'moondream',
        name: 'Moondream',
        vendor: 'Moondream',
        category: 'Developer Tools',
        tagline: 'Updated by the feed',
        summary: 'The feed carries a newer entry for this tool, which replaces the bundled one.',
        entryPrice: 'Free',
        links: [],
        sitePatterns: [{ host: 'moondream.ai', includeSubdomains: true }],
        competitors: [],
        updatedAt,
      },
    ],
    reviews: [
      {
        toolId: FEED_TOOL_ID,
        lens: 'engineering',
        vote: 'ship',
        take: 'Sets up in a minute and does one job well.',
      },
      { toolId: FEED_TOOL_ID, lens: 'business', vote: 'skip', take: 'No clear way to make money yet.' },
      {
        toolId: FEED_TOOL_ID,
        lens: 'thesis',
        vote: 'ship',
        take: 'Small models on the device are where this goes.',
      },
    ],
    comparisons: [
      {
        id: 'lens-test-vision-vs-moondream',
        toolIds: [FEED_TOOL_ID, 'moondream'],
        headline: 'The test tool edges out Moondream in the test feed.',
        updatedAt,
      },
    ],
  };
}

export const feedBytes = (data: unknown) => new TextEncoder().encode(JSON.stringify(data));
