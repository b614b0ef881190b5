/**
 * Picks the SmolVLM variant, backend and dtypes for this device from what the browser reports, and says why.
 * Pure: the caller gathers the report (navigator.gpu adapter, navigator.deviceMemory, hardwareConcurrency).
 */
import type { DeviceReport } from '../../protocol/device-report';
import type { Backend, BackendPolicy } from '../../protocol/messages';
import { firstBackend } from '../backend/choice';
import type { GpuProbe } from '../backend/policy';
import {
  type Catalog,
  type CatalogModel,
  type DownloadPlan,
  downloadPlan,
  type SessionDtypes,
  userModels,
} from './catalog';
import { dtypesFor } from './file-choice';

export type { DeviceReport };

/** What the backend choice needs to know of a reported device. */
export function gpuProbeOf(device: DeviceReport): GpuProbe {
  return device.webgpu ? { adapter: true } : { adapter: false, absence: 'no-adapter' };
}

export interface Recommendation {
  modelId: string;
  backend: Backend;
  dtypes: SessionDtypes;
  download: DownloadPlan;
  reason: string;
}

/** What we assume when the browser doesn't say (Firefox and Safari don't expose deviceMemory). */
const ASSUMED_MEMORY_GB = 4;
const MB = 1_000_000;

function largestFile(plan: DownloadPlan): number {
  return Math.max(...plan.files.map((f) => f.bytes));
}

interface Candidate {
  model: CatalogModel;
  dtypes: SessionDtypes;
  plan: DownloadPlan;
}

/**
 * The model that suits this device under `policy` (the backend is the one the engine would run first: see
 * backend/choice). A software adapter is sized like the CPU it runs on.
 */
export function recommendModel(
  catalog: Catalog,
  device: DeviceReport,
  policy: BackendPolicy = 'auto',
): Recommendation {
  const models = userModels(catalog);
  const memory = device.deviceMemoryGb ?? ASSUMED_MEMORY_GB;
  const cores = device.hardwareConcurrency ?? 4;
  const backend: Backend = firstBackend(policy, gpuProbeOf(device)) ?? 'wasm';
  const onGpu = backend === 'webgpu' ? device.webgpu : null;
  const gpu = onGpu && !onGpu.isFallbackAdapter ? onGpu : null;
  const shaderF16 = onGpu?.features.includes('shader-f16') ?? false;

  const candidates: Candidate[] = models.map((model) => {
    const dtypes = dtypesFor(model, backend, shaderF16);
    return { model, dtypes, plan: downloadPlan(model, dtypes) };
  });
  const fits = (c: Candidate): boolean => {
    if (c.model.minDeviceMemoryGb > memory) return false;
    if (gpu) {
      // Each weight file becomes GPU buffers; one that can't fit the adapter's limits fails at session creation.
      const limit = Math.min(gpu.maxBufferSize, gpu.maxStorageBufferBindingSize);
      return largestFile(c.plan) <= limit * 4;
    }
    // On the CPU, tokens per second fall with size: more than the smallest model only for many cores and memory.
    return c.plan.totalBytes <= (cores >= 8 && memory >= 8 ? 600 * MB : 300 * MB);
  };
  const smallest = candidates.reduce((a, b) => (b.plan.totalBytes < a.plan.totalBytes ? b : a));
  const chosen = candidates
    .filter(fits)
    .reduce<Candidate | null>(
      (best, c) => (best === null || c.plan.totalBytes > best.plan.totalBytes ? c : best),
      null,
    );
  const pick = chosen ?? smallest;

  const parts: string[] = [];
  if (!device.webgpu) parts.push('No WebGPU adapter, so the model runs on the CPU (WASM)');
  else if (backend === 'wasm') parts.push('WASM was chosen in settings, so the model runs on the CPU');
  else if (!gpu) parts.push('Only a software WebGPU adapter, so WebGPU runs on the CPU');
  else
    parts.push(
      `WebGPU is available${shaderF16 ? ' with 16-bit shaders' : ' without 16-bit shaders (shader-f16), so no f16 weights'}`,
    );
  const memoryText =
    device.deviceMemoryGb === null
      ? `memory unknown (assumed ${ASSUMED_MEMORY_GB} GB)`
      : `about ${device.deviceMemoryGb} GB of memory`;
  // On the CPU the core count decides as much as memory does: name both, and which one held the choice back.
  if (gpu) parts.push(memoryText);
  else
    parts.push(
      `${device.hardwareConcurrency === null ? `CPU cores unknown (assumed ${cores})` : `${cores} CPU cores`} and ${memoryText}`,
    );
  const sizeMb = Math.round(pick.plan.totalBytes / MB);
  const fitNote = chosen ? 'the largest model that fits' : 'the smallest model, since none fits comfortably';
  const short = [cores < 8 ? 'fewer than 8 cores' : '', memory < 8 ? 'less than 8 GB of memory' : ''].filter(
    Boolean,
  );
  const cpuNote =
    !gpu && chosen && short.length > 0
      ? ` On the CPU a larger model needs 8 cores and 8 GB; this device has ${short.join(' and ')}.`
      : '';
  return {
    modelId: pick.model.id,
    backend,
    dtypes: pick.dtypes,
    download: pick.plan,
    reason: `${parts.join('; ')}: ${pick.model.label} is ${fitNote} (${pick.plan.exact ? '' : 'about '}${sizeMb} MB to download).${cpuNote}`,
  };
}
