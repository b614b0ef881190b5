/**
 * "Ask about this image" in the page's context menu. The handler is also reachable as
 * `self.verdictLens.askAboutImage(click)` in the service worker: browsers can't click their own context menus from
 * automation, so the e2e tests (and anyone debugging) call the same handler the menu does.
 */
/// <reference types="@crxjs/vite-plugin/client" />
import askImageScript from '../content/ask-image.tsx?script&iife';
import { type ImageClick, openAskPanel, registerAskImageMenu } from '../platform/ask-image';

async function askAboutImage(click: ImageClick): Promise<void> {
  try {
    // The background owns which script the page gets; platform/ only knows how to inject one.
    await openAskPanel(click, askImageScript);
  } catch (error) {
    // Pages the extension may not script (the Web Store, browser pages) can't show the panel.
    console.warn('Verdict Lens: could not open the panel on this page', error);
  }
}

export function registerImageMenu(): void {
  registerAskImageMenu((click) => void askAboutImage(click));
  (globalThis as unknown as { verdictLens?: object }).verdictLens = { askAboutImage };
}
