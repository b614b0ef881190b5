/**
 * What WebGPU the engine's context offers, for the backend plan. navigator.gpu is a web API (not an extension API),
 * available in workers, so the engine asks for itself where it runs; the asking is device/gpu-probe's, shared with
 * the device report, so the engine and the download sizes see the same adapter.
 */
import { contextGpu, type GpuLike, readGpu } from '../../device/gpu-probe';
import type { GpuProbe } from './policy';

export interface GpuReport extends GpuProbe {
  shaderF16: boolean;
  /** Vendor, architecture and description of the adapter: a new GPU or driver is measured afresh. */
  adapterName?: string;
}

/** Probes `gpu`, this context's navigator.gpu unless another is given. */
export async function probeGpu(gpu: GpuLike | null | undefined = contextGpu()): Promise<GpuReport> {
  const reading = await readGpu(gpu);
  if (!reading.adapter) return { adapter: false, absence: reading.absence, shaderF16: false };
  return {
    adapter: true,
    shaderF16: reading.adapter.features.includes('shader-f16'),
    adapterName: reading.adapter.name,
  };
}
