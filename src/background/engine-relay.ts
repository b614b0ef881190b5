/**
 * The background's part of the engine: UIs connect a port named 'engine' and send typed requests; the relay checks
 * each one, adds what only the background knows (the model host from settings), passes it to the engine host and
 * streams the host's numbered events back to the port that asked. It keeps nothing that matters in memory: when the
 * service worker is stopped, clients re-attach by request id and the host replays what they missed.
 */

import { keepAliveFor, loadTimesOf } from '../inference/measurement/keep-alive';
import { speedSamples } from '../monitoring/request-log';
import { RequestTracker } from '../monitoring/request-tracker';
// biome-ignore lint/style/noRestrictedImports: pending in issue 17 (the lead's branch): the relay's listeners move into platform/.
import { browser, type Runtime } from '../platform/browser';
import { loadRequestLog, recordRequest } from '../platform/request-log-store';
import { loadSettings } from '../platform/settings-store';
import { ENGINE_PORT_NAME, isTerminalEvent } from '../protocol/engine-client-core';
import { userError } from '../protocol/errors';
import type { EngineRequest, EngineRequestType, OffscreenNotice } from '../protocol/messages';
import { parseEndConversation, parseEngineRequest } from '../protocol/parse-request';
import { createEngineLink, type EngineLink } from './engine-link';

interface Route {
  port: Runtime.Port;
  type: EngineRequestType;
  /** The caller asked to stop: tokens still in flight from the host are not shown. */
  stopping?: boolean;
}

export function registerEngineRelay(): void {
  const routes = new Map<string, Route>();
  const tracker = new RequestTracker();
  let link: EngineLink;

  const onNotice = (notice: OffscreenNotice) => {
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

  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
    const notice = sender.id === browser.runtime.id ? parseEndConversation(message) : null;
    if (!notice) return undefined;
    // Nothing to free where no engine runs (its memory went with it): don't start one for this. Answered once the
    // engine host has it, so a sender that waits knows its next question comes after.
    return link
      .sendIfRunning({ type: 'end-conversation', conversationId: notice.conversationId })
      .then(() => true)
      .catch(() => false);
  });

  const fail = (port: Runtime.Port, requestId: string, message: string, code: 'bad-message' | 'internal') => {
    port.postMessage({
      seq: Number.MAX_SAFE_INTEGER,
      event: { type: 'error', requestId, error: userError(code, message, 'Reload the page and try again.') },
    });
  };

  const forward = async (port: Runtime.Port, request: EngineRequest) => {
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
    try {
      if (request.type === 'attach') {
        await link.send({ type: 'attach', requestId: request.requestId, afterSeq: request.afterSeq });
      } else {
        const [{ modelHost, stallSeconds, keepAliveMinutes, modelId }, log] = await Promise.all([
          loadSettings(),
          loadRequestLog(),
        ]);
        // This device's measured speeds choose the image detail and, in Automatic, the backend.
        const measurements = speedSamples(log);
        const keepAlive = keepAliveFor({
          settingMinutes: keepAliveMinutes,
          loadTimesMs: loadTimesOf(measurements, 'modelId' in request ? request.modelId : modelId),
          // Chromium-only, so not in the DOM typings; undefined elsewhere.
          deviceMemoryGb: (navigator as Navigator & { deviceMemory?: number }).deviceMemory,
        });
        await link.send({
          type: 'request',
          request,
          config: { modelHost, stallMs: stallSeconds * 1000, measurements, keepAliveMs: keepAlive.ms },
        });
      }
    } catch (error) {
      routes.delete(request.requestId);
      console.warn('The engine host could not start:', error);
      fail(port, request.requestId, 'The on-device engine could not start.', 'internal');
    }
  };

  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== ENGINE_PORT_NAME) return;
    port.onMessage.addListener((message: unknown) => {
      const parsed = parseEngineRequest(message);
      if (!parsed.ok) {
        if (parsed.requestId)
          fail(port, parsed.requestId, `The request was malformed (${parsed.problem}).`, 'bad-message');
        return;
      }
      void forward(port, parsed.request);
    });
    port.onDisconnect.addListener(() => {
      // The UI closed (popup dismissed, tab gone): stop its work so the model is free for the next person.
      for (const [requestId, route] of routes) {
        if (route.port !== port) continue;
        routes.delete(requestId);
        // Downloads ahead of time keep going: the person asked for the model to be there later.
        if (route.type === 'generate') {
          void link
            .send({ type: 'request', request: { type: 'cancel', requestId }, config: { modelHost: '' } })
            .catch(() => undefined);
        }
      }
    });
  });
}
