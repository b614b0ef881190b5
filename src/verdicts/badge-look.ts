/**
 * What the toolbar badge shows for a tool: the panel's ship percentage, coloured by verdict (ship green, skip red,
 * an even split amber). A tool the panel has only named as a competitor shows a grey "•": known, not reviewed yet.
 * No tool: no badge.
 */
import type { PanelStats } from './stats';

export const BADGE_COLORS = {
  ship: '#15803d',
  skip: '#b91c1c',
  split: '#b45309',
  unreviewed: '#6b7280',
} as const;

export function badgeLook(stats: PanelStats | null): { text: string; color: string } | null {
  if (!stats) return null;
  if (stats.shipPercent === null || stats.verdict === null)
    return { text: '•', color: BADGE_COLORS.unreviewed };
  return { text: `${stats.shipPercent}%`, color: BADGE_COLORS[stats.verdict] };
}
