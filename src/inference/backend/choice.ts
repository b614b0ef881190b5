/**
 * The one place that decides which backend runs: from the person's policy, what the device offers (a WebGPU
 * adapter or not) and, in Automatic, what this device measured. The engine loads by it; the download sizes and the
 * model recommendation quote the files of the backend it puts first, so all three always agree. A software adapter
 * counts as an adapter here (WebGPU first, as Automatic does until measurements say WASM is faster); the Options page
 * may advise choosing WASM for it, which then decides through this same function.
 */
import type { Backend, BackendPolicy } from '../../protocol/messages';
import { orderBySpeed } from './by-speed';
import type { MeasuredSpeed } from './measured-speed';
import { type BackendPlan, type GpuProbe, planBackends } from './policy';

export function chooseBackends(
  policy: BackendPolicy,
  gpu: GpuProbe,
  speeds?: Record<Backend, MeasuredSpeed | null>,
): BackendPlan {
  const plan = planBackends(policy, gpu);
  return policy === 'auto' && speeds ? orderBySpeed(plan, speeds) : plan;
}

/**
 * The backend whose files a load fetches first, or null when the device must be known to say (Automatic, before
 * any extension page has asked for an adapter). A forced backend's files are the answer even without an adapter:
 * the load then fails with the reason, and nothing else would be downloaded instead.
 */
export function firstBackend(policy: BackendPolicy, gpu: GpuProbe | null): Backend | null {
  if (policy !== 'auto') return policy;
  if (gpu === null) return null;
  return chooseBackends(policy, gpu).order[0] ?? null;
}
