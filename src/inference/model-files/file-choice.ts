/**
 * Which file each session loads (vision encoder, embed tokens, decoder), chosen by measured speed the way Automatic
 * chooses the backend: onnxruntime-web's WASM runs the 4-bit decoder (MatMulNBits) many times slower than the
 * 8-bit one (MatMulInteger), so the smallest file is not the fastest. The bench's table (models/file-speeds.json,
 * per backend, browser and thread count) sets the first choice; what this device measured itself, among files it
 * already has, overrides the table; a choice made in Options overrides both. The one function the engine, the
 * download sizes and Options call, so the files a person is told about are the files that load.
 */
import type { Backend } from '../../protocol/messages';
import {
  type CatalogModel,
  DTYPES,
  type Dtype,
  F16_DTYPES,
  SESSIONS,
  type SessionDtypes,
  type SessionName,
} from './catalog';
import { type FileSpeed, type FileSpeedRun, type FileSpeedTable, fileSpeeds } from './file-speeds';

export type BrowserKind = 'chromium' | 'firefox';

export interface FileChoiceDevice {
  backend: Backend;
  shaderF16: boolean;
  /** Unknown before the device is seen: the nearest measured run is used. */
  browser?: BrowserKind;
  /** WASM threads the engine runs with. */
  threads?: number;
}

/** This device's own cost per session and dtype (same units as fileCost), for files it has run. */
export type MeasuredFileCosts = Partial<Record<SessionName, Record<string, number>>>;

export interface FileChoiceInput {
  /**
   * The person's choice in Options, per session (settings are checked loosely: a dtype this model has no file
   * for, or the backend can't run, is ignored); Automatic leaves a session out.
   */
  override?: Partial<Record<SessionName, string>>;
  measured?: MeasuredFileCosts;
}

export interface FileChoice {
  dtypes: SessionDtypes;
  /** Why a session's file isn't the catalog's default for this backend, in words; empty when none changed. */
  reasons: string[];
  /** The bench run the first choice came from, or null when the table has none for this backend. */
  run: FileSpeedRun | null;
}

/** A typical answer's cost: one view, a one-view prompt read once, and 24 answer tokens. */
const ANSWER_TOKENS = 24;
/**
 * Another file must be this much faster than the catalog's default to replace it, and save at least this much of a
 * typical answer: noise, or a few milliseconds nobody notices, is no reason to download another file.
 */
const MARGIN = 0.9;
const MIN_SAVING_MS = 50;

export function fileCost(
  speed: Partial<
    Pick<FileSpeed, 'visionMsPerView' | 'embedMs' | 'prefillMs' | 'decodeStepMs' | 'decodeStepKeptMs'>
  >,
): number {
  if (speed.visionMsPerView !== undefined) return speed.visionMsPerView;
  if (speed.embedMs !== undefined) return speed.embedMs;
  // A step as the engine runs it where the bench measured that (the kept cache on WASM).
  const step = speed.decodeStepKeptMs ?? speed.decodeStepMs;
  if (speed.prefillMs !== undefined && step !== undefined) return speed.prefillMs + ANSWER_TOKENS * step;
  return Number.POSITIVE_INFINITY;
}

const DTYPE_WORDS: Record<Dtype, string> = {
  fp32: 'full-precision',
  fp16: 'half-precision',
  q8: '8-bit',
  int8: '8-bit',
  uint8: '8-bit',
  q4: '4-bit',
  bnb4: '4-bit',
  q4f16: '4-bit half-precision',
};
const SESSION_WORDS: Record<SessionName, string> = {
  vision_encoder: 'image encoder',
  embed_tokens: 'token embeddings',
  decoder_model_merged: 'decoder',
};

function profileOf(device: FileChoiceDevice): FileSpeedRun['profile'] {
  if (device.backend === 'wasm') return 'wasm';
  return device.shaderF16 ? 'webgpu-f16' : 'webgpu';
}

/** The bench run closest to this device: same backend profile, then same browser, then nearest thread count. */
export function nearestRun(table: FileSpeedTable, device: FileChoiceDevice): FileSpeedRun | null {
  const profile = profileOf(device);
  // A WebGPU device with shader-f16 can run the files measured without it too.
  const fits = table.runs.filter(
    (r) => r.profile === profile || (profile === 'webgpu-f16' && r.profile === 'webgpu'),
  );
  const score = (r: FileSpeedRun) =>
    (r.profile === profile ? 0 : 1000) +
    (device.browser && r.browser !== device.browser ? 100 : 0) +
    Math.abs(r.threads - (device.threads ?? r.threads));
  return [...fits].sort((a, b) => score(a) - score(b))[0] ?? null;
}

