/**
 * The SmolVLM variants the engine can run (models/catalog.json), validated at load: which files each ONNX session
 * needs per dtype, how big they are (and whether that size is exact), and which dtypes each backend uses.
 */
import * as v from 'valibot';
import catalogJson from '../../../models/catalog.json' with { type: 'json' };
import type { Backend } from '../../protocol/messages';

export const SESSIONS = ['vision_encoder', 'embed_tokens', 'decoder_model_merged'] as const;
export type SessionName = (typeof SESSIONS)[number];

/** transformers.js dtype names (q8 is the file suffix `_quantized`). */
export const DTYPES = ['fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4', 'bnb4', 'q4f16'] as const;
export type Dtype = (typeof DTYPES)[number];
/** Dtypes whose kernels need WebGPU's `shader-f16` feature. */
export const F16_DTYPES: ReadonlySet<Dtype> = new Set(['fp16', 'q4f16']);

/** Which dtype set a backend uses: WebGPU with `shader-f16`, WebGPU without it, or WASM. */
export type DtypeProfile = 'webgpu-f16' | 'webgpu' | 'wasm';
export type SessionDtypes = Record<SessionName, Dtype>;

const ModelFileSchema = v.object({
  path: v.pipe(
    v.string(),
    v.regex(/^onnx\/[\w.-]+\.onnx(_data)?$/, 'must be onnx/<name>.onnx or .onnx_data'),
  ),
  bytes: v.pipe(v.number(), v.integer(), v.minValue(1)),
});

const VariantSchema = v.object({
  files: v.pipe(v.array(ModelFileSchema), v.minLength(1)),
  bytesExact: v.boolean(),
  /**
   * Where the size comes from: a hub file listing (rounded), a git-lfs pointer in a public mirror of the hub repo
   * (exact; models/reference), an estimate (no listing of the file was found), or a generated test model (exact).
   */
  source: v.picklist(['hub-listing', 'lfs-pointer', 'estimate', 'fixture']),
});

const SessionVariantsSchema = v.record(v.picklist(DTYPES), VariantSchema);
const SessionDtypesSchema = v.object({
  vision_encoder: v.picklist(DTYPES),
  embed_tokens: v.picklist(DTYPES),
  decoder_model_merged: v.picklist(DTYPES),
});

const ModelEntrySchema = v.pipe(
  v.object({
    id: v.pipe(v.string(), v.regex(/^[\w.-]+\/[\w.-]+$/, 'must be <org>/<name>')),
    label: v.pipe(v.string(), v.minLength(1)),
    parameters: v.string(),
    /** Test models load through the same code but are never offered to people. */
    testOnly: v.boolean(),
    revision: v.pipe(v.string(), v.minLength(1)),
    /** False when `revision` is a branch name because no commit id could be found; see revisionSource. */
    revisionPinned: v.boolean(),
    revisionSource: v.string(),
    minDeviceMemoryGb: v.pipe(v.number(), v.minValue(0)),
    /** What couldn't be verified about this model's files or revision, and what was chosen instead. */
    note: v.optional(v.string()),
    sessions: v.object({
      vision_encoder: SessionVariantsSchema,
      embed_tokens: SessionVariantsSchema,
      decoder_model_merged: SessionVariantsSchema,
    }),
    dtypes: v.object({
      'webgpu-f16': SessionDtypesSchema,
      webgpu: SessionDtypesSchema,
      wasm: SessionDtypesSchema,
    }),
  }),
  v.check(
    (m) => !m.revisionPinned || /^[0-9a-f]{40}$/.test(m.revision),
    'a pinned revision must be a 40-character commit id',
  ),
  v.check(
    (m) =>
      (Object.keys(m.dtypes) as DtypeProfile[]).every((profile) =>
        SESSIONS.every((s) => m.sessions[s][m.dtypes[profile][s]] !== undefined),
      ),
    'every dtype chosen for a backend must list its files under sessions',
  ),
  v.check(
    (m) => SESSIONS.every((s) => !F16_DTYPES.has(m.dtypes.webgpu[s]) && !F16_DTYPES.has(m.dtypes.wasm[s])),
    'only the webgpu-f16 profile may use f16 dtypes',
  ),
);

const CatalogSchema = v.pipe(
  v.object({
    schemaVersion: v.literal(1),
    sizeNote: v.string(),
    models: v.pipe(v.array(ModelEntrySchema), v.minLength(1)),
  }),
  v.check((c) => new Set(c.models.map((m) => m.id)).size === c.models.length, 'model ids must be unique'),
);

export type Catalog = v.InferOutput<typeof CatalogSchema>;
export type CatalogModel = Catalog['models'][number];

export function parseCatalog(raw: unknown): Catalog {
  const result = v.safeParse(CatalogSchema, raw);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const path = issue?.path?.map((p) => String(p.key)).join('.') ?? '';
  throw new Error(`models/catalog.json${path ? ` at ${path}` : ''}: ${issue?.message ?? 'invalid'}`);
}

let bundled: Catalog | undefined;
/** The catalog shipped with the extension, validated once. */
export function modelCatalog(): Catalog {
  bundled ??= parseCatalog(catalogJson);
  return bundled;
}

export function findModel(catalog: Catalog, id: string): CatalogModel | undefined {
  return catalog.models.find((m) => m.id === id);
}

/** The models a person may choose; test models are left out. */
export function userModels(catalog: Catalog): CatalogModel[] {
  return catalog.models.filter((m) => !m.testOnly);
}

export function dtypeProfile(backend: Backend, shaderF16: boolean): DtypeProfile {
  if (backend === 'wasm') return 'wasm';
  return shaderF16 ? 'webgpu-f16' : 'webgpu';
}

export interface DownloadPlan {
  files: { path: string; bytes: number }[];
  totalBytes: number;
  /** False when any size is rounded or estimated: say "about" in the UI. */
  exact: boolean;
}

export function downloadPlan(model: CatalogModel, dtypes: SessionDtypes): DownloadPlan {
  const variants = SESSIONS.map((s) => model.sessions[s][dtypes[s]]).filter((x) => x !== undefined);
  const files = variants.flatMap((variant) => variant.files);
  return {
    files,
    totalBytes: files.reduce((sum, f) => sum + f.bytes, 0),
    exact: variants.length === SESSIONS.length && variants.every((variant) => variant.bytesExact),
  };
}
