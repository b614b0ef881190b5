/**
 * Where a decode step's time goes as the context grows: one step of a decoder file at the one-view and the split's
 * cache length, through onnxruntime-node's profiler on the CPU, with each operator's kernel time per step. It names
 * what to cut for issue 19's long contexts (the key/value heads repeated over the whole cache, the cache copied into
 * the step's outputs, the attention itself). No browser, no network:
 *   npx tsx bench/decoder-profile.ts [--model-dir models/fixtures/verdict-lens/smolvlm-256m-shaped] [--dtype q8]
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { filePath, workShape } from './file-candidates';

interface ProfileEvent {
  cat: string;
  name: string;
  dur: number;
  args?: { op_name?: string };
}

const { values } = parseArgs({
  options: {
    'model-dir': { type: 'string', default: 'models/fixtures/verdict-lens/smolvlm-256m-shaped' },
    dtype: { type: 'string', default: 'q8' },
    threads: { type: 'string', default: '2' },
    steps: { type: 'string', default: '12' },
  },
});
const modelDir = values['model-dir'];
const steps = Number(values.steps);
const shape = workShape(modelDir);
const ort = await import('onnxruntime-node');

/** Kernel milliseconds per step by operator, and the median step, for a cache of `length` tokens. */
async function profileStep(length: number): Promise<{ stepMs: number; byOp: Map<string, number> }> {
  const dir = mkdtempSync(join(tmpdir(), 'decoder-profile-'));
  try {
    const session = await ort.InferenceSession.create(
      join(modelDir, filePath('decoder_model_merged', values.dtype)),
      {
        executionProviders: ['cpu'],
        intraOpNumThreads: Number(values.threads),
        interOpNumThreads: 1,
        enableProfiling: true,
        profileFilePrefix: join(dir, 'step'),
      },
    );
    const small = (n: number) => Float32Array.from({ length: n }, (_, i) => ((i * 7919) % 200) / 1000 - 0.1);
    const cache = small(shape.kvHeads * length * shape.headDim);
    const feeds: Record<string, InstanceType<typeof ort.Tensor>> = {
      inputs_embeds: new ort.Tensor('float32', small(shape.width), [1, 1, shape.width]),
      attention_mask: new ort.Tensor('int64', new BigInt64Array(length + 1).fill(1n), [1, length + 1]),
      position_ids: new ort.Tensor('int64', BigInt64Array.from([BigInt(length)]), [1, 1]),
    };
    for (let layer = 0; layer < shape.layers; layer++)
      for (const kind of ['key', 'value'])
        feeds[`past_key_values.${layer}.${kind}`] = new ort.Tensor('float32', cache, [
          1,
          shape.kvHeads,
          length,
          shape.headDim,
        ]);
    const times: number[] = [];
    for (let i = 0; i <= steps; i++) {
      const started = performance.now();
      await session.run(feeds);
      if (i > 0) times.push(performance.now() - started);
    }
    await (session as unknown as { endProfiling(): Promise<void> | void }).endProfiling();
    await session.release();
    const file = readdirSync(dir).find((f) => f.endsWith('.json'));
    if (!file) throw new Error('onnxruntime wrote no profile');
    const events = JSON.parse(readFileSync(join(dir, file), 'utf8')) as ProfileEvent[];
    const byOp = new Map<string, number>();
    for (const e of events) {
      if (e.cat !== 'Node' || !e.name.endsWith('_kernel_time')) continue;
      const op = e.args?.op_name ?? '?';
      // The warm-up step is profiled too: spread over every step run.
      byOp.set(op, (byOp.get(op) ?? 0) + e.dur / 1000 / (steps + 1));
    }
    times.sort((a, b) => a - b);
    return { stepMs: times[Math.floor(times.length / 2)] ?? Number.NaN, byOp };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const short = await profileStep(shape.promptTokens);
const long = await profileStep(shape.splitTokens);
console.log(
  `decoder ${values.dtype}, ${values.threads} threads: a step ${short.stepMs.toFixed(1)} ms at ${shape.promptTokens} tokens, ` +
    `${long.stepMs.toFixed(1)} ms at ${shape.splitTokens}`,
);
const ops = [...new Set([...short.byOp.keys(), ...long.byOp.keys()])]
  .map((op) => ({ op, short: short.byOp.get(op) ?? 0, long: long.byOp.get(op) ?? 0 }))
  .sort((a, b) => b.long - b.short - (a.long - a.short));
console.log('operator          kernel ms/step, short → long   growth');
for (const { op, short: s, long: l } of ops.slice(0, 12))
  console.log(
    `${op.padEnd(18)}${s.toFixed(2).padStart(8)} → ${l.toFixed(2).padStart(6)}   ${(l - s >= 0 ? '+' : '') + (l - s).toFixed(2)}`,
  );
const kernels = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
const kernelGrowth = kernels(long.byOp) - kernels(short.byOp);
console.log(
  `kernels grow ${kernelGrowth.toFixed(1)} ms of the step's ${(long.stepMs - short.stepMs).toFixed(1)} ms; the rest is ` +
    'outside them (the cache handed in and the outputs handed back, allocation)',
);
