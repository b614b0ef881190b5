/**
 * The Performance view's "measured on this device" rows: per model and backend, the speeds the image detail and
 * Automatic's backend are chosen from (medians of recent answers on the newest device seen), and what Automatic
 * makes of them. Pure: the view renders it.
 */
import { orderBySpeed, typicalAnswerMs } from '../inference/backend/by-speed';
import { type MeasuredSpeed, speedOn } from '../inference/backend/measured-speed';
import type { Backend } from '../protocol/messages';
import { type RequestRecord, speedSamples } from './request-log';

export interface SpeedRow {
  modelId: string;
  backend: Backend;
  speed: MeasuredSpeed;
  /** A typical answer (one view, 100 prompt tokens, 24 answer tokens), from the speeds. */
  typicalMs: number | null;
}

export interface SpeedSummary {
  deviceKey: string | null;
  rows: SpeedRow[];
  /** Per model: what Automatic puts first and why (null until both backends are measured). */
  automatic: { modelId: string; backend: Backend; reason: string }[];
}

export function summarizeSpeeds(log: readonly RequestRecord[]): SpeedSummary {
  const samples = speedSamples(log);
  const deviceKey = samples.at(-1)?.deviceKey ?? null;
  if (!deviceKey) return { deviceKey: null, rows: [], automatic: [] };
  const rows: SpeedRow[] = [];
  const models = [...new Set(samples.filter((s) => s.deviceKey === deviceKey).map((s) => s.modelId))];
  const automatic: SpeedSummary['automatic'] = [];
  for (const modelId of models) {
    const speeds: Record<Backend, MeasuredSpeed | null> = { webgpu: null, wasm: null };
    for (const backend of ['webgpu', 'wasm'] as const) {
      const speed = speedOn(samples, { deviceKey, modelId, backend });
      speeds[backend] = speed;
      if (speed) rows.push({ modelId, backend, speed, typicalMs: typicalAnswerMs(speed) });
    }
    if (speeds.webgpu && speeds.wasm) {
      const plan = orderBySpeed({ order: ['webgpu', 'wasm'], reason: null, error: null }, speeds);
      const first = plan.order[0];
      if (first && plan.reason && !plan.reason.startsWith('Measuring')) {
        automatic.push({ modelId, backend: first, reason: plan.reason });
      }
    }
  }
  return { deviceKey, rows, automatic };
}
