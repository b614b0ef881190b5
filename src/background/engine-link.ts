/**
 * How the background reaches the engine host: the offscreen document on Chrome; on Firefox (no offscreen API,
 * but a background page that may start workers) an EngineHost running right here.
 */

import { createEngineHost } from '../offscreen/create-engine-host';
import type { EngineHost } from '../offscreen/engine-host';
import {
  closeOffscreenDocument,
  ensureOffscreenDocument,
  hasOffscreenApi,
  offscreenDocumentExists,
  onEngineHostNotice,
  sendToEngineHost,
} from '../platform/offscreen';
import type { EngineHostCommand, EngineHostNotice } from '../protocol/messages';

export interface EngineLink {
  send(command: EngineHostCommand): Promise<void>;
  /** Sends only to an engine host that is already running: for commands that mean nothing to a new one. */
  sendIfRunning(command: EngineHostCommand): Promise<void>;
  /** Gives the model's memory back. */
  release(): Promise<void>;
}

/** False in the Firefox build, where the bundler then leaves out the offscreen path and its Chrome-only calls. */
const OFFSCREEN_BUILD =
  typeof __VERDICT_LENS_BROWSER__ === 'undefined' || __VERDICT_LENS_BROWSER__ === 'chrome';

export function createEngineLink(onNotice: (notice: EngineHostNotice) => void): EngineLink {
  if (OFFSCREEN_BUILD && hasOffscreenApi()) {
    onEngineHostNotice(onNotice);
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
      host ??= createEngineHost(onNotice);
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
