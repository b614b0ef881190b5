/** Short, human numbers for the model UIs. */
import type { Backend } from '../protocol/messages';

export function megabytes(bytes: number): string {
  if (bytes < 1_000_000) return `${Math.round(bytes / 1000)} kB`;
  const mb = bytes / 1_000_000;
  return `${mb < 10 ? mb.toFixed(1) : Math.round(mb)} MB`;
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
