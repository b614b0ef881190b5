/**
 * The background's part of the engine: UIs connect a port named 'engine' and send typed requests; the relay checks
 * each one, adds what only the background knows (the model host from settings), passes it to the engine host and
 * streams the host's numbered events back to the port that asked. It keeps nothing that matters in memory: when the
 * service worker is stopped, clients re-attach by request id and the host replays what they missed.
 */

import { keepAliveFor, loadTimesOf } from '../inference/measurement/keep-alive';
import { speedSamples } from '../monitoring/request-log';
import { RequestTracker } from '../monitoring/request-tracker';
import { type EnginePort, onEnginePortConnect, onRelayMessage, ownExtension } from '../platform/engine-port';
import { loadRequestLog, recordRequest } from '../platform/request-log-store';
import { loadSettings } from '../platform/settings-store';
import { isTerminalEvent } from '../protocol/engine-client-core';
import { userError } from '../protocol/errors';
import type {
  EngineConfig,
  EngineHostCommand,
  EngineHostNotice,
  EngineJobRequest,
  EngineRequest,
  EngineRequestType,
} from '../protocol/messages';
import { parseEndConversation, parseEngineRequest } from '../protocol/parse-request';
import { withSenderPage } from '../protocol/sender';
import { createEngineLink, type EngineLink } from './engine-link';

interface Route {
  port: EnginePort;
  type: EngineRequestType;
  /** The caller asked to stop: tokens still in flight from the host are not shown. */
  stopping?: boolean;
}

/**
 * What only the background knows, added to a job: the model host and limits from settings, and this device's
 * measured speeds (they choose the image detail and, in Automatic, the backend). Cancel, status and unload need none.
 */
async function configFor(request: EngineJobRequest): Promise<EngineConfig> {
  const [{ modelHost, stallSeconds, downloadDeadlineSeconds, keepAliveMinutes, modelFiles }, log] =
    await Promise.all([loadSettings(), loadRequestLog()]);
  const measurements = speedSamples(log);
  const keepAlive = keepAliveFor({
    settingMinutes: keepAliveMinutes,
    loadTimesMs: loadTimesOf(measurements, request.modelId),
    // Chromium-only, so not in the DOM typings; undefined elsewhere.
    deviceMemoryGb: (navigator as Navigator & { deviceMemory?: number }).deviceMemory,
  });
  // The person's choice of files for this model in Options, if any (else chosen by measured speed).
  const fileOverride = modelFiles[request.modelId];
  return {
    modelHost,
    stallMs: stallSeconds * 1000,
    deadlineMs: downloadDeadlineSeconds * 1000,
    measurements,
    keepAliveMs: keepAlive.ms,
    ...(fileOverride ? { fileOverride } : {}),
  };
}

export function registerEngineRelay(): void {
  const routes = new Map<string, Route>();
  const tracker = new RequestTracker();
  let link: EngineLink;

  const onNotice = (notice: EngineHostNotice) => {
    if (notice.type === 'engine-idle') {
      void link.release();
      return;
    }
    const { envelope } = notice;
    const record = tracker.observeEvent(envelope.event, Date.now());
    if (record) void recordRequest(record);
    const route = routes.get(envelope.event.requestId);
    if (!route || (route.stopping && envelope.event.type === 'token')) return;
    try {
      route.port.postMessage(envelope);
    } catch {
      // The UI went away; its request was cancelled on disconnect.
    }
    if (isTerminalEvent(envelope.event, route.type)) routes.delete(envelope.event.requestId);
  };
  link = createEngineLink(onNotice);

  onRelayMessage((message, sender, own) => {
    const notice = sender.id === own.id ? parseEndConversation(message) : null;
    if (!notice) return undefined;
    // Nothing to free where no engine runs (its memory went with it): don't start one for this. Answered once the
    // engine host has it, so a sender that waits knows its next question comes after.
    return link
      .sendIfRunning({ type: 'end-conversation', conversationId: notice.conversationId })
      .then(() => true)
      .catch(() => false);
  });

  const fail = (port: EnginePort, requestId: string, message: string, code: 'bad-message' | 'internal') => {
    port.postMessage({
      seq: Number.MAX_SAFE_INTEGER,
      event: { type: 'error', requestId, error: userError(code, message, 'Reload the page and try again.') },
    });
  };

  let inOrder: Promise<void> = Promise.resolve();
  const forward = async (port: EnginePort, request: EngineRequest) => {
    if (request.type === 'cancel') {
      const route = routes.get(request.requestId);
      if (route) route.stopping = true;
    } else {
      const existing = routes.get(request.requestId);
      routes.set(request.requestId, {
        port,
        type: request.type === 'attach' ? (existing?.type ?? 'generate') : request.type,
      });
    }
    tracker.observeRequest(request);
    // A job's settings are read while earlier commands are still on their way, but commands reach the host in the
    // order they came: a cancel sent right after its job must not overtake the job while its settings load.
    const command: Promise<EngineHostCommand> =
      request.type === 'load' || request.type === 'generate'
        ? configFor(request).then((config) => ({ type: 'job', request, config }))
        : Promise.resolve({ type: 'control', request });
    const sent = inOrder.then(async () => link.send(await command));
    inOrder = sent.catch(() => undefined);
    try {
      await sent;
    } catch (error) {
      routes.delete(request.requestId);
      console.warn('The engine host could not start:', error);
      fail(port, request.requestId, 'The on-device engine could not start.', 'internal');
    }
  };

  onEnginePortConnect((port) => {
    port.onMessage((message) => {
      const parsed = parseEngineRequest(message);
      if (!parsed.ok) {
        if (parsed.requestId)
          fail(port, parsed.requestId, `The request was malformed (${parsed.problem}).`, 'bad-message');
        return;
      }
      void forward(port, withSenderPage(parsed.request, port.sender, ownExtension()));
    });
    port.onDisconnect(() => {
      // The UI closed (popup dismissed, tab gone): stop its work so the model is free for the next person.
      for (const [requestId, route] of routes) {
        if (route.port !== port) continue;
        routes.delete(requestId);
        // Downloads ahead of time keep going: the person asked for the model to be there later.
        if (route.type === 'generate') {
          void link.send({ type: 'control', request: { type: 'cancel', requestId } }).catch(() => undefined);
        }
      }
    });
  });
}
