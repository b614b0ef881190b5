/**
 * Which backend to try, and what to do when it fails: WebGPU first, WASM when there is no adapter, when WebGPU
 * session creation fails, or when the person forces it. Every fallback carries a reason the UI shows: a sentence a
 * person understands, never the browser's or the runtime's own words (those go to the console).
 */
import type { GpuAbsence } from '../../device/gpu-probe';
import { type UserError, userError } from '../../protocol/errors';
import type { Backend, BackendPolicy } from '../../protocol/messages';
import { isOutOfMemory } from '../load-errors';
import { backendName } from './name';

export interface BackendPlan {
  /** Backends to try, in order; empty when the policy can't be met (see error). */
  order: Backend[];
  /** Why WebGPU isn't first, when it isn't. */
  reason: string | null;
  error: UserError | null;
}

/** Why there is no WebGPU adapter: device/gpu-probe's reading. */
export type { GpuAbsence };

export interface GpuProbe {
  /** navigator.gpu.requestAdapter() gave an adapter. */
  adapter: boolean;
  /** Why not, when there is none. */
  absence?: GpuAbsence;
}

export function planBackends(policy: BackendPolicy, gpu: GpuProbe): BackendPlan {
  if (policy === 'wasm') return { order: ['wasm'], reason: 'WASM was chosen in settings.', error: null };
  if (gpu.adapter)
    return { order: policy === 'webgpu' ? ['webgpu'] : ['webgpu', 'wasm'], reason: null, error: null };
  if (policy === 'webgpu') return { order: [], reason: null, error: webgpuUnavailable(gpu.absence) };
  return {
    order: ['wasm'],
    reason: `${NO_ADAPTER[gpu.absence ?? 'no-adapter']}; running on the CPU with WASM.`,
    error: null,
  };
}

const NO_ADAPTER: Record<GpuAbsence, string> = {
  'no-webgpu': "This browser doesn't offer WebGPU",
  'no-adapter': 'No WebGPU adapter',
  'adapter-failed': "WebGPU couldn't reach the graphics card",
};

const UNAVAILABLE_BECAUSE: Record<GpuAbsence, string> = {
  'no-webgpu': '',
  'no-adapter': ': it found no graphics adapter',
  'adapter-failed': ": it couldn't reach the graphics card",
};

export function webgpuUnavailable(absence?: GpuAbsence): UserError {
  return userError(
    'webgpu-unavailable',
    `WebGPU isn't available in this browser${absence ? UNAVAILABLE_BECAUSE[absence] : ''}.`,
    'Choose "Automatic" or "WASM" as the backend in Options, or turn on WebGPU in your browser.',
  );
}

export interface FallbackDecision {
  next: Backend | null;
  reason: string | null;
}

/**
 * After `failed` couldn't create its sessions (the runtime said `message`): the next backend in the plan, and why we
 * moved on, in words chosen by what kind of failure it was.
 */
export function fallbackAfter(plan: BackendPlan, failed: Backend, message: string): FallbackDecision {
  const index = plan.order.indexOf(failed);
  const next = index >= 0 ? (plan.order[index + 1] ?? null) : null;
  if (next === null) return { next: null, reason: null };
  const what = isOutOfMemory(message)
    ? `${backendName(failed)} ran out of memory for this model`
    : failed === 'webgpu' && DEVICE_LOST.test(message)
      ? 'The graphics device was lost while the model started on WebGPU'
      : `${backendName(failed)} couldn't start the model`;
  return { next, reason: `${what}; using ${backendName(next)} instead.` };
}

/** What onnxruntime and the browser say when the WebGPU device goes away (a driver reset, the GPU reclaimed). */
const DEVICE_LOST = /device (was |is )?lost|lost the device|device ?lost/i;
