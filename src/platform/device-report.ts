/**
 * What an extension page can learn about this device for the model recommendation: the WebGPU adapter (features,
 * buffer limits, whether it is a software fallback) and navigator.deviceMemory / hardwareConcurrency.
 */
import type { DeviceReport } from '../inference/recommend';

async function readAdapter(): Promise<DeviceReport['webgpu']> {
  // Typed as always present, but missing where WebGPU is off (Firefox by default, older Chrome flags).
  if (!('gpu' in navigator) || !navigator.gpu) return null;
  try {
    const adapter = await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return null;
    return {
      features: [...adapter.features],
      maxBufferSize: adapter.limits.maxBufferSize,
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
      // adapter.info arrived in Chrome 127; before it there is no way to tell, so count the adapter as real.
      isFallbackAdapter: adapter.info?.isFallbackAdapter ?? false,
    };
  } catch {
    // A browser that throws here has no usable WebGPU for us, same as no adapter.
    return null;
  }
}

export async function readDeviceReport(): Promise<DeviceReport> {
  // deviceMemory is Chromium-only, so it isn't in the DOM typings.
  const nav = navigator as Navigator & { deviceMemory?: number };
  return {
    webgpu: await readAdapter(),
    deviceMemoryGb: typeof nav.deviceMemory === 'number' ? nav.deviceMemory : null,
    hardwareConcurrency: nav.hardwareConcurrency > 0 ? nav.hardwareConcurrency : null,
  };
}
