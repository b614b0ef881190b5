/**
 * The one engine host set-up, for both browsers: Chrome's offscreen document and Firefox's background page each
 * call this with how to reach the background, so the worker, the image intake and the idle time are set once.
 */
import { fetchImageForModel } from '../intake/fetch-image';
import { verifyInlineImage } from '../intake/inline-image';
import type { EngineHostNotice } from '../protocol/messages';
import { EngineHost } from './engine-host';
import { startInferenceWorker } from './start-worker';

/** The model's memory goes back to the system after this long with nothing to do (unless a job says otherwise). */
export const ENGINE_IDLE_MS = 5 * 60_000;

export function createEngineHost(notify: (notice: EngineHostNotice) => void): EngineHost {
  return new EngineHost({
    startWorker: startInferenceWorker,
    send: (envelope) => notify({ target: 'background', type: 'engine-event', envelope }),
    fetchImage: fetchImageForModel,
    checkInlineImage: verifyInlineImage,
    onIdle: (idleMs) => notify({ target: 'background', type: 'engine-idle', idleMs }),
    idleMs: ENGINE_IDLE_MS,
  });
}
