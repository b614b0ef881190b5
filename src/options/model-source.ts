/**
 * The options page's view of the engine: the model catalog with the recommendation for this device, and downloads
 * ahead of time. Wired to the engine's catalog and client once they land (issue 3); until then the configured model
 * is the only choice and a download reports that the engine is missing.
 */
import { userError } from '../protocol/errors';
import type { BackendPolicy } from '../protocol/messages';
import type { Settings } from '../settings/schema';
import type { ModelChoice, ModelDownload } from './ModelSection';

export interface ModelChoices {
  choices: ModelChoice[];
  recommendedId: string | null;
  reason: string | null;
}

export function modelChoices(settings: Settings): ModelChoices {
  return {
    choices: [{ id: settings.modelId, label: settings.modelId, downloadBytes: 0 }],
    recommendedId: null,
    reason: null,
  };
}

/** Starts a download; `onUpdate` receives progress, then done or error. Returns a function that stops it. */
export function startModelDownload(
  modelId: string,
  _backend: BackendPolicy,
  onUpdate: (download: ModelDownload) => void,
): () => void {
  onUpdate({
    modelId,
    status: 'error',
    loaded: 0,
    total: 0,
    error: userError(
      'model-load-failed',
      'The on-device engine is not part of this build.',
      'Update the extension.',
    ),
  });
  return () => undefined;
}
