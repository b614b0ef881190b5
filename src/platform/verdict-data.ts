/**
 * The verdict data the extension uses right now. Today that is the bundled data set; the feed (issue 5) plugs in
 * here, so the popup and the badge pick up feed entries without knowing where they came from.
 */
import { BUNDLED_DATA } from '../verdicts/data';
import type { VerdictDataSet } from '../verdicts/schema';

export async function loadVerdictData(): Promise<VerdictDataSet> {
  return BUNDLED_DATA;
}
