/** Options in its own tab (the manifest's open_in_tab), from any extension page. */
import { browser } from './browser';

export function openOptionsPage(): Promise<void> {
  return browser.runtime.openOptionsPage();
}

/** The installed version, from the manifest (Options' footer). */
export function extensionVersion(): string {
  return browser.runtime.getManifest().version;
}
