/**
 * The inference worker: owns the SmolVLM engine and runs what its host (the offscreen document, or Firefox's
 * background page) sends, one job at a time, posting the job's events back as they are.
 */

import { type EngineListener, SmolVlmEngine } from '../inference/engine';
import { describeGenerationError } from '../inference/load-errors';
import { FreshWorkerNeeded } from '../inference/model-files/runtime-files';
import { cachePartialStore, missingFromCache, storageRoom } from '../platform/partial-downloads';
import type { EngineWorkerCommand, EngineWorkerEvent } from '../protocol/messages';
import { TEST_HOOKS } from '../protocol/test-hooks';

const scope = self as unknown as DedicatedWorkerGlobalScope;
/**
 * onnxruntime-web starts its WASM threads by loading the script it was bundled into (this one) as workers named
 * `em-pthread…`; those run onnxruntime's thread loop and must not take engine commands.
 */
const isOnnxThread = scope.name.startsWith('em-pthread');
// The browser storage the model's downloads use is handed to the engine here, its one entry point.
const engine = new SmolVlmEngine({
  extensionBase: scope.location.origin,
  storage: {
    partials: typeof caches === 'undefined' ? undefined : cachePartialStore(),
    missingFromCache,
    storageRoom,
  },
});
let running: { requestId: string; controller: AbortController } | null = null;

function post(event: EngineWorkerEvent): void {
  scope.postMessage(event);
}

function listenerFor(requestId: string): EngineListener {
  return {
    progress: (progress) => post({ type: 'progress', requestId, progress }),
    ready: (ready) => post({ type: 'ready', requestId, ...ready }),
    plan: (plan) => post({ type: 'plan', requestId, plan }),
    token: (text) => post({ type: 'token', requestId, text }),
  };
}

async function run({ request, config }: Extract<EngineWorkerCommand, { type: 'job' }>): Promise<void> {
  const controller = new AbortController();
  running = { requestId: request.requestId, controller };
  const listener = listenerFor(request.requestId);
  try {
    if (request.type === 'load') {
      await engine.load(request.modelId, request.backend, config, listener, controller.signal);
    } else {
      const { text, metrics } = await engine.generate(request, config, listener, controller.signal);
      post({ type: 'done', requestId: request.requestId, text, metrics });
    }
  } catch (error) {
    if (error instanceof FreshWorkerNeeded) post({ type: 'fresh-worker', requestId: request.requestId });
    else post({ type: 'error', requestId: request.requestId, error: describeGenerationError(error) });
  } finally {
    running = null;
  }
}

if (!isOnnxThread) {
  scope.addEventListener('message', (message: MessageEvent<EngineWorkerCommand>) => {
    const command = message.data;
    switch (command.type) {
      case 'cancel':
        if (running?.requestId === command.requestId) running.controller.abort();
        return;
      case 'end-conversation':
        void engine.endConversation(command.conversationId);
        return;
      case 'lose-gpu-at-next-token':
        // A fault hook for the e2e tests: a store build never acts on it, whoever sent it.
        if (TEST_HOOKS) engine.loseGpuAtNextToken();
        return;
      case 'job':
        void run(command);
        return;
    }
  });
}
