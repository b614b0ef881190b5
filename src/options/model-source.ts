/**
 * The options page's link to the engine: downloading a model ahead of time through the engine client (the same path
 * a request takes, so the files land where requests look for them), and deleting one from memory and the cache.
 */

import {
  type CachedModelSummary,
  type PartialDownloadSummary,
  parseModelCacheUrl,
  summarizeCachedModels,
  summarizePartialDownloads,
  TRANSFORMERS_CACHE_NAME,
} from '../inference/model-files/cache-keys';
import { forgetConsent } from '../platform/consent-store';
import { createEngineClient } from '../platform/engine-client';
import { deleteCachedFiles, listCachedFiles } from '../platform/model-cache';
import { deletePartialFiles, listPartialFiles } from '../platform/partial-downloads';
import { type UserError, userError } from '../protocol/errors';
import type { BackendPolicy } from '../protocol/messages';
import { type ModelDownload, nextDownload, startedDownload } from './model-download';

/** Starts a download; `onUpdate` receives each state (progress, then done, stopped or error). Returns "stop". */
export function startModelDownload(
  modelId: string,
  backend: BackendPolicy,
  onUpdate: (download: ModelDownload) => void,
): () => void {
  const client = createEngineClient();
  let current = startedDownload(modelId);
  const call = client.load(modelId, backend, (event) => {
    current = nextDownload(current, event);
    onUpdate(current);
  });
  void call.finished.then((last) => {
    // The client hands every terminal event to onEvent too; this covers a client closed before it could.
    if (current.status === 'running') onUpdate(nextDownload(current, last));
    client.close();
  });
  return () => call.cancel();
}

/**
 * Deletes a model's files. When the engine holds that model in memory it is unloaded first, so the next request
 * really downloads it again; while it is answering a request nothing is deleted.
 */
export async function deleteModel(modelId: string): Promise<UserError | null> {
  const client = createEngineClient();
  try {
    const status = await client.status();
    if (status.modelId === modelId) {
      if (status.busy) {
        return userError(
          'model-in-use',
          `${modelId} is answering a request right now, so it was not deleted.`,
          'Delete it again when the answer is finished.',
        );
      }
      await client.unload();
    }
  } catch {
    // No engine running (or it can't be reached): nothing is in memory, the files can go.
  } finally {
    client.close();
  }
  // Delete means delete: the files, the bytes of an unfinished download, and the consent to download it.
  await deleteCachedFiles(TRANSFORMERS_CACHE_NAME, (url) => parseModelCacheUrl(url)?.modelId === modelId);
  await deletePartialDownloads(modelId);
  await forgetConsent(modelId);
  return null;
}

/** What transformers.js has cached for each model, for the list of downloaded models. */
export async function listCachedModels(): Promise<CachedModelSummary[]> {
  return summarizeCachedModels(await listCachedFiles(TRANSFORMERS_CACHE_NAME));
}

/** Unfinished downloads kept on this device, by model (bytes kept, the files' whole size). */
export async function listPartialDownloads(): Promise<PartialDownloadSummary[]> {
  return summarizePartialDownloads(await listPartialFiles());
}

/** Deletes the kept bytes of `modelId`'s unfinished downloads. */
export async function deletePartialDownloads(modelId: string): Promise<number> {
  return deletePartialFiles((url) => parseModelCacheUrl(url)?.modelId === modelId);
}
