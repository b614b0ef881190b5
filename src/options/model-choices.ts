/**
 * What the Model section offers: the catalog's models with the download each would cost under the chosen backend
 * policy on this device, and the recommendation for this device. Pure: the device report is read in src/platform.
 */
import {
  type Catalog,
  type CatalogModel,
  type Dtype,
  findModel,
  type SessionName,
  userModels,
} from '../inference/model-files/catalog';
import { downloadChoice } from '../inference/model-files/download-choice';
import { type DeviceReport, recommendModel } from '../inference/model-files/recommend';
import type { BackendPolicy } from '../protocol/messages';
import { downloadSizeText } from '../ui/format';

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
  /** Why a session's file isn't the usual one (measured speed, or the choice below), in words. */
  fileReasons: string[];
  /** The decoder files this model has, for Options' choice; the one chosen by hand, or null for Automatic. */
  decoderFiles: { dtype: Dtype; bytes: number }[];
  decoderOverride: string | null;
}

/** Settings' per-model file choices (settings.modelFiles). */
export type ModelFileSettings = Record<string, Partial<Record<SessionName, string>>>;

export interface ModelChoices {
  choices: ModelChoice[];
  recommendedId: string | null;
  /** One short sentence: which model suits this device, its download, and where it runs. */
  reason: string | null;
  /** The reasoning behind it (adapter, memory, cores), for a "Why" disclosure. */
  reasonDetails: string | null;
}

function choiceOf(
  model: CatalogModel,
  policy: BackendPolicy,
  device: DeviceReport | null,
  files: ModelFileSettings,
): ModelChoice {
  const override = files[model.id];
  const download = downloadChoice(model, policy, device, override ? { override } : {});
  const notes = /^\d/.test(model.parameters) ? [`${model.parameters} parameters`] : [];
  const memory = device?.deviceMemoryGb ?? null;
  if (memory !== null && model.minDeviceMemoryGb > memory) {
    notes.push(`needs about ${model.minDeviceMemoryGb} GB of memory; this device reports ${memory} GB`);
  }
  if (model.testOnly) notes.push('test model, named in settings');
  // Without a pinned commit the hub's current files load, which nobody here could check (see its catalog note).
  else if (!model.revisionPinned)
    notes.push('loads the newest files from the hub, which this version hasn’t checked');
  return {
    id: model.id,
    label: model.label,
    downloadBytes: download.minBytes,
    downloadMaxBytes: download.maxBytes,
    downloadExact: download.exact,
    note: notes.join(' · '),
    fileReasons: download.reasons,
    decoderFiles: (
      Object.entries(model.sessions.decoder_model_merged) as [Dtype, { files: { bytes: number }[] }][]
    )
      .map(([dtype, variant]) => ({ dtype, bytes: variant.files.reduce((sum, f) => sum + f.bytes, 0) }))
      .sort((a, b) => a.bytes - b.bytes),
    decoderOverride: override?.decoder_model_merged ?? null,
  };
}

export function modelChoices(
  catalog: Catalog,
  settings: { modelId: string; backend: BackendPolicy; modelFiles?: ModelFileSettings },
  device: DeviceReport | null,
): ModelChoices {
  const files = settings.modelFiles ?? {};
  const choices = userModels(catalog).map((m) => choiceOf(m, settings.backend, device, files));
  if (!choices.some((c) => c.id === settings.modelId)) {
    // A test model or one from a newer catalog stays selectable when settings name it, so it isn't silently lost.
    const configured = findModel(catalog, settings.modelId);
    choices.push(
      configured
        ? choiceOf(configured, settings.backend, device, files)
        : {
            id: settings.modelId,
            label: settings.modelId,
            downloadBytes: null,
            downloadMaxBytes: null,
            downloadExact: false,
            note: 'not in this version’s model list',
            fileReasons: [],
            decoderFiles: [],
            decoderOverride: null,
          },
    );
  }
  if (device === null) return { choices, recommendedId: null, reason: null, reasonDetails: null };
  const recommendation = recommendModel(catalog, device, settings.backend);
  // Auto takes any adapter, a software one too; on the CPU, WASM is the faster way, so say how to follow the advice.
  const advice =
    device.webgpu?.isFallbackAdapter && recommendation.backend === 'webgpu'
      ? ' Choose “WebAssembly only” below: WebGPU here runs on the processor and is slower.'
      : '';
  const label = findModel(catalog, recommendation.modelId)?.label ?? recommendation.modelId;
  const size = downloadSizeText({
    minBytes: recommendation.download.totalBytes,
    maxBytes: recommendation.download.totalBytes,
    exact: recommendation.download.exact,
  });
  // A software adapter is WebGPU on the processor.
  const where =
    recommendation.backend === 'webgpu' && !device.webgpu?.isFallbackAdapter
      ? 'your graphics card'
      : 'your processor';
  return {
    choices,
    recommendedId: recommendation.modelId,
    reason: `Best for this device: ${label} (${size} download), running on ${where}.${advice}`,
    reasonDetails: recommendation.reason,
  };
}
