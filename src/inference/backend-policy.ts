/**
 * Which backend to try, and what to do when it fails: WebGPU first, WASM when there is no adapter, when WebGPU
 * session creation fails, or when the person forces it. Every fallback carries a reason the UI shows.
 */
import { type UserError, userError } from '../protocol/errors';
import type { Backend, BackendPolicy } from '../protocol/messages';

export interface BackendPlan {
  /** Backends to try, in order; empty when the policy can't be met (see error). */
  order: Backend[];
  /** Why WebGPU isn't first, when it isn't. */
  reason: string | null;
  error: UserError | null;
}

export interface GpuProbe {
  /** navigator.gpu.requestAdapter() gave an adapter. */
  adapter: boolean;
  /** Why not, when there is none (e.g. 'navigator.gpu is missing'). */
  detail?: string;
}

export function planBackends(policy: BackendPolicy, gpu: GpuProbe): BackendPlan {
  if (policy === 'wasm') return { order: ['wasm'], reason: 'WASM was chosen in settings.', error: null };
  if (gpu.adapter)
    return { order: policy === 'webgpu' ? ['webgpu'] : ['webgpu', 'wasm'], reason: null, error: null };
  if (policy === 'webgpu') {
    return {
      order: [],
      reason: null,
      error: webgpuUnavailable(gpu.detail),
    };
  }
  return {
    order: ['wasm'],
    reason: `No WebGPU adapter${gpu.detail ? ` (${gpu.detail})` : ''}; running on the CPU with WASM.`,
    error: null,
  };
}

export function webgpuUnavailable(detail?: string): UserError {
  return userError(
    'webgpu-unavailable',
    `WebGPU isn't available in this browser${detail ? ` (${detail})` : ''}.`,
    'Choose "Automatic" or "WASM" as the backend in Options, or turn on WebGPU in your browser.',
  );
}

export interface FallbackDecision {
  next: Backend | null;
  reason: string | null;
}

/** After `failed` couldn't create its sessions: the next backend in the plan, and why we moved on. */
export function fallbackAfter(plan: BackendPlan, failed: Backend, message: string): FallbackDecision {
  const index = plan.order.indexOf(failed);
  const next = index >= 0 ? (plan.order[index + 1] ?? null) : null;
  if (next === null) return { next: null, reason: null };
  return {
    next,
    reason: `${failed === 'webgpu' ? 'WebGPU' : 'WASM'} couldn't start the model (${shorten(message)}); using ${next === 'wasm' ? 'WASM' : 'WebGPU'} instead.`,
  };
}

function shorten(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.length > 140 ? `${line.slice(0, 137)}…` : line;
}
