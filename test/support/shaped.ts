/**
 * Test helper: makes sure the shape-faithful stand-ins exist, with the dtypes a test loads (CI starts from a
 * clean clone, and models/fixtures is git-ignored). Files already written by the same generator are kept, so
 * only the first test run pays the few seconds of generation.
 */
import {
  ensureShaped,
  type Profile,
  SHAPED_MODELS,
  type ShapedDtype,
  type ShapedKey,
  shapedDir,
} from '../../models/scripts/shaped/write-shaped.ts';

export const SHAPED_256M_ID = SHAPED_MODELS['256m'].id;
export const SHAPED_500M_ID = SHAPED_MODELS['500m'].id;

/** Writes what `profiles` (and `dtypes`) need of the stand-in; returns its folder. */
export function ensureShapedModel(
  key: ShapedKey,
  selection: { profiles?: Profile[]; dtypes?: ShapedDtype[] } = {},
): string {
  const model = SHAPED_MODELS[key];
  ensureShaped(model, selection);
  return shapedDir(model);
}
