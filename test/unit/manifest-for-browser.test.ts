import { describe, expect, test } from 'vitest';
import manifest from '../../manifest.json' with { type: 'json' };
import { FIREFOX_ADDON_ID, forTestBuild, manifestFor } from '../../scripts/manifest-for-browser';
import { ALL_SITES } from '../../src/network/site-access';

describe('manifestFor', () => {
  test('Chrome gets manifest.json as written', () => {
    expect(manifestFor(manifest, 'chrome')).toBe(manifest);
  });

  test('Firefox gets an event page, an add-on id, `menus` for contextMenus and no offscreen permission; the rest is unchanged', () => {
    const firefox = manifestFor(manifest, 'firefox');
    expect(firefox.background).toEqual({ scripts: [manifest.background.service_worker], type: 'module' });
    expect(firefox.browser_specific_settings).toEqual({
      gecko: {
        id: FIREFOX_ADDON_ID,
        strict_min_version: '140.0',
        data_collection_permissions: { required: ['none'] },
      },
      gecko_android: { strict_min_version: '142.0' },
    });
    expect(firefox.permissions).toEqual(
      manifest.permissions
        .filter((p) => p !== 'offscreen' && p !== 'sidePanel')
        .map((p) => (p === 'contextMenus' ? 'menus' : p)),
    );
    expect(firefox.permissions).toContain('menus');
    expect(firefox).not.toHaveProperty('minimum_chrome_version');
    // Chrome isolates the extension's pages for WASM threads; Firefox has no such keys.
    expect(manifest).toHaveProperty('cross_origin_embedder_policy', { value: 'credentialless' });
    expect(manifest).toHaveProperty('cross_origin_opener_policy', { value: 'same-origin' });
    expect(firefox).not.toHaveProperty('cross_origin_embedder_policy');
    expect(firefox).not.toHaveProperty('cross_origin_opener_policy');
    expect(firefox.content_security_policy).toEqual(manifest.content_security_policy);
    expect(firefox.optional_host_permissions).toEqual(manifest.optional_host_permissions);
    expect(firefox).not.toHaveProperty('host_permissions');
  });

  test('the conversation page is Chrome’s side panel and Firefox’s sidebar, opened only by "Ask about this image"', () => {
    expect(manifest.permissions).toContain('sidePanel');
    expect(manifest.side_panel).toEqual({ default_path: 'src/sidepanel/index.html' });
    const firefox = manifestFor(manifest, 'firefox');
    expect(firefox).not.toHaveProperty('side_panel');
    expect(firefox.sidebar_action).toEqual({
      default_panel: 'src/sidepanel/index.html',
      default_title: 'Ask about this image',
      open_at_install: false,
    });
  });
});

describe('least privilege', () => {
  test('installed with no site: activeTab for the clicked tab, every other site asked for when needed', () => {
    expect(manifest).not.toHaveProperty('host_permissions');
    expect(manifest.permissions).toContain('activeTab');
    // "Allow on all sites" asks for exactly what the manifest may ask for.
    expect(manifest.optional_host_permissions).toEqual([...ALL_SITES]);
    // The badge reads every tab's address (tabs): without it tabs.onUpdated gives no URL and no badge shows.
    expect(manifest.permissions).toContain('tabs');
  });

  test('a test build reads the local test servers (plain http) from the start; https still needs the click', () => {
    const test = forTestBuild(manifestFor(manifest, 'chrome'));
    expect(test.host_permissions).toEqual(['http://*/*']);
    expect(forTestBuild(manifestFor(manifest, 'firefox')).host_permissions).toEqual(['http://*/*']);
  });
});
