/**
 * A random id for a request, a conversation or a chosen image. `crypto.randomUUID` exists only in secure contexts
 * (a plain-http page has none), while `crypto.getRandomValues` exists everywhere the extension runs.
 */
export function randomId(): string {
  const uuid = globalThis.crypto?.randomUUID?.bind(globalThis.crypto);
  if (uuid) return uuid();
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
