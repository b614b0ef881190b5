/**
 * Writes the shape-faithful SmolVLM stand-ins (models/README.md) as hub-style repos under models/fixtures:
 * the reference model's JSON and tokenizer files, and ONNX sessions with the real names, shapes, layer counts,
 * widths and per-dtype quantisation, with pseudo-random weights. Deterministic: the same sources always give
 * byte-identical files. Only the dtypes asked for are written, and a file already written by the same generator
 * is left alone, so tests pay for generation once.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { findModel, modelCatalog } from '../../../src/inference/model-files/catalog.ts';
import { chooseFiles } from '../../../src/inference/model-files/file-choice.ts';
import catalogJson from '../../catalog.json' with { type: 'json' };
import type { Precision } from '../onnx/layers.ts';
import { buildShapedDecoder } from './decoder-graph.ts';
import { buildShapedEmbedTokens } from './embed-graph.ts';
import { type RepoSource, referenceConfig, repoFiles } from './repo-files.ts';
import { type ModelShape, readJson, referenceDir, shapeFromConfig } from './shapes.ts';
import { buildShapedVisionEncoder } from './vision-graph.ts';

export const FIXTURES_ROOT = resolve(import.meta.dirname, '../../fixtures');
const STAMP = '.verdict-lens-generated.json';

export const SHAPED_SESSIONS = ['vision_encoder', 'embed_tokens', 'decoder_model_merged'] as const;
export type ShapedSession = (typeof SHAPED_SESSIONS)[number];
export const SHAPED_DTYPES = ['fp32', 'fp16', 'q8', 'q4', 'q4f16'] as const;
export type ShapedDtype = (typeof SHAPED_DTYPES)[number];
export const PROFILES = ['webgpu-f16', 'webgpu', 'wasm'] as const;
export type Profile = (typeof PROFILES)[number];

/** transformers.js file-name suffix per dtype. */
export const DTYPE_SUFFIX: Record<ShapedDtype, string> = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  q4: '_q4',
  q4f16: '_q4f16',
};

export interface ShapedModel {
  key: string;
  id: string;
  source: RepoSource;
  seed: number;
}

export const SHAPED_MODELS = {
  '256m': {
    key: '256m',
    id: 'verdict-lens/smolvlm-256m-shaped',
    source: { reference: 'HuggingFaceTB/SmolVLM-256M-Instruct' },
    seed: 256,
  },
  '500m': {
    key: '500m',
    id: 'verdict-lens/smolvlm-500m-shaped',
    source: {
      reference: 'HuggingFaceTB/SmolVLM-500M-Instruct',
      filesFrom: 'HuggingFaceTB/SmolVLM-256M-Instruct',
    },
    seed: 500,
  },
} as const satisfies Record<string, ShapedModel>;
export type ShapedKey = keyof typeof SHAPED_MODELS;

export function shapedDir(model: ShapedModel): string {
  return join(FIXTURES_ROOT, model.id);
}

export function onnxPath(session: ShapedSession, dtype: ShapedDtype): string {
  return `onnx/${session}${DTYPE_SUFFIX[dtype]}.onnx`;
}

export function modelShape(model: ShapedModel): ModelShape {
  const processor = readJson<{ image_seq_len: number }>(
    join(referenceDir(model.source.filesFrom ?? model.source.reference), 'processor_config.json'),
  );
  return shapeFromConfig(referenceConfig(model.source) as never, processor.image_seq_len);
}

/** Tokens whose logits the decoder holds down: every end-of-sequence id and the chat's end-of-turn tokens. */
function heldDownTokens(model: ShapedModel): number[] {
  const dir = referenceDir(model.source.filesFrom ?? model.source.reference);
  const generation = readJson<{ eos_token_id: number | number[] }>(join(dir, 'generation_config.json'));
  const added = readJson<Record<string, number>>(join(dir, 'added_tokens.json'));
  const ids = new Set([generation.eos_token_id].flat());
  for (const token of ['<|endoftext|>', '<|im_end|>', '<end_of_utterance>']) {
    const id = added[token];
    if (id !== undefined) ids.add(id);
  }
  return [...ids].sort((a, b) => a - b);
}

/** embed_tokens has no 4-bit form on the hub: its q4 file is the float32 table, q4f16 the float16 one. */
function precisionFor(session: ShapedSession, dtype: ShapedDtype): Precision {
  if (session === 'embed_tokens' && dtype === 'q4') return 'fp32';
  if (session === 'embed_tokens' && dtype === 'q4f16') return 'fp16';
  return dtype;
}

export function buildSession(model: ShapedModel, session: ShapedSession, dtype: ShapedDtype): Uint8Array {
  const shape = modelShape(model);
  const precision = precisionFor(session, dtype);
  const seed = model.seed * 10 + SHAPED_SESSIONS.indexOf(session);
  switch (session) {
    case 'vision_encoder':
      return buildShapedVisionEncoder(shape, precision, seed);
    case 'embed_tokens':
      return buildShapedEmbedTokens(shape, precision, seed);
    case 'decoder_model_merged':
      return buildShapedDecoder(shape, precision, seed, heldDownTokens(model));
  }
}

export interface Selection {
  profiles?: readonly Profile[];
  /** Every session in these dtypes, on top of the profiles'. */
  dtypes?: readonly ShapedDtype[];
}

