/** The sentence for an image whose site shares it with no other site, while the person hasn't allowed reading it. */
import { siteAccessHost } from '../network/site-access';
import { type UserError, userError } from '../protocol/errors';

export function imageNeedsAccess(url: string): UserError {
  const host = siteAccessHost(url) ?? 'The image’s site';
  return userError(
    'image-needs-access',
    `${host} doesn’t share its images with other sites, so Verdict Lens can read this one only with your permission.`,
    'Allow it below: the browser asks you first, and the browser’s extension settings can take it back.',
  );
}
