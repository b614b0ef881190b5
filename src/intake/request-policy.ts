/**
 * How the extension may ask for an image a page named, decided from the two addresses alone: never with a cookie
 * that the page's own request for the image wouldn't carry, and never towards this device or the local network
 * from a page that isn't there itself. The extension can read any image the person's browser can, so without
 * these rules a page could have it fetch, describe and transcribe an intranet chart or a signed-in mail attachment.
 */
import { type AddressKind, addressKind, mayReach } from '../network/address-kind';
import { sameSite } from '../network/site';
import { type UserError, userError } from '../protocol/errors';

export type ImageRequestPlan =
  | { ok: true; credentials: 'include' | 'omit' }
  | { ok: false; error: UserError };

function kindOf(url: URL | null): AddressKind {
  // An address we can't place (no page, an extension page) is treated as the public internet: the strictest.
  return url && (url.protocol === 'http:' || url.protocol === 'https:')
    ? addressKind(url.hostname)
    : 'public';
}

function parse(url: string | undefined): URL | null {
  if (url === undefined) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

const WHERE: Record<AddressKind, string> = {
  loopback: 'this device',
  private: 'your local network',
  public: 'the internet',
};

/**
 * Credentials only when the image is same-site with the page (where the browser would send SameSite cookies
 * itself); a refusal when the image sits on an address more private than the page's (see mayReach).
 * `pageUrl` is the tab's page as the browser reported it; absent, the image is treated as named by a public page.
 */
export function imageRequestPlan(imageUrl: string, pageUrl: string | undefined): ImageRequestPlan {
  const image = parse(imageUrl);
  if (!image || image.protocol === 'data:') return { ok: true, credentials: 'omit' };
  const page = parse(pageUrl);
  const target = kindOf(image);
  const from = kindOf(page);
  if (!mayReach(from, target)) {
    const named = page?.host ? `the page that showed it (${page.host})` : 'the page that showed it';
    return {
      ok: false,
      error: userError(
        'image-private-address',
        `This image is on ${WHERE[target]} (${image.host}) but ${named} is not, so Verdict Lens didn't fetch it: a web page could otherwise use it to read what only your ${target === 'loopback' ? 'device' : 'network'} can see.`,
        'Open the image from a page on the same network, or save it and ask about the saved copy.',
      ),
    };
  }
  return { ok: true, credentials: page && sameSite(imageUrl, page.href) ? 'include' : 'omit' };
}
