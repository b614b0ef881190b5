/**
 * How the background reaches the engine host: the offscreen document on Chrome; on Firefox (no offscreen API,
 * but a background page that may start workers) an EngineHost running right here.
 */

import { fetchImageForModel } from '../intake/fetch-image';
import { verifyInlineImage } from '../intake/inline-image';
import { EngineHost } from '../offscreen/engine-host';
import { startInferenceWorker } from '../offscreen/start-worker';
import {
  closeOffscreenDocument,
  ensureOffscreenDocument,
  hasOffscreenApi,
  offscreenDocumentExists,
  onOffscreenNotice,
  sendToEngineHost,
} from '../platform/offscreen';
import type { EngineHostCommand, OffscreenNotice } from '../protocol/messages';

export interface EngineLink {
  send(command: EngineHostCommand): Promise<void>;
  /** Sends only to an engine host that is already running: for commands that mean nothing to a new one. */
  sendIfRunning(command: EngineHostCommand): Promise<void>;
  /** Gives the model's memory back. */
  release(): Promise<void>;
}

const IDLE_MS = 5 * 60_000;

/** False in the Firefox build, where the bundler then leaves out the offscreen path and its Chrome-only calls. */
const OFFSCREEN_BUILD =
  typeof __VERDICT_LENS_BROWSER__ === 'undefined' || __VERDICT_LENS_BROWSER__ === 'chrome';

export function createEngineLink(onNotice: (notice: OffscreenNotice) => void): EngineLink {
  if (OFFSCREEN_BUILD && hasOffscreenApi()) {
    onOffscreenNotice(onNotice);
    return {
      async send(command) {
        await ensureOffscreenDocument();
        await sendToEngineHost(command);
      },
      async sendIfRunning(command) {
        if (await offscreenDocumentExists()) await sendToEngineHost(command);
      },
      release: closeOffscreenDocument,
    };
  }
  let host: EngineHost | null = null;
  return {
    async send(command) {
      host ??= new EngineHost({
        startWorker: startInferenceWorker,
        send: (envelope) => onNotice({ type: 'engine-event', envelope }),
        fetchImage: fetchImageForModel,
        checkInlineImage: verifyInlineImage,
        onIdle: (idleMs) => onNotice({ type: 'engine-idle', idleMs }),
        idleMs: IDLE_MS,
      });
      host.handle(command);
    },
    async sendIfRunning(command) {
      host?.handle(command);
    },
    async release() {
      host?.dispose();
      host = null;
    },
  };
}
