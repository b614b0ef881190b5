import type { PanelVerdict } from '../verdicts/stats';

export const verdictWord = (verdict: PanelVerdict) =>
  verdict === 'ship' ? 'Ship' : verdict === 'skip' ? 'Skip' : 'Split decision';

/** A vote as a word and a symbol, so it never depends on colour alone; no vote says so in words. */
export function VoteChip({ vote }: { vote: 'ship' | 'skip' | null }) {
  if (vote === null) return <span class="vote vote-none">Not reviewed on this lens</span>;
  return <span class={`vote vote-${vote}`}>{vote === 'ship' ? '✓ Ship' : '✕ Skip'}</span>;
}
