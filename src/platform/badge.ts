/** The toolbar badge, always per tab, so each tab shows the verdict of the page it's on. */
import { browser } from './browser';

export interface BadgeLook {
  text: string;
  /** Background colour, CSS hex. */
  color: string;
}

export async function setTabBadge(tabId: number, look: BadgeLook): Promise<void> {
  await Promise.all([
    browser.action.setBadgeText({ tabId, text: look.text }),
    browser.action.setBadgeBackgroundColor({ tabId, color: look.color }),
    // setBadgeTextColor is missing in older Firefox; white on our colours is what Chrome picks anyway.
    browser.action.setBadgeTextColor?.({ tabId, color: '#ffffff' }),
  ]);
}

export async function clearTabBadge(tabId: number): Promise<void> {
  await browser.action.setBadgeText({ tabId, text: '' });
}
