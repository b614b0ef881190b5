/**
 * Links in verdict data can come from a feed, so they are untrusted: only http(s) URLs may become clickable.
 * Everything else (javascript:, data:, chrome:, file:, relative or malformed) is refused.
 */
export function safeHttpUrl(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  // Credentials in a link are a phishing trick ("https://vendor.com@evil.example"), never needed here.
  if (url.username !== '' || url.password !== '') return null;
  return url.href;
}