interface CatalogEntry {
  id: string;
  dtypes: Record<Profile, Record<ShapedSession, ShapedDtype>>;
  sessions: Record<ShapedSession, Partial<Record<ShapedDtype, { files: { path: string; bytes: number }[] }>>>;
}

function catalogEntry(model: ShapedModel): CatalogEntry {
  const entry = (catalogJson.models as unknown as CatalogEntry[]).find((m) => m.id === model.id);
  if (!entry) throw new Error(`${model.id} is missing from models/catalog.json`);
  return entry;
}

/** The size models/catalog.json promises for a file (the download bar's total), if it lists it. */
export function catalogBytes(
  model: ShapedModel,
  session: ShapedSession,
  dtype: ShapedDtype,
): number | undefined {
  return catalogEntry(model).sessions[session][dtype]?.files.find((f) => f.path === onnxPath(session, dtype))
    ?.bytes;
}

/**
 * The dtype sets a profile may load: the catalog's default and what the file choice picks by measured speed in
 * each browser (the engine loads the latter, so a test on a clean clone must find its files).
 */
function profileDtypes(
  model: ShapedModel,
  profile: Profile,
  entry: CatalogEntry,
): Record<ShapedSession, ShapedDtype>[] {
  const catalogModel = findModel(modelCatalog(), model.id);
  if (!catalogModel) return [entry.dtypes[profile]];
  const device = {
    backend: profile === 'wasm' ? 'wasm' : 'webgpu',
    shaderF16: profile === 'webgpu-f16',
  } as const;
  const chosen = (['chromium', 'firefox'] as const).map(
    (browser) =>
      chooseFiles(catalogModel, { ...device, browser }).dtypes as Record<ShapedSession, ShapedDtype>,
  );
  return [entry.dtypes[profile], ...chosen];
}

/** The (session, dtype) files a selection needs; with no selection, every profile of the model's catalog entry. */
export function selectedFiles(
  model: ShapedModel,
  selection: Selection = {},
): { session: ShapedSession; dtype: ShapedDtype }[] {
  const entry = catalogEntry(model);
  const profiles = selection.profiles ?? (selection.dtypes ? [] : PROFILES);
  const pairs = new Map<string, { session: ShapedSession; dtype: ShapedDtype }>();
  for (const profile of profiles) {
    for (const dtypes of profileDtypes(model, profile, entry)) {
      for (const session of SHAPED_SESSIONS) {
        const dtype = dtypes[session];
        pairs.set(onnxPath(session, dtype), { session, dtype });
      }
    }
  }
  for (const dtype of selection.dtypes ?? []) {
    for (const session of SHAPED_SESSIONS) pairs.set(onnxPath(session, dtype), { session, dtype });
  }
  return [...pairs.values()];
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name))
    .sort();
}

/** A hash of everything the output depends on: the generator's sources and the reference files. */
export function generatorFingerprint(model: ShapedModel): string {
  const hash = createHash('sha256');
  const scripts = resolve(import.meta.dirname, '..');
  const sources = [
    ...listFiles(join(scripts, 'onnx')),
    ...listFiles(join(scripts, 'shaped')),
    ...listFiles(referenceDir(model.source.reference)),
    ...(model.source.filesFrom ? listFiles(referenceDir(model.source.filesFrom)) : []),
  ];
  for (const file of sources) hash.update(file).update(readFileSync(file));
  return hash.digest('hex');
}

function writeAtomically(target: string, bytes: Uint8Array): void {
  mkdirSync(dirname(target), { recursive: true });
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, bytes);
  renameSync(temporary, target);
}

interface Stamp {
  fingerprint: string;
  files: Record<string, number>;
}

/**
 * Brings the stand-in's repo up to date for `selection`: writes any file that is missing, of another size than
 * this generator wrote, or from another version of the generator. Returns the paths written.
 */
export function ensureShaped(model: ShapedModel, selection: Selection = {}): string[] {
  const dir = shapedDir(model);
  const fingerprint = generatorFingerprint(model);
  const stampPath = join(dir, STAMP);
  const previous: Stamp = existsSync(stampPath) ? readJson<Stamp>(stampPath) : { fingerprint, files: {} };
  const stamp: Stamp = previous.fingerprint === fingerprint ? previous : { fingerprint, files: {} };
  const written: string[] = [];
  const mismatches: string[] = [];
  for (const [path, bytes] of repoFiles(model.source)) {
    const target = join(dir, path);
    if (existsSync(target) && Buffer.compare(readFileSync(target), bytes) === 0) continue;
    writeAtomically(target, bytes);
    written.push(path);
  }
  for (const { session, dtype } of selectedFiles(model, selection)) {
    const path = onnxPath(session, dtype);
    const target = join(dir, path);
    if (stamp.files[path] !== undefined && existsSync(target) && statSync(target).size === stamp.files[path])
      continue;
    const bytes = buildSession(model, session, dtype);
    writeAtomically(target, bytes);
    stamp.files[path] = bytes.length;
    written.push(path);
    const promised = catalogBytes(model, session, dtype);
    if (promised !== undefined && promised !== bytes.length)
      mismatches.push(`${path}: ${bytes.length} (catalog: ${promised})`);
  }
  writeAtomically(stampPath, new TextEncoder().encode(`${JSON.stringify(stamp, null, 2)}\n`));
  if (mismatches.length) {
    // The catalog's sizes are the download bar's totals: they must be the files' exact sizes.
    throw new Error(`models/catalog.json's sizes for ${model.id} are out of date: ${mismatches.join('; ')}`);
  }
  return written;
}
