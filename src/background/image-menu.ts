/**
 * "Ask about this image" in the page's context menu. The handler is also reachable as
 * `self.verdictLens.askAboutImage(click)` in the service worker: browsers can't click their own context menus from
 * automation, so the e2e tests (and anyone debugging) call the same handler the menu does.
 */
import { type ImageClick, openSidePanel, registerAskImageMenu, storeAskTarget } from '../platform/ask-image';

async function askAboutImage(click: ImageClick): Promise<void> {
  // Started first, while the click still counts as the user's gesture (see openSidePanel).
  const opened = openSidePanel(click.tabId).catch((error: unknown) => {
    // Without a gesture (a call from automation) the browser refuses to open it; the stored image still waits there.
    console.warn('Verdict Lens: could not open the side panel', error);
  });
  await Promise.all([storeAskTarget(click), opened]);
}

export function registerImageMenu(): void {
  registerAskImageMenu((click) => void askAboutImage(click));
  (globalThis as unknown as { verdictLens?: object }).verdictLens = { askAboutImage };
}
