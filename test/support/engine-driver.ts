/**
 * Drives the on-device engine from an extension page the way the UIs do (a port named 'engine', typed requests,
 * numbered events), so e2e tests and benchmarks can check what the engine does without going through a UI.
 * Callbacks passed to page.evaluate avoid named inner functions: the test transpiler would wrap them in a helper
 * that doesn't exist in the page.
 */
import type {
  EngineEvent,
  EngineRequest,
  ImageInput,
  ModelDownloadProgress,
} from '../../src/protocol/messages';
import { DEFAULT_SETTINGS, type Settings } from '../../src/settings/schema';
import type { Evaluator, ExtensionSession } from './driver';
import { FIXTURE_MODEL_ID } from './fixture';
import type { LoadedExtension } from './harness';

/** Points the extension at the generated test model on a local hub (and any other settings given). */
export async function useTestModel(
  ext: LoadedExtension | ExtensionSession,
  hubUrl: string,
  patch: Partial<Settings> = {},
): Promise<void> {
  const settings: Settings = {
    ...DEFAULT_SETTINGS,
    modelId: FIXTURE_MODEL_ID,
    modelHost: hubUrl,
    maxNewTokens: 24,
    ...patch,
  };
  const save = async (s: Settings) => {
    await chrome.storage.sync.set({ settings: s });
  };
  if ('extensionApi' in ext) await ext.extensionApi(save, settings);
  else await ext.serviceWorker.evaluate(save, settings);
}

/** The download progress a request's events reported, in order. */
export function progressOf(events: EngineEvent[]): ModelDownloadProgress[] {
  return events.flatMap((e) => (e.type === 'progress' ? [e.progress] : []));
}

export interface RequestOutcome {
  events: EngineEvent[];
  /** Token texts joined. */
  streamed: string;
  last: EngineEvent;
  /** Token events that arrived after the cancel was sent. */
  tokensAfterCancel: number;
}

export interface RequestOptions {
  /** Send a cancel for this request once this many token events have arrived. */
  cancelAfterTokens?: number;
  /** Send a cancel right after the request (it may still be waiting in the queue). */
  cancelImmediately?: boolean;
}

/** Sends one request over a fresh port and collects its events until the one that ends it. */
export async function engineRequest(
  page: Evaluator,
  request: EngineRequest,
  options: RequestOptions = {},
): Promise<RequestOutcome> {
  return page.evaluate(
    ({ request, options }) =>
      new Promise<RequestOutcome>((resolve) => {
        const port = chrome.runtime.connect({ name: 'engine' });
        const events: EngineEvent[] = [];
        let tokens = 0;
        let cancelledAt: number | null = null;
        let lastSeq = 0;
        port.onMessage.addListener((message: { seq: number; event: EngineEvent }) => {
          if (message.seq <= lastSeq) return;
          lastSeq = message.seq;
          const event = message.event;
          events.push(event);
          if (event.type === 'token') {
            tokens += 1;
            if (
              options.cancelAfterTokens !== undefined &&
              tokens === options.cancelAfterTokens &&
              cancelledAt === null
            ) {
              cancelledAt = tokens;
              port.postMessage({ type: 'cancel', requestId: request.requestId });
            }
          }
          const ends =
            event.type === 'error' ||
            event.type === 'done' ||
            (request.type !== 'generate' && (event.type === 'ready' || event.type === 'status'));
          if (ends) {
            port.disconnect();
            resolve({
              events,
              streamed: events.map((e) => (e.type === 'token' ? e.text : '')).join(''),
              last: event,
              tokensAfterCancel: cancelledAt === null ? 0 : tokens - cancelledAt,
            });
          }
        });
        port.postMessage(request);
        if (options.cancelImmediately) port.postMessage({ type: 'cancel', requestId: request.requestId });
      }),
    { request, options },
  );
}

/** A solid-colour PNG made in the page, as the inline image a content script would send. */
export async function solidImage(
  page: Evaluator,
  rgb: readonly [number, number, number],
  width = 64,
  height = 48,
): Promise<ImageInput> {
  return page.evaluate(
    async ({ rgb, width, height }) => {
      const canvas = new OffscreenCanvas(width, height);
      const context = canvas.getContext('2d');
      if (!context) throw new Error('no 2d context');
      context.fillStyle = `rgb(${rgb.join(',')})`;
      context.fillRect(0, 0, width, height);
      const blob = await canvas.convertToBlob({ type: 'image/png' });
      const dataUrl = await new Promise<string>((done) => {
        const reader = new FileReader();
        reader.onload = () => done(String(reader.result));
        reader.readAsDataURL(blob);
      });
      return { dataUrl, width, height };
    },
    { rgb: [...rgb], width, height },
  );
}

let counter = 0;
export function requestId(label: string): string {
  counter += 1;
  return `${label}-${counter}`;
}

export function generateRequest(
  image: ImageInput | string,
  question: string,
  backend: 'auto' | 'webgpu' | 'wasm' = 'auto',
  extra: Partial<Extract<EngineRequest, { type: 'generate' }>> = {},
): Extract<EngineRequest, { type: 'generate' }> {
  return {
    type: 'generate',
    requestId: requestId('generate'),
    modelId: FIXTURE_MODEL_ID,
    // The image's own address stands for the page that showed it: same site, so asked for as that page could.
    image:
      typeof image === 'string' ? { kind: 'url', url: image, pageUrl: image } : { kind: 'inline', image },
    conversation: [{ role: 'user', text: question }],
    options: { maxNewTokens: 24, backend },
    ...extra,
  };
}
