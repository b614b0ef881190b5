/**
 * The one way a UI (popup, options, the side panel) talks to the on-device model: a runtime Port named 'engine'
 * to the background, which relays to the engine. See src/protocol/engine-client-core.ts for the behaviour.
 */
import {
  createEngineClientCore,
  ENGINE_PORT_NAME,
  type EngineClient,
  type EnginePortLike,
} from '../protocol/engine-client-core';
import type { EndConversationNotice } from '../protocol/messages';
import { browser } from './browser';

export type { EngineCall, EngineClient, GenerateInput } from '../protocol/engine-client-core';

export function createEngineClient(): EngineClient {
  return createEngineClientCore({
    connect: () => browser.runtime.connect({ name: ENGINE_PORT_NAME }) as unknown as EnginePortLike,
    endConversation(conversationId) {
      const notice: EndConversationNotice = {
        target: 'engine-relay',
        type: 'end-conversation',
        conversationId,
      };
      // Nothing to do if the background can't be reached: the engine's memory goes with it.
      browser.runtime.sendMessage(notice).catch(() => undefined);
    },
  });
}
