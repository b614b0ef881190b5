/** Starts the inference worker (a module worker bundled by Vite) and wires its messages and crashes. */
import type { EngineWorkerEvent } from '../protocol/messages';
import type { WorkerHandle } from './engine-host';

export function startInferenceWorker(
  onEvent: (event: EngineWorkerEvent) => void,
  onCrash: (detail: string) => void,
): WorkerHandle {
  const worker = new Worker(new URL('./model-worker.ts', import.meta.url), { type: 'module' });
  worker.addEventListener('message', (message: MessageEvent<EngineWorkerEvent>) => onEvent(message.data));
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    onCrash(event.message || 'the worker failed');
  });
  worker.addEventListener('messageerror', () => onCrash('a message could not be read'));
  return worker;
}
