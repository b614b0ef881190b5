/**
 * What an extension page can learn about this device for the model recommendation: the WebGPU adapter (features,
 * buffer limits, whether it is a software fallback) and navigator.deviceMemory / hardwareConcurrency.
 */
import { contextGpu, type GpuLike, readGpu } from '../device/gpu-probe';
import type { DeviceReport } from '../protocol/device-report';
import { browser } from './browser';

/** storage.local: a fact about this device, for contexts that can't ask the adapter themselves. */
const KEY = 'deviceReport';

/** The report's part of the shared adapter reading (device/gpu-probe), which the engine's probe reads too. */
export async function readAdapter(gpu: GpuLike | null | undefined): Promise<DeviceReport['webgpu']> {
  const { adapter } = await readGpu(gpu);
  if (!adapter) return null;
  const { features, maxBufferSize, maxStorageBufferBindingSize, isFallbackAdapter } = adapter;
  return { features, maxBufferSize, maxStorageBufferBindingSize, isFallbackAdapter };
}

/**
 * Asks this context's adapter (or `gpu`, another navigator.gpu). Call it from extension pages (their WebGPU is the engine's); the answer is kept, so
 * a content script, whose page may have no WebGPU at all (plain http), can quote the same sizes.
 */
export async function readDeviceReport(
  gpu: GpuLike | null | undefined = contextGpu(),
): Promise<DeviceReport> {
  // deviceMemory is Chromium-only, so it isn't in the DOM typings.
  const nav = navigator as Navigator & { deviceMemory?: number };
  const report: DeviceReport = {
    webgpu: await readAdapter(gpu),
    deviceMemoryGb: typeof nav.deviceMemory === 'number' ? nav.deviceMemory : null,
    hardwareConcurrency: nav.hardwareConcurrency > 0 ? nav.hardwareConcurrency : null,
  };
  await browser.storage.local.set({ [KEY]: report }).catch(() => undefined);
  return report;
}

const isNumberOrNull = (x: unknown) => x === null || typeof x === 'number';

/** The report an extension page last read, or null when none has yet (then sizes are given as a range). */
export async function storedDeviceReport(): Promise<DeviceReport | null> {
  const stored: Record<string, unknown> = await browser.storage.local.get(KEY).catch(() => ({}));
  const raw = stored[KEY];
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  const gpu = r.webgpu as Record<string, unknown> | null | undefined;
  const gpuOk =
    gpu === null ||
    (typeof gpu === 'object' &&
      Array.isArray(gpu.features) &&
      gpu.features.every((f) => typeof f === 'string') &&
      typeof gpu.maxBufferSize === 'number' &&
      typeof gpu.maxStorageBufferBindingSize === 'number');
  if (!gpuOk || !isNumberOrNull(r.deviceMemoryGb) || !isNumberOrNull(r.hardwareConcurrency)) return null;
  return raw as DeviceReport;
}
