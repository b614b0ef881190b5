/**
 * The engine host's transport. On Chrome the host is an offscreen document (created on first use, closed when idle)
 * reached with runtime messages addressed by `target`; the document answers the background the same way.
 * Firefox has no offscreen API: there the background page hosts the engine itself (see background/engine-link).
 * `chrome.offscreen` and `chrome.runtime.getContexts` are called directly: webextension-polyfill doesn't wrap them,
 * and they exist only where this path runs.
 */
import type { EngineHostCommand, EngineHostMessage, EngineHostNotice } from '../protocol/messages';
import { acceptEngineHostCommand, acceptEngineHostNotice, type OwnExtension } from '../protocol/sender';
import { TEST_HOOKS } from '../protocol/test-hooks';
import { browser, type Runtime } from './browser';

function ownExtension(): OwnExtension {
  return { id: browser.runtime.id, origin: browser.runtime.getURL('') };
}

const DOCUMENT_PATH = 'src/offscreen/index.html';

export function hasOffscreenApi(): boolean {
  return typeof chrome !== 'undefined' && chrome.offscreen !== undefined;
}

let creating: Promise<void> | null = null;

export async function offscreenDocumentExists(): Promise<boolean> {
  const url = browser.runtime.getURL(DOCUMENT_PATH);
  const contexts = await chrome.runtime.getContexts({
    contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT],
    documentUrls: [url],
  });
  return contexts.length > 0;
}

/** Creates the offscreen document unless it exists; concurrent callers share one creation. */
export async function ensureOffscreenDocument(): Promise<void> {
  if (await offscreenDocumentExists()) return;
  creating ??= chrome.offscreen
    .createDocument({
      url: DOCUMENT_PATH,
      reasons: [chrome.offscreen.Reason.WORKERS],
      justification: 'Runs the on-device SmolVLM model in a worker, so nothing leaves the device.',
    })
    .finally(() => {
      creating = null;
    });
  await creating;
}

export async function closeOffscreenDocument(): Promise<void> {
  if (await offscreenDocumentExists()) await chrome.offscreen.closeDocument();
}

function isHostAck(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === true;
}

/**
 * Sends a command to the engine host, waiting for its acknowledgement; a document that was just created may not
 * listen yet, so a missing answer is retried briefly before giving up.
 */
export async function sendToEngineHost(command: EngineHostCommand): Promise<void> {
  const message: EngineHostMessage = { target: 'engine-host', command };
  let lastError: unknown = null;
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      if (isHostAck(await browser.runtime.sendMessage(message))) return;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw lastError ?? new Error('The engine host did not answer.');
}

/**
 * Background side: notices from the engine host, and only from the offscreen document itself: a content script
 * (same extension id, a web page's reach) could otherwise forge an answer into anyone's conversation.
 */
export function onEngineHostNotice(listener: (notice: EngineHostNotice) => void): void {
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
    const notice = acceptEngineHostNotice(
      message,
      sender,
      ownExtension(),
      browser.runtime.getURL(DOCUMENT_PATH),
    );
    if (notice) listener(notice);
    return undefined;
  });
}

/**
 * Engine host side: commands from the extension's own documents (the background), acknowledged at once (events
 * follow as notices); content scripts' and, outside test builds, fault hooks are ignored unanswered.
 */
export function onEngineHostCommand(listener: (command: EngineHostCommand) => void): void {
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
    const command = acceptEngineHostCommand(message, sender, ownExtension(), TEST_HOOKS);
    if (!command) return undefined;
    listener(command);
    return Promise.resolve({ ok: true });
  });
}

/** Engine host side: a notice for the background (wakes the service worker if it was stopped). */
export async function notifyBackground(notice: EngineHostNotice): Promise<void> {
  try {
    await browser.runtime.sendMessage(notice);
  } catch {
    // No listener right now (the worker is restarting): clients re-attach and replay from the host's event log.
  }
}
