/**
 * The background's side of the engine's messaging: the long-lived ports UIs open (named 'engine'), and one-shot
 * messages from the extension's own contexts (a conversation's end). The relay in background/ decides what to do
 * with them; this file only reaches the browser.
 */
import { ENGINE_PORT_NAME } from '../protocol/engine-client-core';
import type { OwnExtension, SenderFacts } from '../protocol/sender';
import { browser, type Runtime } from './browser';

/** One UI's port, as much of it as the relay uses; one object per connection, so it identifies the UI. */
export interface EnginePort {
  postMessage(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  onDisconnect(listener: () => void): void;
  /** Who opened it, as the browser reports it (a content script's tab, an extension page's URL). */
  sender: SenderFacts;
}

/** This extension as a receiver knows it: its id and origin, for sender checks. */
export function ownExtension(): OwnExtension {
  return { id: browser.runtime.id, origin: browser.runtime.getURL('') };
}

export function onEnginePortConnect(listener: (port: EnginePort) => void): void {
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== ENGINE_PORT_NAME) return;
    listener({
      postMessage: (message) => port.postMessage(message),
      onMessage: (handler) => port.onMessage.addListener((message: unknown) => handler(message)),
      onDisconnect: (handler) => port.onDisconnect.addListener(() => handler()),
      sender: port.sender ?? {},
    });
  });
}

/**
 * One-shot runtime messages for the relay from this extension's contexts; `handler` answers with a promise (the
 * reply), or undefined when the message isn't one it takes.
 */
export function onRelayMessage(
  handler: (message: unknown, sender: SenderFacts, own: OwnExtension) => Promise<unknown> | undefined,
): void {
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) =>
    handler(message, sender, ownExtension()),
  );
}
