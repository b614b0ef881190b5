/** Display helpers for the options page: numbers and times as people read them. */
import { decimalSize } from '../ui/format';

export { formatBytes } from '../verdicts/feed';

/** Model and storage sizes in decimal units, as the hub, the catalog and the side panel state them. */
export const formatSize = decimalSize;

export function formatMs(ms: number | null): string {
  if (ms === null) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

export function formatRate(tokensPerSecond: number | null): string {
  return tokensPerSecond === null ? '—' : `${tokensPerSecond.toFixed(1)} tok/s`;
}

export function formatWhen(epochMs: number | null, now = Date.now()): string {
  if (epochMs === null) return 'never';
  const seconds = Math.round((now - epochMs) / 1000);
  if (seconds < 45) return 'just now';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h ago`;
  return new Date(epochMs).toLocaleString();
}
