/**
 * What a model would download on this device, and why: the one answer the popup's consent, the side panel's
 * consent and the Options page all give. The backend is the one backend/choice puts first (the engine loads by the
 * same function), f16 weights only with `shader-f16`; the files follow from that, chosen by measured speed
 * (file-choice.ts). When the device isn't known yet, the honest answer is the range of what it could be.
 */
import type { Backend, BackendPolicy } from '../../protocol/messages';
import { firstBackend } from '../backend/choice';
import { type CatalogModel, type DownloadPlan, downloadPlan, type SessionName } from './catalog';
import { type BrowserKind, chooseFiles } from './file-choice';
import { type DeviceReport, gpuProbeOf } from './recommend';

export interface DownloadChoice {
  /** The backend whose files a load fetches; null while the device is unknown and the policy leaves it open. */
  backend: Backend | null;
  /** The files for that backend; with an unknown device, the largest of the possible sets. */
  plan: DownloadPlan;
  minBytes: number;
  maxBytes: number;
  /** False when a size is rounded or estimated, or when it is a range: say "about". */
  exact: boolean;
  /** Why a file isn't the catalog's default for that backend (measured speed, or Options), in words. */
  reasons: string[];
}

/** What the file choice needs besides the device report: the browser, and the person's choice in Options. */
export interface DownloadFilesContext {
  browser?: BrowserKind;
  override?: Partial<Record<SessionName, string>>;
}

/** The backend whose files a load would fetch, or null when the device must be known to say. */
export function backendForSizes(policy: BackendPolicy, device: DeviceReport | null): Backend | null {
  return firstBackend(policy, device ? gpuProbeOf(device) : null);
}

function profilesFor(
  policy: BackendPolicy,
  device: DeviceReport | null,
): { backend: Backend; shaderF16: boolean }[] {
  const backend = backendForSizes(policy, device);
  if (backend === 'wasm') return [{ backend: 'wasm', shaderF16: false }];
  const f16 = device?.webgpu ? [device.webgpu.features.includes('shader-f16')] : [true, false];
  const webgpu = f16.map((shaderF16) => ({ backend: 'webgpu' as const, shaderF16 }));
  return backend === 'webgpu' ? webgpu : [...webgpu, { backend: 'wasm', shaderF16: false }];
}

export function downloadChoice(
  model: CatalogModel,
  policy: BackendPolicy,
  device: DeviceReport | null,
  context: DownloadFilesContext = {},
): DownloadChoice {
  const threads = device?.hardwareConcurrency ?? undefined;
  const choices = profilesFor(policy, device).map((profile) =>
    chooseFiles(
      model,
      {
        ...profile,
        ...(context.browser ? { browser: context.browser } : {}),
        ...(threads ? { threads } : {}),
      },
      undefined,
      context.override ? { override: context.override } : {},
    ),
  );
  const plans = choices.map((choice) => downloadPlan(model, choice.dtypes));
  const sizes = plans.map((p) => p.totalBytes);
  const largest = plans.reduce((a, b) => (b.totalBytes > a.totalBytes ? b : a));
  const minBytes = Math.min(...sizes);
  const maxBytes = Math.max(...sizes);
  return {
    backend: backendForSizes(policy, device),
    plan: largest,
    minBytes,
    maxBytes,
    exact: minBytes === maxBytes && plans.every((p) => p.exact),
    reasons: [...new Set(choices.flatMap((choice) => choice.reasons))],
  };
}
