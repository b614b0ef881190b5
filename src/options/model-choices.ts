/**
 * What the Model section offers: the catalog's models with the download each would cost under the chosen backend
 * policy on this device, and the recommendation for this device. Pure: the device report is read in src/platform.
 */
import {
  type Catalog,
  type CatalogModel,
  downloadPlan,
  dtypesFor,
  findModel,
  userModels,
} from '../inference/catalog';
import { type DeviceReport, recommendModel } from '../inference/recommend';
import type { Backend, BackendPolicy } from '../protocol/messages';

export interface ModelChoice {
  id: string;
  label: string;
  /** null when the model isn't in this version's catalog, so its size is unknown. */
  downloadBytes: number | null;
  /** False when a size is rounded or estimated: the UI says "about". */
  downloadExact: boolean;
  /** Why this variant suits (or doesn't suit) this device, when there is something to say. */
  note?: string;
}

export interface ModelChoices {
  choices: ModelChoice[];
  recommendedId: string | null;
  reason: string | null;
}

/**
 * The backend whose files a load would fetch: the engine tries WebGPU whenever there is an adapter (a software one
 * included) unless the policy says WASM. Before the device is known, Auto is assumed to get WebGPU.
 */
export function backendForSizes(policy: BackendPolicy, device: DeviceReport | null): Backend {
  if (policy === 'wasm') return 'wasm';
  if (policy === 'webgpu' || device === null) return 'webgpu';
  return device.webgpu ? 'webgpu' : 'wasm';
}

function choiceOf(model: CatalogModel, backend: Backend, device: DeviceReport | null): ModelChoice {
  const shaderF16 = backend === 'webgpu' && (device?.webgpu?.features.includes('shader-f16') ?? false);
  const plan = downloadPlan(model, dtypesFor(model, backend, shaderF16));
  const notes = /^\d/.test(model.parameters) ? [`${model.parameters} parameters`] : [];
  const memory = device?.deviceMemoryGb ?? null;
  if (memory !== null && model.minDeviceMemoryGb > memory) {
    notes.push(`needs about ${model.minDeviceMemoryGb} GB of memory; this device reports ${memory} GB`);
  }
  if (model.testOnly) notes.push('test model, named in settings');
  return {
    id: model.id,
    label: model.label,
    downloadBytes: plan.totalBytes,
    downloadExact: plan.exact,
    note: notes.join(' · '),
  };
}

export function modelChoices(
  catalog: Catalog,
  settings: { modelId: string; backend: BackendPolicy },
  device: DeviceReport | null,
): ModelChoices {
  const backend = backendForSizes(settings.backend, device);
  const choices = userModels(catalog).map((m) => choiceOf(m, backend, device));
  if (!choices.some((c) => c.id === settings.modelId)) {
    // A test model or one from a newer catalog stays selectable when settings name it, so it isn't silently lost.
    const configured = findModel(catalog, settings.modelId);
    choices.push(
      configured
        ? choiceOf(configured, backend, device)
        : {
            id: settings.modelId,
            label: settings.modelId,
            downloadBytes: null,
            downloadExact: false,
            note: 'not in this version’s model list',
          },
    );
  }
  if (device === null) return { choices, recommendedId: null, reason: null };
  const recommendation = recommendModel(catalog, device);
  // Auto takes any adapter, a software one too; on the CPU, WASM is the faster way, so say how to follow the advice.
  const advice =
    recommendation.backend === 'wasm' && backend === 'webgpu'
      ? ' WebGPU here runs on the CPU and is slower than WebAssembly: choose “WebAssembly only” under Backend and generation.'
      : '';
  return { choices, recommendedId: recommendation.modelId, reason: `${recommendation.reason}${advice}` };
}
