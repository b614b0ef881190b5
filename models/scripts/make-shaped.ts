/**
 * `npm run models:shaped [-- --models 256m,500m] [--profiles wasm,webgpu,webgpu-f16] [--dtypes q4,q8,...]`:
 * writes the shape-faithful SmolVLM stand-ins (see models/README.md). With no flags: both models, every dtype
 * their catalog profiles use. `--sizes` prints each file's size for models/catalog.json.
 */
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import {
  ensureShaped,
  PROFILES,
  type Profile,
  SHAPED_DTYPES,
  SHAPED_MODELS,
  type ShapedDtype,
  type ShapedKey,
  shapedDir,
} from './shaped/write-shaped.ts';

function list<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  flag: string,
): T[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',').filter(Boolean);
  for (const item of items) {
    if (!allowed.includes(item as T))
      throw new Error(`--${flag}: '${item}' is not one of ${allowed.join(', ')}`);
  }
  return items as T[];
}

const { values } = parseArgs({
  options: {
    models: { type: 'string' },
    profiles: { type: 'string' },
    dtypes: { type: 'string' },
  },
});
const keys = list(values.models, Object.keys(SHAPED_MODELS) as ShapedKey[], 'models') ?? ['256m', '500m'];
const profiles = list<Profile>(values.profiles, PROFILES, 'profiles');
const dtypes = list<ShapedDtype>(values.dtypes, SHAPED_DTYPES, 'dtypes');
for (const key of keys) {
  const model = SHAPED_MODELS[key];
  const started = performance.now();
  const written = ensureShaped(model, { profiles, dtypes });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `${model.id}: ${written.length ? `wrote ${written.join(', ')}` : 'up to date'} in ${relative(process.cwd(), shapedDir(model))} (${seconds} s)`,
  );
}
