/** The panel's reviewer lenses, in the order every card shows them (no schema library, so the popup stays light). */
export const LENSES = ['engineering', 'competitive', 'thesis', 'business', 'job-to-be-done'] as const;

/** How each lens is named to people. */
export const LENS_LABELS: Record<(typeof LENSES)[number], string> = {
  engineering: 'Engineering / DX',
  competitive: 'Competitive',
  thesis: 'Thesis',
  business: 'Business',
  'job-to-be-done': 'Job to be done',
};
