/** Starts the inference worker (a module worker bundled by Vite) and wires its messages and crashes. */
import type { EngineWorkerMessage } from '../protocol/messages';
import type { WorkerHandle } from './engine-host';

export function startInferenceWorker(
  onMessage: (message: EngineWorkerMessage) => void,
  onCrash: (detail: string) => void,
): WorkerHandle {
  const worker = new Worker(new URL('../inference/worker.ts', import.meta.url), { type: 'module' });
  worker.addEventListener('message', (event: MessageEvent<EngineWorkerMessage>) => onMessage(event.data));
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    onCrash(event.message || 'the worker failed');
  });
  worker.addEventListener('messageerror', () => onCrash('a message could not be read'));
  return worker;
}
