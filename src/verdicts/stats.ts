/**
 * Panel and community numbers, always computed from votes so they can never disagree with the reviews shown.
 */
import type { CommunityVote, Review } from '../protocol/verdict-data';

/** ship: more than half voted ship; skip: fewer than half; split: an exact tie. */
export type PanelVerdict = 'ship' | 'skip' | 'split';

export interface PanelStats {
  ship: number;
  skip: number;
  total: number;
  /** Rounded to a whole percent; null when nobody on the panel has reviewed the tool. */
  shipPercent: number | null;
  verdict: PanelVerdict | null;
  /** e.g. "3 ship · 1 skip"; empty when there are no reviews. */
  split: string;
}

export function panelStats(reviews: readonly Pick<Review, 'vote'>[]): PanelStats {
  let ship = 0;
  let skip = 0;
  for (const review of reviews) {
    if (review.vote === 'ship') ship += 1;
    else skip += 1;
  }
  const total = ship + skip;
  if (total === 0) return { ship, skip, total, shipPercent: null, verdict: null, split: '' };
  const shipPercent = Math.round((ship / total) * 100);
  const verdict: PanelVerdict = ship * 2 > total ? 'ship' : ship * 2 < total ? 'skip' : 'split';
  return { ship, skip, total, shipPercent, verdict, split: `${ship} ship · ${skip} skip` };
}

/** People read an empty vote as this, not as a bare dash that could mean zero. */
export const NO_COMMUNITY_VOTES = 'No votes yet';

/** The community has voted on the tool (a vote object with nobody in it counts as none). */
export function hasCommunityVotes(community: CommunityVote | undefined): boolean {
  return community !== undefined && community.ship + community.skip > 0;
}

/** The community's ship share, or "No votes yet" when there's no community vote (or nobody has voted yet). */
export function communityLabel(community: CommunityVote | undefined): string {
  if (!community) return NO_COMMUNITY_VOTES;
  const total = community.ship + community.skip;
  if (total === 0) return NO_COMMUNITY_VOTES;
  return `${Math.round((community.ship / total) * 100)}%`;
}
