/**
 * Which sites the extension may read, as the browser's match patterns. It is installed with none: a click on its
 * button or its "Ask about this image" gives it the tab's own page (activeTab), and anything else (an image on a
 * CDN that shares it with no one) needs the person's permission, asked for when it is needed.
 */
import { webUrl } from './web-url';

/** Every site: what "Allow on all sites" asks for (the manifest's optional_host_permissions). */
export const ALL_SITES: readonly string[] = ['http://*/*', 'https://*/*'];

/** The pattern for `url`'s host (every port, path and query of it), or null where no permission applies. */
export function siteAccessPattern(url: string): string | null {
  const parsed = webUrl(url);
  return parsed && `${parsed.protocol}//${parsed.hostname}/*`;
}

/** The host a person recognises in a permission request ("cdn.example.com"), or null as above. */
export function siteAccessHost(url: string): string | null {
  return webUrl(url)?.hostname ?? null;
}
