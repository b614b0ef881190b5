/**
 * Whether a scrolled list should follow what is added at its end: only while the person is at (or near) the
 * bottom, so someone reading back isn't pulled away. Pure, so the rule is checked in Node.
 */

/** How far from the bottom still counts as "at the bottom" (a line's height, in CSS pixels). */
export const FOLLOW_SLACK_PX = 24;

export function isAtBottom(box: { scrollHeight: number; scrollTop: number; clientHeight: number }): boolean {
  return box.scrollHeight - box.scrollTop - box.clientHeight <= FOLLOW_SLACK_PX;
}
