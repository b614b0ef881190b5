/** Options in its own tab (the manifest's open_in_tab), from any extension page. */
import { browser } from './browser';

export function openOptionsPage(): Promise<void> {
  return browser.runtime.openOptionsPage();
}
