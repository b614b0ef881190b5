/**
 * Which of a model's files the bench measures against each other, per backend (the candidates the file choice
 * picks among), and the shapes their synthetic inputs take. Node-only and browser-free, so the native entry
 * (bench/native.ts) can be bundled alone for a machine that has only node.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CAPACITY_STEP } from '../src/inference/kept-cache/kept-cache-session';
import type { FileTiming, FileWork, WorkSession } from './file-work';

/** A file's timings, from a run just made or from models/file-speeds.json. */
type SessionTiming = Pick<
  FileTiming,
  | 'visionMsPerView'
  | 'embedMs'
  | 'prefillMs'
  | 'decodeStepMs'
  | 'decodeStepSplitMs'
  | 'decodeStepKeptMs'
  | 'decodeStepKeptSplitMs'
>;

/** Where a decoder with step outputs is read from: `kept/` before its path (each side's readModelBytes makes it). */
export const KEPT_PREFIX = 'kept/';

/** The hub's file-name suffix per dtype, as transformers.js names the files. */
const SUFFIX: Record<string, string> = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  q4: '_q4',
  q4f16: '_q4f16',
};

export function filePath(session: WorkSession, dtype: string): string {
  return `onnx/${session}${SUFFIX[dtype] ?? `_${dtype}`}.onnx`;
}

/**
 * The candidates that matter: on the CPU the decoder's 4-bit against its 8-bit file (MatMulNBits against
 * MatMulInteger), the vision encoder's 8-bit, 4-bit and half-precision files, embed tokens' 8-bit and half; on a
 * GPU the 4-bit files with float16 or float32 scales and the half-precision ones.
 */
export const CANDIDATES: Record<'cpu' | 'gpu', Record<WorkSession, string[]>> = {
  cpu: {
    vision_encoder: ['q8', 'q4', 'fp16'],
    embed_tokens: ['q8', 'fp16'],
    decoder_model_merged: ['q4', 'q8'],
  },
  gpu: {
    vision_encoder: ['q4', 'q4f16', 'fp16'],
    embed_tokens: ['fp32', 'fp16'],
    decoder_model_merged: ['q4', 'q4f16', 'fp16'],
  },
};

/** A one-view prompt and the 17-view split's, in tokens, for the bench's question (as the processor counts them). */
export const PROMPT_TOKENS = { oneView: 81, split: 1141 } as const;

export function workShape(modelDir: string): FileWork['shape'] {
  const config = JSON.parse(readFileSync(join(modelDir, 'config.json'), 'utf8')) as {
    text_config: {
      hidden_size: number;
      num_hidden_layers: number;
      num_key_value_heads: number;
      num_attention_heads: number;
      head_dim?: number;
    };
    vision_config: { image_size: number };
  };
  const t = config.text_config;
  return {
    width: t.hidden_size,
    layers: t.num_hidden_layers,
    kvHeads: t.num_key_value_heads,
    headDim: t.head_dim ?? t.hidden_size / t.num_attention_heads,
    imageSize: config.vision_config.image_size,
    promptTokens: PROMPT_TOKENS.oneView,
    splitTokens: PROMPT_TOKENS.split,
  };
}

export function workFor(
  modelDir: string,
  session: WorkSession,
  dtype: string,
  ep: string,
  threads: number,
  repeats: number,
): FileWork {
  return {
    session,
    dtype,
    path: filePath(session, dtype),
    ep,
    threads,
    shape: workShape(modelDir),
    halfCache: dtype === 'fp16' || dtype === 'q4f16',
    repeats,
    // On the CPU the engine keeps the decoder's cache itself (src/inference/kept-cache): time that way too.
    ...(session === 'decoder_model_merged' && ep !== 'webgpu'
      ? { kept: { path: `${KEPT_PREFIX}${filePath(session, dtype)}`, capacityStep: CAPACITY_STEP } }
      : {}),
  };
}

/** The figures a person feels, from one set of files' timings (one per session). */
export interface ComposedFigures {
  visionMsPerView: number;
  prefillTokensPerSecond: number;
  decodeTokensPerSecond: number;
  decodeTokensPerSecondSplit: number;
  /** Sessions only: vision + embed + prefill (a 17-view split: 17 views and a prefill of the split's tokens). */
  firstTokenMs: number;
  firstTokenSplitMs: number;
}

/**
 * How a decode step is counted: as the engine runs it (the kept-cache step where it was measured), or the faster
 * of the two ways (the native peer's best).
 */
export type DecodeWay = 'engine' | 'fastest';

function decodeSteps(decoder: SessionTiming, way: DecodeWay): [number | undefined, number | undefined] {
  const { decodeStepMs: whole, decodeStepSplitMs: wholeSplit } = decoder;
  const { decodeStepKeptMs: kept, decodeStepKeptSplitMs: keptSplit } = decoder;
  if (way === 'engine') return [kept ?? whole, keptSplit ?? wholeSplit];
  const faster = (a?: number, b?: number) => (a === undefined ? b : b === undefined ? a : Math.min(a, b));
  return [faster(whole, kept), faster(wholeSplit, keptSplit)];
}

export function composedFigures(
  vision: SessionTiming,
  embed: SessionTiming,
  decoder: SessionTiming,
  way: DecodeWay = 'engine',
): ComposedFigures | null {
  const { visionMsPerView } = vision;
  const { embedMs } = embed;
  const { prefillMs } = decoder;
  const [decodeStepMs, decodeStepSplitMs] = decodeSteps(decoder, way);
  if (
    visionMsPerView === undefined ||
    embedMs === undefined ||
    prefillMs === undefined ||
    decodeStepMs === undefined ||
    decodeStepSplitMs === undefined
  )
    return null;
  const prefillPerToken = prefillMs / PROMPT_TOKENS.oneView;
  return {
    visionMsPerView,
    prefillTokensPerSecond: 1000 / prefillPerToken,
    decodeTokensPerSecond: 1000 / decodeStepMs,
    decodeTokensPerSecondSplit: 1000 / decodeStepSplitMs,
    firstTokenMs: visionMsPerView + embedMs + prefillMs,
    // The split's prefill is estimated from the one-view rate (a linear lower bound: attention grows with it).
    firstTokenSplitMs:
      17 * visionMsPerView +
      (embedMs * PROMPT_TOKENS.split) / PROMPT_TOKENS.oneView +
      prefillPerToken * PROMPT_TOKENS.split,
  };
}
