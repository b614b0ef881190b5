/**
 * Who sent a message, as the browser reports it (runtime.MessageSender), and what each receiver accepts. Content
 * scripts share the extension's id but run in web pages, where a hostile page can reach them, so the id alone
 * proves nothing: the sender's URL says whether it is one of the extension's own documents.
 */
import type { EngineHostCommand, EngineHostMessage, EngineHostNotice, EngineRequest } from './messages';

/** The parts of a runtime.MessageSender these checks read. */
export interface SenderFacts {
  id?: string | undefined;
  url?: string | undefined;
  tab?: { url?: string | undefined } | undefined;
}

/** This extension, as the receiver knows it: its id and its origin (runtime.getURL('')). */
export interface OwnExtension {
  id: string;
  origin: string;
}

/** One of the extension's own documents (popup, options, side panel, offscreen document, service worker). */
export function isOwnDocument(sender: SenderFacts, own: OwnExtension): boolean {
  return sender.id === own.id && typeof sender.url === 'string' && sender.url.startsWith(own.origin);
}

/** Exactly the document at `documentUrl` (e.g. the offscreen document), and not in a tab. */
export function isDocument(sender: SenderFacts, own: OwnExtension, documentUrl: string): boolean {
  return isOwnDocument(sender, own) && sender.tab === undefined && sender.url?.split('#')[0] === documentUrl;
}

/**
 * The request with the page that showed its image set from who asked: a content script's word is replaced by its
 * tab's address as the browser reports it; the extension's own pages (which show an image from a page they know)
 * keep theirs.
 */
export function withSenderPage(
  request: EngineRequest,
  sender: SenderFacts,
  own: OwnExtension,
): EngineRequest {
  if (request.type !== 'generate' || request.image.kind !== 'url' || isOwnDocument(sender, own))
    return request;
  const { pageUrl: _claimed, ...image } = request.image;
  const pageUrl = sender.tab?.url;
  return { ...request, image: pageUrl === undefined ? image : { ...image, pageUrl } };
}

/** Commands that exist only for the e2e tests' fault injection. */
export function isTestHook(command: EngineHostCommand): boolean {
  return command.type === 'lose-gpu-at-next-token';
}

/**
 * A runtime message the engine host acts on: addressed to it, from one of the extension's own documents (the
 * background), and a test hook only in a build made with them (`testHooks`).
 */
export function acceptEngineHostCommand(
  message: unknown,
  sender: SenderFacts,
  own: OwnExtension,
  testHooks: boolean,
): EngineHostCommand | null {
  const m = message as Partial<EngineHostMessage> | null;
  if (m?.target !== 'engine-host' || typeof m.command !== 'object' || m.command === null) return null;
  if (!isOwnDocument(sender, own)) return null;
  if (isTestHook(m.command) && !testHooks) return null;
  return m.command;
}

/** A runtime message the background takes as the engine host's notice: only from the offscreen document itself. */
export function acceptEngineHostNotice(
  message: unknown,
  sender: SenderFacts,
  own: OwnExtension,
  documentUrl: string,
): EngineHostNotice | null {
  const m = message as Partial<EngineHostNotice> | null;
  if (m?.target !== 'background' || (m.type !== 'engine-event' && m.type !== 'engine-idle')) return null;
  return isDocument(sender, own, documentUrl) ? (m as EngineHostNotice) : null;
}
