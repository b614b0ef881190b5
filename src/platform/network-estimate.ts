/** The browser's bandwidth estimate (Network Information API: Chromium only, so typed here; null elsewhere). */
export function estimatedDownlinkMbps(): number | null {
  const connection = (globalThis.navigator as Navigator & { connection?: { downlink?: number } }).connection;
  return typeof connection?.downlink === 'number' && connection.downlink > 0 ? connection.downlink : null;
}
