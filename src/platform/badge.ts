/** The toolbar badge, always per tab, so each tab shows the verdict of the page it's on. */
import { browser } from './browser';

export interface BadgeLook {
  text: string;
  /** Background colour, CSS hex. */
  color: string;
  /** Tooltip of the toolbar button. */
  title: string;
}

export async function setTabBadge(tabId: number, look: BadgeLook): Promise<void> {
  await Promise.all([
    browser.action.setBadgeText({ tabId, text: look.text }),
    browser.action.setBadgeBackgroundColor({ tabId, color: look.color }),
    // setBadgeTextColor is missing in older Firefox; white on our colours is what Chrome picks anyway.
    browser.action.setBadgeTextColor?.({ tabId, color: '#ffffff' }),
    browser.action.setTitle({ tabId, title: look.title }),
  ]);
}

export async function clearTabBadge(tabId: number, title: string): Promise<void> {
  await Promise.all([
    browser.action.setBadgeText({ tabId, text: '' }),
    browser.action.setTitle({ tabId, title }),
  ]);
}
