/**
 * The bench's peer: the same model files and inputs as the browser's file-speed figures (bench/file-work.ts),
 * through onnxruntime-node on this machine: its CPU execution provider with the browser's thread count, and its
 * WebGPU execution provider where Dawn finds a GPU adapter ("no adapter" where it finds none).
 *
 * No browser, no network, no playwright: it runs from a copied tree once `npm ci` has run, and bundles alone for a
 * machine with only node:
 *   npx esbuild bench/native.ts --bundle --platform=node --format=esm --outfile=native.mjs \
 *     --external:onnxruntime-node --external:sharp
 *   node native.mjs --model-dir models/fixtures/verdict-lens/smolvlm-256m-shaped --threads 2
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { withStepOutputs } from '../src/inference/kept-cache/step-outputs';
import { CANDIDATES, KEPT_PREFIX, workFor } from './file-candidates';
import { type FileTiming, timeFile, type WorkSession } from './file-work';

export interface NativeRun {
  runtime: string;
  threads: number;
  machine: string;
  loadAverage: number;
  cpu: FileTiming[];
  /** null with the reason when the WebGPU provider has no adapter or isn't in this build. */
  webgpu: FileTiming[] | { unavailable: string };
}

const SESSIONS: WorkSession[] = ['vision_encoder', 'embed_tokens', 'decoder_model_merged'];

export function machineName(): string {
  return `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${availableParallelism()} cores`;
}

async function useNativeRuntime(modelDir: string): Promise<string> {
  const ort = await import('onnxruntime-node');
  const g = globalThis as unknown as { ort: unknown; readModelBytes: (path: string) => Promise<Uint8Array> };
  g.ort = ort;
  g.readModelBytes = async (path) => {
    if (!path.startsWith(KEPT_PREFIX)) return new Uint8Array(readFileSync(join(modelDir, path)));
    const bytes = new Uint8Array(readFileSync(join(modelDir, path.slice(KEPT_PREFIX.length))));
    return withStepOutputs(bytes)?.bytes ?? bytes;
  };
  return `onnxruntime-node ${(ort.env as { versions?: { common?: string } }).versions?.common ?? ''}`.trim();
}

/** What onnxruntime says when its WebGPU provider finds no adapter, or when the build has no such provider. */
function gpuUnavailable(error: string): string | null {
  if (/adapter/i.test(error)) return 'no adapter';
  if (/not (supported|found|available|registered)|unknown.*provider|backend/i.test(error))
    return `no WebGPU provider in this build (${error.slice(0, 120)})`;
  return null;
}

export async function benchNative(
  modelDir: string,
  threads: number,
  repeats: number,
  log: (line: string) => void = () => {},
  sessions: readonly WorkSession[] = SESSIONS,
): Promise<NativeRun> {
  const runtime = await useNativeRuntime(modelDir);
  const cpu: FileTiming[] = [];
  for (const session of sessions) {
    for (const dtype of CANDIDATES.cpu[session]) {
      log(`native: ${session} ${dtype} on the CPU, ${threads} threads…`);
      cpu.push(await timeFile(workFor(modelDir, session, dtype, 'cpu', threads, repeats)));
    }
  }
  let webgpu: NativeRun['webgpu'] = [];
  for (const session of sessions) {
    for (const dtype of CANDIDATES.gpu[session]) {
      log(`native: ${session} ${dtype} on WebGPU…`);
      const timing = await timeFile(workFor(modelDir, session, dtype, 'webgpu', threads, repeats));
      const unavailable = timing.error ? gpuUnavailable(timing.error) : null;
      if (unavailable) {
        webgpu = { unavailable };
        break;
      }
      webgpu.push(timing);
    }
    if (!Array.isArray(webgpu)) break;
  }
  return { runtime, threads, machine: machineName(), loadAverage: loadavg()[0] ?? 0, cpu, webgpu };
}

const directly = process.argv[1]?.endsWith('native.ts') || process.argv[1]?.endsWith('native.mjs');
if (directly) {
  const { values } = parseArgs({
    options: {
      'model-dir': { type: 'string', default: 'models/fixtures/verdict-lens/smolvlm-256m-shaped' },
      threads: { type: 'string', default: String(availableParallelism()) },
      repeats: { type: 'string', default: '3' },
      out: { type: 'string' },
      sessions: { type: 'string', default: SESSIONS.join(',') },
    },
  });
  const run = await benchNative(
    values['model-dir'] as string,
    Number(values.threads),
    Number(values.repeats),
    (line) => console.error(line),
    (values.sessions as string).split(',') as WorkSession[],
  );
  const text = `${JSON.stringify(run, null, 2)}\n`;
  if (values.out) writeFileSync(values.out, text);
  else console.log(text);
}