function usable(
  model: CatalogModel,
  device: FileChoiceDevice,
  session: SessionName,
  dtype: string,
): dtype is Dtype {
  if (!(DTYPES as readonly string[]).includes(dtype)) return false;
  if (model.sessions[session][dtype as Dtype] === undefined) return false;
  // f16 weights need shader-f16 on WebGPU; on the CPU onnxruntime computes them through casts.
  return !(device.backend === 'webgpu' && !device.shaderF16 && F16_DTYPES.has(dtype as Dtype));
}

function browserWords(run: FileSpeedRun): string {
  const browser = run.browser === 'firefox' ? 'Firefox' : 'Chromium';
  return run.profile === 'wasm' ? `${browser}, ${run.threads} thread${run.threads > 1 ? 's' : ''}` : browser;
}

function reasonFor(
  session: SessionName,
  chosen: Dtype,
  instead: Dtype,
  times: number,
  device: FileChoiceDevice,
  source: 'device' | FileSpeedRun,
  /** The bench measured another model of the family: its kernels, and so its ratios, are the same. */
  sameFamily: boolean,
): string {
  const where = device.backend === 'wasm' ? 'on this processor' : 'on this graphics card';
  const measured =
    source === 'device'
      ? 'measured'
      : `as measured by the bench (${browserWords(source)}${sameFamily ? `, on ${source.standsFor.split('/').pop()}` : ''})`;
  const factor = times >= 10 ? times.toFixed(0) : times.toFixed(1);
  return `The ${DTYPE_WORDS[chosen]} ${SESSION_WORDS[session]}: about ${factor}× faster than the ${DTYPE_WORDS[instead]} one ${source === 'device' ? where : 'in this browser'}, ${measured}.`;
}

export function chooseFiles(
  model: CatalogModel,
  device: FileChoiceDevice,
  table: FileSpeedTable = fileSpeeds(),
  input: FileChoiceInput = {},
): FileChoice {
  const defaults = model.dtypes[profileOf(device)];
  const run = nearestRun(table, device);
  const dtypes = { ...defaults };
  const reasons: string[] = [];
  for (const session of SESSIONS) {
    const chosen = input.override?.[session];
    if (chosen && usable(model, device, session, chosen)) {
      dtypes[session] = chosen;
      if (chosen !== defaults[session])
        reasons.push(`The ${DTYPE_WORDS[chosen]} ${SESSION_WORDS[session]}: chosen in Options.`);
      continue;
    }
    const own = Object.entries(input.measured?.[session] ?? {}).filter(([dtype]) =>
      usable(model, device, session, dtype),
    ) as [Dtype, number][];
    // The device's own figures decide once it has run two of the files; until then the bench's table does.
    const costs: [Dtype, number][] =
      own.length >= 2
        ? own
        : (run?.files ?? [])
            .filter((f) => f.session === session && usable(model, device, session, f.dtype))
            .map((f) => [f.dtype, fileCost(f)]);
    const source = own.length >= 2 ? 'device' : run;
    const finite = costs.filter(([, cost]) => Number.isFinite(cost)).sort((a, b) => a[1] - b[1]);
    const best = finite[0];
    if (!best || !source || best[0] === defaults[session]) continue;
    const current = finite.find(([dtype]) => dtype === defaults[session]);
    // A default the run didn't measure stays: there is nothing to compare it with.
    if (!current || best[1] > current[1] * MARGIN || current[1] - best[1] < MIN_SAVING_MS) continue;
    dtypes[session] = best[0];
    const other = source !== 'device' && model.id !== source.standsFor && model.id !== source.measuredOn;
    reasons.push(reasonFor(session, best[0], defaults[session], current[1] / best[1], device, source, other));
  }
  return { dtypes, reasons, run };
}

/** The files a backend loads for this model: chooseFiles' dtypes (the bench's table, the device, Options). */
export function dtypesFor(
  model: CatalogModel,
  backend: Backend,
  shaderF16: boolean,
  context: Omit<FileChoiceDevice, 'backend' | 'shaderF16'> & FileChoiceInput = {},
): SessionDtypes {
  const { browser, threads, override, measured } = context;
  return chooseFiles(
    model,
    { backend, shaderF16, ...(browser ? { browser } : {}), ...(threads ? { threads } : {}) },
    fileSpeeds(),
    { ...(override ? { override } : {}), ...(measured ? { measured } : {}) },
  ).dtypes;
}
