/**
 * The tab the popup describes, looked up without webextension-polyfill: Firefox's `browser` and MV3 Chrome's
 * `chrome` both answer tabs.get and tabs.query with promises, so the popup's first paint needn't load, compile and
 * run the polyfill (10 KB) before it can even ask. The rest of src/platform keeps the polyfill.
 */
import type { TabRef } from './tabs';

interface RawTab {
  id?: number;
  url?: string;
}
interface NativeTabs {
  get(tabId: number): Promise<RawTab>;
  query(query: { active: boolean; currentWindow: boolean }): Promise<RawTab[]>;
}

function nativeTabs(): NativeTabs {
  const scope = globalThis as unknown as { browser?: { tabs: NativeTabs }; chrome: { tabs: NativeTabs } };
  return (scope.browser ?? scope.chrome).tabs;
}

const toRef = (tab: RawTab | undefined): TabRef | null =>
  tab?.id === undefined ? null : { id: tab.id, url: tab.url ?? '' };

/** `?tabId=N` (pop-out, tests) names the tab; otherwise the active tab of the popup's window. Null when gone. */
export async function popupTab(search: string): Promise<TabRef | null> {
  const param = new URLSearchParams(search).get('tabId');
  const tabId = param === null ? Number.NaN : Number(param);
  try {
    if (Number.isInteger(tabId)) return toRef(await nativeTabs().get(tabId));
    const [tab] = await nativeTabs().query({ active: true, currentWindow: true });
    return toRef(tab);
  } catch {
    return null; // closed meanwhile, or never existed
  }
}
