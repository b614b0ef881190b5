/**
 * "Ask about this image" in Chromium tests: the access to the tab's page a menu click gives (activeTab, granted by
 * the toolbar click the DevTools protocol can make), the menu's own handler (Chromium's context menus can't be
 * clicked from automation), then the tab's side panel page. Without a real click there is no user gesture, so Chromium refuses
 * to open the panel itself; the same page the panel would show is opened in a tab of its own instead
 * (chrome-extension://<id>/src/sidepanel/index.html?tab=N), and `sidePanelCalls` shows what the handler asked for.
 */
import type { Page } from 'playwright-core';
import type { LoadedExtension } from './harness';

export async function tabIdOf(ext: LoadedExtension, page: Page): Promise<number> {
  return ext.serviceWorker.evaluate(
    async (u) => (await chrome.tabs.query({ url: u }))[0]?.id ?? -1,
    page.url().replace(/#.*$/, ''),
  );
}

/** The side panel page of `tabId`, already open from an earlier ask, or a new one. */
async function panelPageFor(ext: LoadedExtension, tabId: number): Promise<Page> {
  const url = `chrome-extension://${ext.extensionId}/src/sidepanel/index.html?tab=${tabId}`;
  const open = ext.context.pages().find((p) => !p.isClosed() && p.url() === url);
  if (open) return open;
  const panel = await ext.context.newPage();
  await panel.goto(url);
  return panel;
}

/** What the menu does on a right-click of the image at `srcUrl` in `page`; resolves to the conversation's side panel. */
export async function askAboutImage(
  ext: LoadedExtension,
  page: Page,
  srcUrl: string,
  /** false: the handler alone, without the tab access the real click gives (what a build can do without it). */
  options: { tabAccess?: boolean } = {},
): Promise<Page> {
  const tabId = await tabIdOf(ext, page);
  // The menu click gives the extension the tab's page (activeTab), as the toolbar click does.
  if (options.tabAccess !== false) await ext.grantTabAccess(page);
  const click = { tabId, frameId: 0, srcUrl, pageUrl: page.url(), pageTitle: await page.title() };
  const id = await ext.serviceWorker.evaluate(async (click) => {
    const hook = (self as unknown as { verdictLens: { askAboutImage(c: object): Promise<void> } })
      .verdictLens;
    await hook.askAboutImage(click);
    const { tabId } = click;
    const key = `askTarget:${tabId}`;
    return ((await chrome.storage.session.get(key))[key] as { id: string } | undefined)?.id ?? '';
  }, click);
  if (!id) throw new Error('askAboutImage: the background kept no chosen image for the tab');
  const panel = await panelPageFor(ext, tabId);
  await panel.locator(`[data-ask-id="${id}"]`).waitFor();
  return panel;
}

/** Records every sidePanel.open call the background makes from now on (the real call still runs after). */
export async function recordSidePanelCalls(ext: LoadedExtension): Promise<void> {
  await ext.serviceWorker.evaluate(() => {
    const scope = self as unknown as { sidePanelCalls?: object[] };
    if (scope.sidePanelCalls) return;
    scope.sidePanelCalls = [];
    const real = chrome.sidePanel.open.bind(chrome.sidePanel);
    chrome.sidePanel.open = (options: chrome.sidePanel.OpenOptions) => {
      const call: { options: object; outcome?: string } = { options };
      scope.sidePanelCalls?.push(call);
      return real(options).then(
        () => {
          call.outcome = 'opened';
        },
        (error: Error) => {
          call.outcome = error.message;
          throw error;
        },
      );
    };
  });
}

export function sidePanelCalls(ext: LoadedExtension): Promise<{ options: object; outcome?: string }[]> {
  return ext.serviceWorker.evaluate(
    () =>
      (self as unknown as { sidePanelCalls?: { options: object; outcome?: string }[] }).sidePanelCalls ?? [],
  );
}
