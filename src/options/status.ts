/**
 * The options page's one status line: what the last committed control saved, or why it wasn't saved. Every section
 * reports through it, so a person (and a screen reader, politely) hears about each change in the same place.
 */

export type StatusKind = 'saved' | 'invalid';

/**
 * Reports a change (or a refused value) to the page's status line; `untilFeedCheckAfter` makes it last only until the
 * feed's next check ends (see StatusLine).
 */
export type OptionsStatus = (text: string, kind?: StatusKind, untilFeedCheckAfter?: number | null) => void;

export interface StatusLine {
  text: string;
  kind: StatusKind;
  /** Counts reports, so the same sentence said twice is announced twice. */
  serial: number;
  /**
   * For "checking it now": the feed's last check time when it was said. The line holds while the feed's check time
   * is still this one; once the check ends, the feed section's facts (and any error) say how it went.
   */
  untilFeedCheckAfter?: number | null;
}

/** The line as shown now: empty once what it announced is over. */
export function shownStatus(line: StatusLine | null, feedCheckedAt: number | null): StatusLine | null {
  if (!line) return null;
  if (line.untilFeedCheckAfter !== undefined && feedCheckedAt !== line.untilFeedCheckAfter) return null;
  return line;
}
