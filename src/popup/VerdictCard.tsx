/** One tool's full verdict: header, the numbers, the summary, each lens, competitors and head-to-heads. */
import type { ComponentChildren } from 'preact';
import { LENS_LABELS } from '../protocol/lenses';
import type { Tool } from '../protocol/verdict-data';
import { capabilityLabel } from '../verdicts/capabilities';
import type { VerdictCatalog } from '../verdicts/catalog';
import { safeHttpUrl } from '../verdicts/safe-url';
import { communityLabel, hasCommunityVotes } from '../verdicts/stats';
import { HeadToHead } from './HeadToHead';
import { VoteChip, verdictWord } from './VoteChip';

interface Props {
  catalog: VerdictCatalog;
  tool: Tool;
  onOpenTool(id: string): void;
  /** One line telling the reviewed model, the page's and the demo's apart (see modelStory), on SmolVLM's pages. */
  story?: string | null;
  /** The demo's entry, near the top of the card of the tool it demonstrates. */
  demoEntry?: ComponentChildren;
}

export function VerdictCard({ catalog, tool, onOpenTool, story = null, demoEntry = null }: Props) {
  const stats = catalog.statsOf(tool.id);
  const reviews = catalog.reviewsOf(tool.id);
  const namers = catalog.namedAsCompetitorBy(tool.id);
  // Links may come from a feed: only http(s) ones become clickable, whatever the schema let through.
  const links = tool.links.flatMap((link) => {
    const href = safeHttpUrl(link.url);
    return href ? [{ label: link.label, href }] : [];
  });
  return (
    <article class="card" aria-labelledby="tool-name">
      <header class="card-head">
        {/* elementtiming: the browser reports when the verdict was painted (npm run bench reads it) */}
        <h1 id="tool-name" tabIndex={-1} elementtiming="verdict-card">
          {tool.name}
        </h1>
        <p class="meta">
          {tool.vendor} · {tool.category}
        </p>
        <p class="tagline">{tool.tagline}</p>
        {(tool.capabilities?.length ?? 0) > 0 && (
          <ul class="tags" aria-label="What it does">
            {tool.capabilities?.map((tag) => (
              <li key={tag}>{capabilityLabel(tag)}</li>
            ))}
          </ul>
        )}
        {story && (
          <p class="page-model" data-testid="page-model">
            {story}
          </p>
        )}
      </header>

      {stats.verdict ? (
        <section class={`verdict verdict-${stats.verdict}`} aria-label="Panel verdict">
          <p class="verdict-word">{verdictWord(stats.verdict)}</p>
          <p class="verdict-split">{stats.split}</p>
        </section>
      ) : (
        <section class="verdict verdict-none" aria-label="Panel verdict">
          <p class="verdict-word">Not reviewed yet</p>
          {namers.length > 0 && (
            <p class="verdict-split">
              Named as a competitor of{' '}
              {namers.map((n, i) => (
                <span key={n.id}>
                  {i > 0 && ', '}
                  <button type="button" class="link" onClick={() => onOpenTool(n.id)}>
                    {n.name}
                  </button>
                </span>
              ))}
            </p>
          )}
        </section>
      )}

      {demoEntry}

      <dl class="numbers">
        <div>
          <dt>Panel ship</dt>
          <dd data-testid="panel-ship">{stats.shipPercent === null ? '—' : `${stats.shipPercent}%`}</dd>
        </div>
        <div>
          <dt>Community</dt>
          <dd data-testid="community" class={hasCommunityVotes(tool.community) ? undefined : 'empty-value'}>
            {communityLabel(tool.community)}
          </dd>
        </div>
        <div>
          <dt>Entry</dt>
          <dd data-testid="entry-price">{tool.entryPrice}</dd>
        </div>
      </dl>

      <p class="summary">{tool.summary}</p>

      {reviews.length > 0 && (
        <section aria-labelledby="lenses-title">
          <h2 id="lenses-title">Reviewer scorecard</h2>
          <ul class="lenses">
            {reviews.map((review) => (
              <li key={review.lens} class="lens" data-lens={review.lens}>
                <div class="lens-head">
                  <h3>{LENS_LABELS[review.lens]}</h3>
                  <VoteChip vote={review.vote} />
                </div>
                <p>{review.take}</p>
              </li>
            ))}
          </ul>
        </section>
      )}

      {tool.competitors.length > 0 && (
        <section aria-labelledby="competitors-title">
          <h2 id="competitors-title">Competitors named</h2>
          <ul class="chips">
            {tool.competitors.map((id) => {
              const competitor = catalog.tool(id);
              return (
                <li key={id}>
                  {competitor ? (
                    <button type="button" class="chip" onClick={() => onOpenTool(id)}>
                      {competitor.name}
                    </button>
                  ) : (
                    <span class="chip chip-static">{id}</span>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      )}

      {catalog.comparisonsOf(tool.id).map((comparison) => (
        <HeadToHead key={comparison.id} catalog={catalog} comparison={comparison} onOpenTool={onOpenTool} />
      ))}

      {links.length > 0 && (
        <nav class="links" aria-label={`${tool.name} links`}>
          {links.map((link) => (
            <a key={link.href} href={link.href} target="_blank" rel="noopener noreferrer">
              {link.label}
            </a>
          ))}
        </nav>
      )}
    </article>
  );
}
