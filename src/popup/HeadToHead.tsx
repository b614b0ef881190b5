/** A comparison side by side: every tool's numbers and per-lens votes in one table. */

import { LENS_LABELS, LENSES } from '../protocol/lenses';
import type { Comparison } from '../protocol/verdict-data';
import type { VerdictCatalog } from '../verdicts/catalog';
import { communityLabel, hasCommunityVotes } from '../verdicts/stats';
import { VoteChip } from './VoteChip';

interface Props {
  catalog: VerdictCatalog;
  comparison: Comparison;
  onOpenTool(id: string): void;
  /** The comparison is the page's subject: its title is the page heading. */
  primary?: boolean;
}

export function comparisonTitle(catalog: VerdictCatalog, comparison: Comparison): string {
  return comparison.toolIds.map((id) => catalog.tool(id)?.name ?? id).join(' vs ');
}

export function HeadToHead({ catalog, comparison, onOpenTool, primary = false }: Props) {
  const tools = comparison.toolIds.flatMap((id) => catalog.tool(id) ?? []);
  const titleId = `h2h-${comparison.id}`;
  const Title = primary ? 'h1' : 'h2';
  const lenses = LENSES.filter((lens) =>
    tools.some((t) => catalog.reviewsOf(t.id).some((r) => r.lens === lens)),
  );
  const voteOf = (toolId: string, lens: string) =>
    catalog.reviewsOf(toolId).find((r) => r.lens === lens)?.vote ?? null;
  return (
    <section class="h2h" aria-labelledby={titleId} data-comparison={comparison.id}>
      <Title id={titleId} tabIndex={primary ? -1 : undefined}>
        {primary ? comparisonTitle(catalog, comparison) : 'Head-to-head'}
      </Title>
      {!primary && <p class="meta">{comparisonTitle(catalog, comparison)}</p>}
      <p class="headline">{comparison.headline}</p>
      <table>
        <caption class="visually-hidden">{comparisonTitle(catalog, comparison)}, side by side</caption>
        <thead>
          <tr>
            <td />
            {tools.map((tool) => (
              <th key={tool.id} scope="col">
                <button type="button" class="link" onClick={() => onOpenTool(tool.id)}>
                  {tool.name}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Panel ship</th>
            {tools.map((tool) => {
              const p = catalog.statsOf(tool.id).shipPercent;
              return (
                <td key={tool.id} class="num">
                  {p === null ? '—' : `${p}%`}
                </td>
              );
            })}
          </tr>
          <tr>
            <th scope="row">Split</th>
            {tools.map((tool) => (
              <td key={tool.id}>{catalog.statsOf(tool.id).split || '—'}</td>
            ))}
          </tr>
          <tr>
            <th scope="row">Entry</th>
            {tools.map((tool) => (
              <td key={tool.id}>{tool.entryPrice}</td>
            ))}
          </tr>
          <tr>
            <th scope="row">Community</th>
            {/* One sentence across the row when nobody has voted on any of them, rather than a cell of it per tool. */}
            {tools.some((tool) => hasCommunityVotes(tool.community)) ? (
              tools.map((tool) => <td key={tool.id}>{communityLabel(tool.community)}</td>)
            ) : (
              <td colSpan={tools.length} class="empty-row" data-testid="h2h-community">
                No community votes yet
              </td>
            )}
          </tr>
          {lenses.map((lens) => (
            <tr key={lens}>
              <th scope="row">{LENS_LABELS[lens]}</th>
              {tools.map((tool) => (
                <td key={tool.id}>
                  <VoteChip vote={voteOf(tool.id, lens)} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
