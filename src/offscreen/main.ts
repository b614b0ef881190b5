/**
 * The offscreen document (Chrome): hosts the engine so a long download or generation survives the service
 * worker's idle shutdowns. It only relays; the logic is in EngineHost.
 */

import { fetchImageForModel } from '../intake/fetch-image';
import { verifyInlineImage } from '../intake/inline-image';
import { notifyBackground, onEngineHostCommand } from '../platform/offscreen';
import { EngineHost } from './engine-host';
import { startInferenceWorker } from './start-worker';

/** The model's memory goes back to the system after this long with nothing to do. */
const IDLE_MS = 5 * 60_000;

const host = new EngineHost({
  startWorker: startInferenceWorker,
  send: (envelope) => void notifyBackground({ type: 'engine-event', envelope }),
  fetchImage: fetchImageForModel,
  checkInlineImage: verifyInlineImage,
  onIdle: (idleMs) => void notifyBackground({ type: 'engine-idle', idleMs }),
  idleMs: IDLE_MS,
});

onEngineHostCommand((command) => host.handle(command));
