/**
 * Keeps every tab's badge in step with the tool whose site it shows. Nothing is held in memory between events
 * except the catalog, which is derived from the data and rebuilt whenever the worker restarts.
 */
import { clearTabBadge, setTabBadge } from '../platform/badge';
import { listTabs, onTabMaybeChanged, type TabRef } from '../platform/tabs';
import { loadVerdictData } from '../platform/verdict-data';
import { badgeLook, DEFAULT_BADGE_TITLE } from '../verdicts/badge-look';
import { createCatalog, type VerdictCatalog } from '../verdicts/catalog';

let catalogPromise: Promise<VerdictCatalog> | null = null;
const catalog = () => {
  catalogPromise ??= loadVerdictData().then(createCatalog);
  return catalogPromise;
};

async function updateBadge(tab: TabRef): Promise<void> {
  const cat = await catalog();
  const tool = cat.toolForUrl(tab.url);
  const look = tool ? badgeLook(tool.name, cat.statsOf(tool.id)) : null;
  try {
    if (look) await setTabBadge(tab.id, look);
    else await clearTabBadge(tab.id, DEFAULT_BADGE_TITLE);
  } catch {
    // The tab closed between the event and now; there's nothing left to label.
  }
}

/** Call when the verdict data changes (e.g. a new feed), so open tabs show the new numbers. */
export async function refreshAllBadges(): Promise<void> {
  catalogPromise = null;
  await Promise.all((await listTabs()).map(updateBadge));
}

export function registerBadge(): void {
  onTabMaybeChanged((tab) => void updateBadge(tab));
  // Each worker start (install, browser start, wake-up after idle) relabels the tabs already open.
  void refreshAllBadges();
}
