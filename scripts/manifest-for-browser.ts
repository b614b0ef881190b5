/**
 * One manifest.json, written for Chrome; Firefox gets the same extension with what its MV3 differs in: an event
 * page instead of a service worker (there the background hosts the model worker itself, as Firefox has no
 * offscreen documents), an add-on id, `menus` for `contextMenus`, no `offscreen` or `sidePanel` permission, its
 * `sidebar_action` for Chrome's `side_panel` (the same page hosts the conversation), and none of Chrome's
 * cross-origin isolation keys (Firefox doesn't honour them: bugzilla.mozilla.org/show_bug.cgi?id=1673477).
 */
export type TargetBrowser = 'chrome' | 'firefox';

export const FIREFOX_ADDON_ID = 'verdict-lens@verdict-lens.dev';

interface ChromeManifest {
  background: { service_worker: string; type?: string };
  side_panel?: { default_path: string };
  permissions?: string[];
  minimum_chrome_version?: string;
  [key: string]: unknown;
}

export function manifestFor<T extends ChromeManifest>(
  manifest: T,
  browser: TargetBrowser,
): Record<string, unknown> {
  if (browser === 'chrome') return manifest;
  const {
    background,
    minimum_chrome_version: _chromeOnly,
    cross_origin_embedder_policy: _coep,
    cross_origin_opener_policy: _coop,
    permissions = [],
    side_panel: sidePanel,
    ...rest
  } = manifest;
  return {
    ...rest,
    // `menus` is Firefox's name for contextMenus, and the one that gives pages menus.getTargetElement.
    permissions: permissions
      .filter((p) => p !== 'offscreen' && p !== 'sidePanel')
      .map((p) => (p === 'contextMenus' ? 'menus' : p)),
    background: { scripts: [background.service_worker], type: 'module' },
    ...(sidePanel
      ? {
          sidebar_action: {
            default_panel: sidePanel.default_path,
            default_title: 'Ask about this image',
            // Opened by "Ask about this image", not by installing the add-on.
            open_at_install: false,
          },
        }
      : {}),
    browser_specific_settings: {
      gecko: {
        id: FIREFOX_ADDON_ID,
        // 140 (an ESR) is the first to read data_collection_permissions.
        strict_min_version: '140.0',
        // Firefox's built-in data consent: the extension collects and transmits nothing (see PRIVACY.md).
        data_collection_permissions: { required: ['none'] },
      },
      // Firefox for Android reads the key from 142; the store checks the two apart.
      gecko_android: { strict_min_version: '142.0' },
    },
  };
}

/**
 * The manifest of a test build (the e2e suites' dist/ and dist-firefox/, and the bench's dist-bench/): the local
 * test servers (plain http) are readable from the start, standing for a person who allowed those sites at their
 * first Ask, a prompt automation can't answer in Chromium. Everything served over https (the vendors' stand-in pages) still needs the click's
 * activeTab, and the store build (dist-store/) starts with no site at all, which its own suite checks.
 */
export const TEST_BUILD_HOSTS: readonly string[] = ['http://*/*'];

export function forTestBuild<T extends Record<string, unknown>>(
  manifest: T,
): T & { host_permissions: string[] } {
  return { ...manifest, host_permissions: [...TEST_BUILD_HOSTS] };
}
