/**
 * What WebGPU this context offers. navigator.gpu is a web API (not an extension API), available in workers, so the
 * engine asks for itself where it runs. Typed locally: the few fields used don't justify @webgpu/types.
 */
import type { GpuProbe } from './policy';

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
  if (!gpu) return { adapter: false, absence: 'no-webgpu', shaderF16: false };
  try {
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return { adapter: false, absence: 'no-adapter', shaderF16: false };
    const info = adapter.info;
    const adapterName =
      [info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' ') || 'gpu';
    return { adapter: true, shaderF16: adapter.features.has('shader-f16'), adapterName };
  } catch (error) {
    // The browser's exception text helps a developer, not a person: the UI says it in words (backend/policy).
    console.warn('WebGPU adapter request failed:', error instanceof Error ? error.message : String(error));
    return { adapter: false, absence: 'adapter-failed', shaderF16: false };
  }
}
