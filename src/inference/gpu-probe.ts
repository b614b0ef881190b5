/**
 * What WebGPU this context offers. navigator.gpu is a web API (not an extension API), available in workers, so the
 * engine asks for itself where it runs. Typed locally: the few fields used don't justify @webgpu/types.
 */
import type { GpuProbe } from './backend-policy';

interface GpuAdapterLike {
  features: { has(name: string): boolean };
  info?: { isFallbackAdapter?: boolean; vendor?: string; architecture?: string; description?: string };
}
interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<GpuAdapterLike | null>;
}

export interface GpuReport extends GpuProbe {
  shaderF16: boolean;
  /** Vendor, architecture and description of the adapter: a new GPU or driver is measured afresh. */
  adapterName?: string;
}

export async function probeGpu(): Promise<GpuReport> {
  const gpu = (globalThis.navigator as Navigator & { gpu?: GpuLike }).gpu;
  if (!gpu) return { adapter: false, detail: 'navigator.gpu is missing', shaderF16: false };
  try {
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return { adapter: false, detail: 'no adapter was offered', shaderF16: false };
    const info = adapter.info;
    const adapterName =
      [info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' ') || 'gpu';
    return { adapter: true, shaderF16: adapter.features.has('shader-f16'), adapterName };
  } catch (error) {
    return {
      adapter: false,
      detail: error instanceof Error ? error.message : String(error),
      shaderF16: false,
    };
  }
}
