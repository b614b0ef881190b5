/**
 * One manifest.json, written for Chrome; Firefox gets the same extension with what its MV3 differs in: an event
 * page instead of a service worker (there the background hosts the model worker itself, as Firefox has no
 * offscreen documents), an add-on id, and no `offscreen` permission.
 */
export type TargetBrowser = 'chrome' | 'firefox';

export const FIREFOX_ADDON_ID = 'verdict-lens@verdict-lens.dev';

interface ChromeManifest {
  background: { service_worker: string; type?: string };
  permissions?: string[];
  minimum_chrome_version?: string;
  [key: string]: unknown;
}

export function manifestFor<T extends ChromeManifest>(
  manifest: T,
  browser: TargetBrowser,
): Record<string, unknown> {
  if (browser === 'chrome') return manifest;
  const { background, minimum_chrome_version: _chromeOnly, permissions = [], ...rest } = manifest;
  return {
    ...rest,
    // `menus` is Firefox's name for contextMenus, and the one that gives pages menus.getTargetElement.
    permissions: permissions
      .filter((p) => p !== 'offscreen')
      .map((p) => (p === 'contextMenus' ? 'menus' : p)),
    background: { scripts: [background.service_worker], type: 'module' },
    browser_specific_settings: { gecko: { id: FIREFOX_ADDON_ID, strict_min_version: '128.0' } },
  };
}
