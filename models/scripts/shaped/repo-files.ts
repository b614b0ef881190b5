/**
 * The JSON and tokenizer files of a shape-faithful stand-in: the reference model's own files (models/reference),
 * byte for byte where they exist; tokenizer.json is put back together from the hub's vocab.json and merges.txt
 * and the rest of its structure (kept apart to keep 2 MB of repetition out of git). A model with no mirrored
 * files of its own (500M) takes the 256M files with its text_config widths replaced.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readJson, referenceDir } from './shapes.ts';

/** Files transformers.js or a person may read, copied verbatim from the reference. */
const VERBATIM = [
  'config.json',
  'generation_config.json',
  'preprocessor_config.json',
  'processor_config.json',
  'tokenizer_config.json',
  'special_tokens_map.json',
  'added_tokens.json',
  'chat_template.json',
  'vocab.json',
  'merges.txt',
] as const;

interface TokenizerSkeleton {
  model: Record<string, unknown>;
}

/** tokenizer.json with its model's vocab and merges filled back in. */
export function tokenizerJson(dir: string): unknown {
  const skeleton = readJson<TokenizerSkeleton>(join(dir, 'tokenizer.skeleton.json'));
  const vocab = readJson<Record<string, number>>(join(dir, 'vocab.json'));
  const merges = readFileSync(join(dir, 'merges.txt'), 'utf8')
    .split('\n')
    .filter((line, i) => line !== '' && !(i === 0 && line.startsWith('#version')))
    .map((line) => line.split(' '));
  return { ...skeleton, model: { ...skeleton.model, vocab, merges } };
}

export interface RepoSource {
  /** The hub repo whose files the stand-in carries. */
  reference: string;
  /** Where the files come from when the reference has none mirrored here (with its own text_config). */
  filesFrom?: string;
}

export function referenceConfig(source: RepoSource): Record<string, unknown> {
  const config = readJson<Record<string, unknown>>(
    join(referenceDir(source.filesFrom ?? source.reference), 'config.json'),
  );
  if (!source.filesFrom) return config;
  const textConfig = readJson<Record<string, unknown>>(
    join(referenceDir(source.reference), 'text_config.json'),
  );
  return { ...config, text_config: { ...(config.text_config as Record<string, unknown>), ...textConfig } };
}

/** Relative path → bytes of every non-ONNX file of the stand-in's repo. */
export function repoFiles(source: RepoSource): Map<string, Uint8Array> {
  const dir = referenceDir(source.filesFrom ?? source.reference);
  const files = new Map<string, Uint8Array>();
  for (const name of VERBATIM) {
    const path = join(dir, name);
    if (existsSync(path)) files.set(name, readFileSync(path));
  }
  if (source.filesFrom) {
    files.set(
      'config.json',
      new TextEncoder().encode(`${JSON.stringify(referenceConfig(source), null, 2)}\n`),
    );
  }
  files.set('tokenizer.json', new TextEncoder().encode(JSON.stringify(tokenizerJson(dir))));
  return files;
}
