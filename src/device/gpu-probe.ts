/**
 * The one place that asks for a WebGPU adapter. The engine (inference/backend/gpu-probe, where the model runs) and
 * the device report (platform/device-report, which sizes downloads and recommends a model) both read the adapter
 * here, so they can't disagree on whether there is one, or on a software (fallback) adapter. navigator.gpu is a
 * web API, not an extension API, and is handed in: each context asks its own (the engine's worker, an extension
 * page), and a test hands in a stand-in. Typed locally: the few fields used don't justify @webgpu/types.
 */

/**
 * Why there is no WebGPU adapter: the browser has no WebGPU at all, it offered no adapter, or asking for one threw
 * (the exception's text is for developers: it goes to the console).
 */
export type GpuAbsence = 'no-webgpu' | 'no-adapter' | 'adapter-failed';

export interface GpuAdapterLike {
  features: Iterable<string> & { has(name: string): boolean };
  limits: { maxBufferSize: number; maxStorageBufferBindingSize: number };
  /** adapter.info arrived in Chrome 127. */
  info?: { isFallbackAdapter?: boolean; vendor?: string; architecture?: string; description?: string };
}

export interface GpuLike {
  requestAdapter(options?: { powerPreference?: 'high-performance' }): Promise<GpuAdapterLike | null>;
}

/** What the adapter says about itself. */
export interface GpuAdapterFacts {
  features: string[];
  maxBufferSize: number;
  maxStorageBufferBindingSize: number;
  /** A software adapter (e.g. SwiftShader): WebGPU on the CPU. Before adapter.info there is no telling: false. */
  isFallbackAdapter: boolean;
  /** Vendor, architecture and description: a new GPU or driver is measured afresh. */
  name: string;
}

export type GpuReading =
  | { adapter: GpuAdapterFacts; absence?: undefined }
  | { adapter: null; absence: GpuAbsence };

/** This context's navigator.gpu: typed as always present, but missing where WebGPU is off (Firefox by default). */
export function contextGpu(): GpuLike | undefined {
  return (globalThis.navigator as (Navigator & { gpu?: GpuLike }) | undefined)?.gpu ?? undefined;
}

/** Asks `gpu` (a context's navigator.gpu) for its high-performance adapter. */
export async function readGpu(gpu: GpuLike | null | undefined): Promise<GpuReading> {
  if (!gpu) return { adapter: null, absence: 'no-webgpu' };
  try {
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return { adapter: null, absence: 'no-adapter' };
    const info = adapter.info;
    return {
      adapter: {
        features: [...adapter.features],
        maxBufferSize: adapter.limits.maxBufferSize,
        maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
        isFallbackAdapter: info?.isFallbackAdapter ?? false,
        name: [info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' ') || 'gpu',
      },
    };
  } catch (error) {
    // A browser that throws here has no usable WebGPU for us, same as no adapter. The exception's text helps a
    // developer, not a person: the UI says it in words (inference/backend/policy).
    console.warn('WebGPU adapter request failed:', error instanceof Error ? error.message : String(error));
    return { adapter: null, absence: 'adapter-failed' };
  }
}
