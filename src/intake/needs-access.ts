/**
 * The sentence for an image whose site didn't answer the extension while the person hasn't allowed reading it: most
 * likely a site that shares its images with no other site (a browser can't tell that from the network being down).
 */
import { siteAccessHost } from '../network/site-access';
import { type UserError, userError } from '../protocol/errors';

export function imageNeedsAccess(url: string): UserError {
  const host = siteAccessHost(url) ?? 'The image’s site';
  return userError(
    'image-needs-access',
    `${host} didn’t let Verdict Lens read this image: a site may keep its images to itself unless you allow the extension to read it.`,
    'Allow it below (the browser asks you first, and its extension settings can take it back), or check your connection if the site is down.',
  );
}
