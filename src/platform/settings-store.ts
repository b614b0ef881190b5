import { DEFAULT_SETTINGS, parseSettings, type Settings } from '../settings/schema';
import { browser } from './browser';

const KEY = 'settings';

export async function loadSettings(): Promise<Settings> {
  const stored = await browser.storage.sync.get(KEY);
  return parseSettings(stored[KEY] ?? DEFAULT_SETTINGS);
}

export async function saveSettings(patch: Partial<Settings>): Promise<Settings> {
  const next = parseSettings({ ...(await loadSettings()), ...patch });
  await browser.storage.sync.set({ [KEY]: next });
  return next;
}

/**
 * Calls back with the new (and previous) settings whenever any page changes them, so changes apply without a reload.
 */
export function onSettingsChanged(listener: (settings: Settings, previous: Settings) => void): () => void {
  const handler = (changes: Record<string, { newValue?: unknown; oldValue?: unknown }>, area: string) => {
    const change = changes[KEY];
    if (area === 'sync' && change) {
      listener(
        parseSettings(change.newValue ?? DEFAULT_SETTINGS),
        parseSettings(change.oldValue ?? DEFAULT_SETTINGS),
      );
    }
  };
  browser.storage.onChanged.addListener(handler);
  return () => browser.storage.onChanged.removeListener(handler);
}
