/**
 * The bench's measured speed of each candidate file (models/file-speeds.json, written by `npm run bench --
 * --only=file-speeds`), per backend, browser and WASM thread count, with the run it came from (date, machine, load,
 * runtime). It is the file choice's first guess on a device that hasn't answered anything yet. Validated once.
 */
import * as v from 'valibot';
import fileSpeedsJson from '../../../models/file-speeds.json' with { type: 'json' };
import { DTYPES, SESSIONS } from './catalog';

const ms = v.pipe(v.number(), v.minValue(0));

const FileSpeedSchema = v.object({
  session: v.picklist(SESSIONS),
  dtype: v.picklist(DTYPES),
  /** vision_encoder: one 512 px view. */
  visionMsPerView: v.optional(ms),
  /** embed_tokens: a one-view prompt's tokens. */
  embedMs: v.optional(ms),
  /** decoder: the one-view prompt in one pass; one step at the one-view and at the 17-view split's context. */
  prefillMs: v.optional(ms),
  decodeStepMs: v.optional(ms),
  decodeStepSplitMs: v.optional(ms),
  /** decoder on WASM: the same steps as the engine runs them there, its cache kept between steps (kept-cache/). */
  decodeStepKeptMs: v.optional(ms),
  decodeStepKeptSplitMs: v.optional(ms),
});

const FileSpeedRunSchema = v.object({
  /** The catalog's dtype profile the run stands for; WebGPU runs without shader-f16 list no f16 files. */
  profile: v.picklist(['wasm', 'webgpu', 'webgpu-f16']),
  browser: v.picklist(['chromium', 'firefox']),
  threads: v.pipe(v.number(), v.integer(), v.minValue(1)),
  at: v.string(),
  machine: v.string(),
  /** One-minute load average when the run ended: a busy machine's absolute times are slower, its ratios hold. */
  loadAverage: v.number(),
  runtime: v.string(),
  /** The model measured (a shape-faithful stand-in) and the real model whose files it mirrors. */
  measuredOn: v.string(),
  standsFor: v.string(),
  failed: v.array(v.string()),
  files: v.array(FileSpeedSchema),
});

const FileSpeedTableSchema = v.object({
  schemaVersion: v.literal(1),
  note: v.string(),
  runs: v.array(FileSpeedRunSchema),
});

export type FileSpeed = v.InferOutput<typeof FileSpeedSchema>;
export type FileSpeedRun = v.InferOutput<typeof FileSpeedRunSchema>;
export type FileSpeedTable = v.InferOutput<typeof FileSpeedTableSchema>;

export function parseFileSpeeds(raw: unknown): FileSpeedTable {
  const result = v.safeParse(FileSpeedTableSchema, raw);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const path = issue?.path?.map((p) => String(p.key)).join('.') ?? '';
  throw new Error(`models/file-speeds.json${path ? ` at ${path}` : ''}: ${issue?.message ?? 'invalid'}`);
}

let bundled: FileSpeedTable | undefined;
/** The table shipped with the extension, validated once. */
export function fileSpeeds(): FileSpeedTable {
  bundled ??= parseFileSpeeds(fileSpeedsJson);
  return bundled;
}
