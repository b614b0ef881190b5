/**
 * The one way a UI (popup, options, the in-page panel) talks to the on-device model: a runtime Port named 'engine'
 * to the background, which relays to the engine. See src/protocol/engine-client-core.ts for the behaviour.
 */
import {
  createEngineClientCore,
  ENGINE_PORT_NAME,
  type EngineClient,
  type EnginePortLike,
} from '../protocol/engine-client-core';
import { browser } from './browser';

export type { EngineCall, EngineClient, GenerateInput } from '../protocol/engine-client-core';

export function createEngineClient(): EngineClient {
  return createEngineClientCore({
    connect: () => browser.runtime.connect({ name: ENGINE_PORT_NAME }) as unknown as EnginePortLike,
  });
}
