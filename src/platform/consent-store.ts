/** Which models the person agreed to download (storage.local: it's about this device's disk). */
import { browser } from './browser';

const KEY = 'consentedModels';

export async function hasConsented(modelId: string): Promise<boolean> {
  const stored = (await browser.storage.local.get(KEY))[KEY];
  return Array.isArray(stored) && stored.includes(modelId);
}

export async function recordConsent(modelId: string): Promise<void> {
  const stored = (await browser.storage.local.get(KEY))[KEY];
  const ids = Array.isArray(stored) ? stored.filter((x): x is string => typeof x === 'string') : [];
  if (!ids.includes(modelId)) await browser.storage.local.set({ [KEY]: [...ids, modelId] });
}

/** Takes the agreement back (the model was deleted): the next use asks again before downloading. */
export async function forgetConsent(modelId: string): Promise<void> {
  const stored = (await browser.storage.local.get(KEY))[KEY];
  if (!Array.isArray(stored) || !stored.includes(modelId)) return;
  await browser.storage.local.set({ [KEY]: stored.filter((x) => x !== modelId) });
}
