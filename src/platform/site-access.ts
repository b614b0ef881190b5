/** Asks and answers whether the extension may read a site (see network/site-access for what it starts with). */
import { ALL_SITES, siteAccessPattern } from '../network/site-access';
import { browser } from './browser';

/** Whether the person has allowed reading `url`'s site (activeTab's grant for the tab's page isn't listed here). */
export async function hasSiteAccess(url: string): Promise<boolean> {
  const pattern = siteAccessPattern(url);
  if (!pattern) return true;
  try {
    return await browser.permissions.contains({ origins: [pattern] });
  } catch {
    return false;
  }
}

/**
 * Shows the browser's permission prompt for `url`'s site, or for every site. Must be called straight from a click
 * (the browser asks for a user gesture), before anything else is awaited.
 */
export async function requestSiteAccess(url: string, everywhere: boolean): Promise<boolean> {
  const pattern = siteAccessPattern(url);
  if (!pattern) return false;
  try {
    return await browser.permissions.request({ origins: everywhere ? [...ALL_SITES] : [pattern] });
  } catch {
    return false;
  }
}
