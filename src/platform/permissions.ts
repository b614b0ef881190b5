/**
 * Host access for a feed the person chose. It is optional (declared in optional_host_permissions) and asked for one
 * origin at a time, so installing the extension grants no access to any site.
 */
import { browser } from './browser';

function originPattern(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? `${u.protocol}//${u.hostname}/*` : null;
  } catch {
    return null;
  }
}

/** Must run in a click handler (browsers require a user gesture). Resolves false when declined or unsupported. */
export async function requestOriginAccess(url: string): Promise<boolean> {
  const pattern = originPattern(url);
  if (!pattern) return false;
  try {
    return await browser.permissions.request({ origins: [pattern] });
  } catch {
    return false;
  }
}

export async function hasOriginAccess(url: string): Promise<boolean> {
  const pattern = originPattern(url);
  if (!pattern) return false;
  try {
    return await browser.permissions.contains({ origins: [pattern] });
  } catch {
    return false;
  }
}
