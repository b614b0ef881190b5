/**
 * One WebGPU probe (src/device/gpu-probe.ts): the engine's (inference/backend/gpu-probe) and the device report's
 * (platform/device-report, which sizes downloads and recommends a model) read the same adapter the same way, so
 * the backend the report implies is the one the engine runs, for every kind of navigator.gpu, a software (fallback)
 * adapter included.
 */
import { describe, expect, test, vi } from 'vitest';
import type { GpuAdapterLike, GpuLike } from '../../src/device/gpu-probe';
import { firstBackend } from '../../src/inference/backend/choice';
import { probeGpu } from '../../src/inference/backend/gpu-probe';
import { gpuProbeOf } from '../../src/inference/model-files/recommend';
import { readDeviceReport } from '../../src/platform/device-report';
import type { BackendPolicy } from '../../src/protocol/messages';

// The report keeps what it read in storage.local: a stand-in for the extension API, which Node lacks.
const stored: Record<string, unknown> = {};
vi.mock('../../src/platform/browser', () => ({
  browser: {
    storage: {
      local: {
        set: async (items: Record<string, unknown>) => void Object.assign(stored, items),
        get: async () => ({ ...stored }),
      },
    },
  },
}));

// Node 20 has no navigator: the report reads memory and cores from this one; the adapter comes from the gpu given.
vi.stubGlobal('navigator', { deviceMemory: 8, hardwareConcurrency: 6 });

const GB = 1024 ** 3;

function adapter(features: string[], info?: GpuAdapterLike['info']): GpuAdapterLike {
  return {
    features: new Set(features),
    limits: { maxBufferSize: 4 * GB, maxStorageBufferBindingSize: 2 * GB },
    ...(info ? { info } : {}),
  };
}

/** A navigator.gpu that answers `answer`, recording the options each request was made with. */
function gpuAnswering(answer: () => Promise<GpuAdapterLike | null>): GpuLike & { asked: unknown[] } {
  const asked: unknown[] = [];
  return {
    asked,
    requestAdapter: (options) => {
      asked.push(options);
      return answer();
    },
  };
}

const GPUS: Record<string, () => (GpuLike & { asked: unknown[] }) | undefined> = {
  'no WebGPU': () => undefined,
  'no adapter': () => gpuAnswering(async () => null),
  'a request that throws': () =>
    gpuAnswering(async () => {
      throw new Error('GPU process gone');
    }),
  'a hardware adapter': () =>
    gpuAnswering(async () =>
      adapter(['shader-f16', 'timestamp-query'], { vendor: 'acme', architecture: 'rdna', description: 'A1' }),
    ),
  'a software (fallback) adapter': () =>
    gpuAnswering(async () =>
      adapter([], { isFallbackAdapter: true, vendor: 'google', architecture: 'swiftshader' }),
    ),
  'an adapter from before adapter.info': () => gpuAnswering(async () => adapter(['shader-f16'])),
};

describe('one WebGPU probe for the engine and the device report', () => {
  test.each(Object.keys(GPUS))(
    '%s: the report implies the adapter, and the backend, the engine finds',
    async (name) => {
      const make = GPUS[name];
      if (!make) throw new Error(name);
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      const forEngine = make();
      const forReport = make();
      const engine = await probeGpu(forEngine);
      const report = await readDeviceReport(forReport);
      warn.mockRestore();
      expect(gpuProbeOf(report).adapter, 'an adapter for one is an adapter for the other').toBe(
        engine.adapter,
      );
      expect(report.webgpu !== null).toBe(engine.adapter);
      for (const policy of ['auto', 'webgpu', 'wasm'] as BackendPolicy[]) {
        expect(firstBackend(policy, gpuProbeOf(report)), policy).toBe(firstBackend(policy, engine));
      }
      if (report.webgpu) expect(engine.shaderF16).toBe(report.webgpu.features.includes('shader-f16'));
      // Both asked in the same words.
      expect(forReport?.asked).toEqual(forEngine?.asked);
    },
  );

  test('a software adapter is an adapter to both, and the report says it is one', async () => {
    const gpu = GPUS['a software (fallback) adapter'];
    const engine = await probeGpu(gpu?.());
    const report = await readDeviceReport(gpu?.());
    expect(engine).toMatchObject({ adapter: true, shaderF16: false, adapterName: 'google swiftshader' });
    expect(report.webgpu).toMatchObject({ isFallbackAdapter: true });
  });

  test('the report keeps its shape, and is stored for contexts that cannot ask the adapter', async () => {
    const report = await readDeviceReport(GPUS['a hardware adapter']?.());
    expect(report).toEqual({
      webgpu: {
        features: ['shader-f16', 'timestamp-query'],
        maxBufferSize: 4 * GB,
        maxStorageBufferBindingSize: 2 * GB,
        isFallbackAdapter: false,
      },
      deviceMemoryGb: 8,
      hardwareConcurrency: 6,
    });
    expect(stored.deviceReport).toEqual(report);
    expect((await readDeviceReport(undefined)).webgpu).toBeNull();
  });

  test('with no adapter the engine says why; a request that throws is logged for developers, not shown', async () => {
    expect(await probeGpu(undefined)).toEqual({ adapter: false, absence: 'no-webgpu', shaderF16: false });
    expect(await probeGpu(GPUS['no adapter']?.())).toEqual({
      adapter: false,
      absence: 'no-adapter',
      shaderF16: false,
    });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(await probeGpu(GPUS['a request that throws']?.())).toEqual({
      adapter: false,
      absence: 'adapter-failed',
      shaderF16: false,
    });
    expect(warn).toHaveBeenCalledWith('WebGPU adapter request failed:', 'GPU process gone');
    warn.mockRestore();
  });
});
