/** A backend as people read it, in every reason, status line and table. */
import type { Backend } from '../../protocol/messages';

export function backendName(backend: Backend): string {
  return backend === 'webgpu' ? 'WebGPU' : 'WASM';
}
