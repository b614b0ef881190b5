/**
 * The one import of webextension-polyfill. Everything that touches browser APIs lives in src/platform,
 * so the rest of the code base stays pure and testable in Node.
 */
import browser from 'webextension-polyfill';

export type { Menus, Runtime, Tabs } from 'webextension-polyfill';
export { browser };
