/**
 * The set-up most e2e tests share: the generated test model, a local hub serving it, the built extension pointed at
 * that hub (after `onLaunch`, when given), an extension page to drive the engine from and, when asked, a local site
 * for pages and images.
 * `useEngineSetup()` (Chromium, Playwright's full API) and `useSessionSetup()` (test/e2e/shared/, both browsers)
 * register it in the surrounding `describe`, or the file when called at its top (beforeAll, and afterAll closing all
 * of it), so a test file writes only what is its own. Hooks run in the order they are registered: a beforeAll
 * written before the call runs before the launch (e.g. making a larger model), one written after it sees the set-up.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { Settings } from '../../src/settings/schema';
import { type ExtensionSession, launchSession, type SessionOptions, type TestPage } from './driver';
import { useTestModel } from './engine-driver';
import { ensureFixture } from './fixture';
import { type LaunchOptions, type LoadedExtension, launchExtension } from './harness';
import { type HubServer, startHubServer } from './hub-server';
import { type SiteServer, startSiteServer } from './site-server';

interface SetupOptions {
  /** Settings on top of the test model's (e.g. `{ backend: 'wasm' }`). */
  settings?: Partial<Settings>;
  /** The extension page opened for `page`; Options by default, as the engine tests drive it from there; null for none. */
  pagePath?: string | null;
  /** Also start a local site (`site`), before the browser, so a test can put pages and images on it. */
  site?: boolean;
  /**
   * False for a model that isn't the generated fixture (e.g. the real-scale stand-in), which the test makes
   * itself; the fixture is generated (if missing) by default.
   */
  fixture?: boolean;
}

interface BeforeModel<E> {
  /**
   * Runs on the launched browser before it is pointed at the test model, for what must see everything from the
   * start (a request log, a recorder of the background's calls).
   */
  onLaunch?: (ext: E) => Promise<void> | void;
}

export type EngineSetupOptions = SetupOptions & BeforeModel<LoadedExtension> & LaunchOptions;
export type SessionSetupOptions = SetupOptions & BeforeModel<ExtensionSession> & SessionOptions;

interface Launched<P> {
  openExtensionPage(path: string): Promise<P>;
  close(): Promise<void>;
}

export interface Setup<E, P> {
  readonly ext: E;
  readonly hub: HubServer;
  readonly page: P;
  readonly site: SiteServer;
}

export type EngineSetup = Setup<LoadedExtension, Page>;
export type SessionSetup = Setup<ExtensionSession, TestPage>;

function registerSetup<E extends Launched<P> & Parameters<typeof useTestModel>[0], P>(
  options: SetupOptions & BeforeModel<E>,
  launch: () => Promise<E>,
): Setup<E, P> {
  const { settings, pagePath = 'src/options/index.html', site: wantSite, fixture = true, onLaunch } = options;
  const held: { ext?: E; hub?: HubServer; page?: P; site?: SiteServer } = {};
  const get = <K extends keyof Setup<E, P>>(key: K): Setup<E, P>[K] => {
    const value = held[key];
    if (value === undefined) {
      throw new Error(
        (key === 'site' && !wantSite) || (key === 'page' && pagePath === null)
          ? `this set-up has no ${key} (see its options)`
          : `the set-up's ${key} is ready only inside tests and hooks after its beforeAll`,
      );
    }
    return value as Setup<E, P>[K];
  };

  beforeAll(async () => {
    if (fixture) ensureFixture();
    held.hub = await startHubServer();
    if (wantSite) held.site = await startSiteServer();
    const ext = await launch();
    held.ext = ext;
    await onLaunch?.(ext);
    await useTestModel(ext, held.hub.url, settings);
    if (pagePath !== null) held.page = await ext.openExtensionPage(pagePath);
  });
  afterAll(async () => {
    await held.ext?.close();
    await held.hub?.close();
    await held.site?.close();
  });

  return {
    get ext() {
      return get('ext');
    },
    get hub() {
      return get('hub');
    },
    get page() {
      return get('page');
    },
    get site() {
      return get('site');
    },
  };
}

/** Chromium with the built extension (dist/), through Playwright. */
export function useEngineSetup(options: EngineSetupOptions = {}): EngineSetup {
  const { settings, pagePath, site, fixture, onLaunch, ...launch } = options;
  return registerSetup<LoadedExtension, Page>({ settings, pagePath, site, fixture, onLaunch }, () =>
    launchExtension(launch),
  );
}

/** The browser the e2e project runs (Chromium or Firefox), through the shared driver. */
export function useSessionSetup(options: SessionSetupOptions = {}): SessionSetup {
  const { settings, pagePath, site, fixture, onLaunch, ...launch } = options;
  return registerSetup<ExtensionSession, TestPage>({ settings, pagePath, site, fixture, onLaunch }, () =>
    launchSession(launch),
  );
}
