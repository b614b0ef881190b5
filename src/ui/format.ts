/** Short, human numbers for the model UIs. */
import type { Backend } from '../protocol/messages';

export function megabytes(bytes: number): string {
  if (bytes < 1_000_000) return `${Math.round(bytes / 1000)} kB`;
  const mb = bytes / 1_000_000;
  return `${mb < 10 ? mb.toFixed(1) : Math.round(mb)} MB`;
}

/** Model and storage sizes in decimal units, as the hub and the catalog state them; GB from 1 GB up. */
export function decimalSize(bytes: number): string {
  return bytes < 1_000_000_000 ? megabytes(bytes) : `${(bytes / 1_000_000_000).toFixed(2)} GB`;
}

/**
 * A download's size as every view says it: "210 MB", "about 210 MB" when rounded, "about 210–263 MB" while the
 * device (and so the files) isn't known yet.
 */
export function downloadSizeText(
  size: { minBytes: number; maxBytes: number; exact: boolean } | null,
): string {
  if (size === null) return 'size unknown';
  const low = decimalSize(size.minBytes);
  const high = decimalSize(size.maxBytes);
  const about = size.exact ? '' : 'about ';
  if (low === high) return `${about}${low}`;
  const [lowNumber, lowUnit] = low.split(' ');
  return lowUnit === high.split(' ')[1] ? `${about}${lowNumber}–${high}` : `${about}${low}–${high}`;
}

/** "1.2 MB of 180 MB" */
export function downloadLabel(loaded: number, total: number): string {
  return `${megabytes(loaded)} of ${megabytes(total)}`;
}

export function backendName(backend: Backend): string {
  return backend === 'webgpu' ? 'WebGPU' : 'WASM';
}

/** "WebGPU · 41 tok/s", or just the backend before the first answer. */
export function engineLine(backend: Backend, tokensPerSecond: number | null): string {
  return tokensPerSecond === null
    ? backendName(backend)
    : `${backendName(backend)} · ${Math.round(tokensPerSecond)} tok/s`;
}
