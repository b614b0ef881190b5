/**
 * User settings: one schema, with defaults, shared by the options page, the popup, the panel and the background.
 * Stored in storage.sync so they follow the person across browsers that sync.
 */
import * as v from 'valibot';

export const DEFAULT_MODEL_ID = 'HuggingFaceTB/SmolVLM-256M-Instruct';
export const DEFAULT_MODEL_HOST = 'https://huggingface.co/';
export const DEFAULT_PROMPT = 'Describe this image.';

const httpUrl = v.pipe(
  v.string(),
  v.url(),
  v.check((s) => /^https?:\/\//i.test(s), 'must be an http(s) URL'),
);

const fileName = v.pipe(v.string(), v.regex(/^[a-z0-9]{2,8}$/, 'must be a dtype such as q8'));

export const SettingsSchema = v.object({
  /** Hub id of the SmolVLM variant to run (an entry of models/catalog.json). */
  modelId: v.pipe(v.string(), v.minLength(1)),
  /** auto = WebGPU, then WASM when WebGPU is missing or fails. */
  backend: v.picklist(['auto', 'webgpu', 'wasm']),
  maxNewTokens: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1024)),
  defaultPrompt: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(500)),
  /** Where model files come from: the Hugging Face hub, or a mirror laid out like it. */
  modelHost: httpUrl,
  /** Verdict feed URL; empty means bundled data only. */
  feedUrl: v.union([v.literal(''), httpUrl]),
  /** How often the background checks the feed; conditional requests make an unchanged feed cheap. */
  feedIntervalHours: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(168)),
  /**
   * How long any download (an image, a model file, the feed) may go without receiving a byte before it is given
   * up on. A limit on progress, not on size: a slow but moving download is never cut.
   */
  stallSeconds: v.pipe(v.number(), v.minValue(0.5), v.maxValue(600)),
  /**
   * How long an image or the feed may take to download in all, however steadily the bytes come: a server that
   * trickles a byte just inside the stall limit would otherwise hold the one-at-a-time queue forever. Model files
   * have no such limit (they are large, and resume).
   */
  downloadDeadlineSeconds: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(3600)),
  /**
   * Minutes the model stays loaded with nothing to do; 0 is Automatic (from how long reloading it takes here and
   * how much memory the device has: see inference/measurement/keep-alive).
   */
  keepAliveMinutes: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(240)),
  /**
   * Files chosen by hand, per model id and session (a transformers.js dtype such as 'q8'); a session left out is
   * Automatic: chosen by measured speed (inference/model-files/file-choice). A file the model lacks is ignored.
   */
  modelFiles: v.record(
    v.string(),
    v.object({
      vision_encoder: v.optional(fileName),
      embed_tokens: v.optional(fileName),
      decoder_model_merged: v.optional(fileName),
    }),
  ),
});

export type Settings = v.InferOutput<typeof SettingsSchema>;

export interface SettingsIssue {
  field: keyof Settings;
  message: string;
}

/**
 * Checks a change from the options page field by field, so the page can say which value is wrong and why instead of
 * silently falling back to a default the way `parseSettings` does for stored data.
 */
export function checkSettingsPatch(patch: Partial<Record<keyof Settings, unknown>>): SettingsIssue[] {
  const issues: SettingsIssue[] = [];
  for (const key of Object.keys(patch) as (keyof Settings)[]) {
    const field = SettingsSchema.entries[key];
    if (!field) continue;
    const parsed = v.safeParse(field, patch[key]);
    if (!parsed.success) issues.push({ field: key, message: parsed.issues[0]?.message ?? 'is not valid' });
  }
  return issues;
}

export const DEFAULT_SETTINGS: Settings = {
  modelId: DEFAULT_MODEL_ID,
  backend: 'auto',
  maxNewTokens: 128,
  defaultPrompt: DEFAULT_PROMPT,
  modelHost: DEFAULT_MODEL_HOST,
  feedUrl: '',
  feedIntervalHours: 6,
  stallSeconds: 30,
  downloadDeadlineSeconds: 120,
  keepAliveMinutes: 0,
  modelFiles: {},
};

/**
 * Reads whatever is stored, keeping each valid field and falling back to the default for each invalid or missing
 * one, so one bad value (an older version, a hand edit) never resets everything else.
 */
export function parseSettings(raw: unknown): Settings {
  const stored = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]) {
    const field = SettingsSchema.entries[key];
    const parsed = v.safeParse(field, stored[key]);
    out[key] = parsed.success ? parsed.output : DEFAULT_SETTINGS[key];
  }
  return out as Settings;
}
