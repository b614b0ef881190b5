/** The welcome page: opened once, when the extension is first installed (not on updates or browser restarts). */
import { browser } from './browser';

export const WELCOME_PAGE = 'src/welcome/index.html';

export function registerWelcomeOnInstall(): void {
  browser.runtime.onInstalled.addListener(({ reason }) => {
    // Only a fresh install introduces the extension; an update or a browser update must not open a tab.
    if (reason === 'install') void browser.tabs.create({ url: browser.runtime.getURL(WELCOME_PAGE) });
  });
}
