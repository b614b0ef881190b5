/**
 * What the Model section offers: the catalog's models with the download each would cost under the chosen backend
 * policy on this device, and the recommendation for this device. Pure: the device report is read in src/platform.
 */
import { type Catalog, type CatalogModel, findModel, userModels } from '../inference/model-files/catalog';
import { backendForSizes, downloadChoice } from '../inference/model-files/download-choice';
import { recommendModel } from '../inference/model-files/recommend';
import type { DeviceReport } from '../protocol/device-report';
import type { BackendPolicy } from '../protocol/messages';

export { backendForSizes } from '../inference/model-files/download-choice';

export interface ModelChoice {
  id: string;
  label: string;
  /** null when the model isn't in this version's catalog, so its size is unknown. */
  downloadBytes: number | null;
  /** Above downloadBytes while the device isn't known yet: the size is a range. */
  downloadMaxBytes: number | null;
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

function choiceOf(model: CatalogModel, policy: BackendPolicy, device: DeviceReport | null): ModelChoice {
  const download = downloadChoice(model, policy, device);
  const notes = /^\d/.test(model.parameters) ? [`${model.parameters} parameters`] : [];
  const memory = device?.deviceMemoryGb ?? null;
  if (memory !== null && model.minDeviceMemoryGb > memory) {
    notes.push(`needs about ${model.minDeviceMemoryGb} GB of memory; this device reports ${memory} GB`);
  }
  if (model.testOnly) notes.push('test model, named in settings');
  // Without a pinned commit the hub's current files load, which nobody here could check (see its catalog note).
  else if (!model.revisionPinned)
    notes.push("unverified: no pinned revision, so it loads the hub's current files");
  return {
    id: model.id,
    label: model.label,
    downloadBytes: download.minBytes,
    downloadMaxBytes: download.maxBytes,
    downloadExact: download.exact,
    note: notes.join(' · '),
  };
}

export function modelChoices(
  catalog: Catalog,
  settings: { modelId: string; backend: BackendPolicy },
  device: DeviceReport | null,
): ModelChoices {
  const choices = userModels(catalog).map((m) => choiceOf(m, settings.backend, device));
  if (!choices.some((c) => c.id === settings.modelId)) {
    // A test model or one from a newer catalog stays selectable when settings name it, so it isn't silently lost.
    const configured = findModel(catalog, settings.modelId);
    choices.push(
      configured
        ? choiceOf(configured, settings.backend, device)
        : {
            id: settings.modelId,
            label: settings.modelId,
            downloadBytes: null,
            downloadMaxBytes: null,
            downloadExact: false,
            note: 'not in this version’s model list',
          },
    );
  }
  if (device === null) return { choices, recommendedId: null, reason: null };
  const recommendation = recommendModel(catalog, device);
  // Auto takes any adapter, a software one too; on the CPU, WASM is the faster way, so say how to follow the advice.
  const advice =
    recommendation.backend === 'wasm' && backendForSizes(settings.backend, device) === 'webgpu'
      ? ' WebGPU here runs on the CPU and is slower than WebAssembly: choose “WebAssembly only” under Backend and generation.'
      : '';
  return { choices, recommendedId: recommendation.modelId, reason: `${recommendation.reason}${advice}` };
}
