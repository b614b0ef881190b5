/**
 * What the toolbar badge shows for a tool: the panel's ship percentage, coloured by verdict (ship green, skip red,
 * an even split amber). A tool the panel has only named as a competitor shows a grey "•": known, not reviewed yet.
 * No tool: no badge. The tooltip says the same in words, since a colour and a number alone say little to a screen
 * reader or to someone who can't tell red from green.
 */
import type { PanelStats } from './stats';

export const BADGE_COLORS = {
  ship: '#15803d',
  skip: '#b91c1c',
  split: '#b45309',
  unreviewed: '#6b7280',
} as const;

/** The action's own name, the tooltip wherever there is no verdict to give. */
export const DEFAULT_BADGE_TITLE = 'Verdict Lens';

export interface BadgeLookResult {
  text: string;
  color: string;
  /** Tooltip: the verdict as a sentence. */
  title: string;
}

const VERDICT_WORDS = { ship: 'Ship', skip: 'Skip', split: 'Split decision' } as const;

export function badgeLook(toolName: string, stats: PanelStats): BadgeLookResult;
export function badgeLook(toolName: string | null, stats: PanelStats | null): BadgeLookResult | null;
export function badgeLook(toolName: string | null, stats: PanelStats | null): BadgeLookResult | null {
  if (toolName === null || !stats) return null;
  if (stats.shipPercent === null || stats.verdict === null) {
    return {
      text: '•',
      color: BADGE_COLORS.unreviewed,
      title: `${DEFAULT_BADGE_TITLE}: ${toolName} is not reviewed yet`,
    };
  }
  return {
    text: `${stats.shipPercent}%`,
    color: BADGE_COLORS[stats.verdict],
    title: `${DEFAULT_BADGE_TITLE}: ${toolName}, ${VERDICT_WORDS[stats.verdict]}, ${stats.shipPercent}% of the panel say ship (${stats.split})`,
  };
}
