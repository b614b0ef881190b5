/**
 * The inference worker: owns the SmolVLM engine and runs what its host (the offscreen document, or Firefox's
 * background page) sends, one request at a time, posting the request's events back.
 */
import type { EngineEvent, EngineWorkerCommand, EngineWorkerMessage } from '../protocol/messages';
import { type EngineListener, SmolVlmEngine } from './engine';
import { describeGenerationError } from './load-errors';

const scope = self as unknown as DedicatedWorkerGlobalScope;
/**
 * onnxruntime-web starts its WASM threads by loading the script it was bundled into (this one) as workers named
 * `em-pthread…`; those run onnxruntime's thread loop and must not take engine commands.
 */
const isOnnxThread = scope.name.startsWith('em-pthread');
const engine = new SmolVlmEngine(scope.location.origin);
let running: { requestId: string; controller: AbortController } | null = null;

function post(event: EngineEvent): void {
  const message: EngineWorkerMessage = { type: 'event', event };
  scope.postMessage(message);
}

function listenerFor(requestId: string): EngineListener {
  return {
    progress: (progress) => post({ type: 'progress', requestId, progress }),
    ready: (r) =>
      post({
        type: 'ready',
        requestId,
        modelId: r.modelId,
        backend: r.backend,
        loadMs: r.loadMs,
        fallbackReason: r.fallbackReason,
        crossOriginIsolated: r.crossOriginIsolated,
        wasmThreads: r.wasmThreads,
      }),
    plan: (plan) => post({ type: 'plan', requestId, plan }),
    token: (text) => post({ type: 'token', requestId, text }),
  };
}

async function run(command: Extract<EngineWorkerCommand, { type: 'load' | 'generate' }>): Promise<void> {
  const controller = new AbortController();
  running = { requestId: command.requestId, controller };
  const listener = listenerFor(command.requestId);
  try {
    if (command.type === 'load') {
      await engine.load(command.modelId, command.backend, command.config, listener, controller.signal);
    } else {
      const { text, metrics } = await engine.generate(command, listener, controller.signal);
      post({ type: 'done', requestId: command.requestId, text, metrics });
    }
  } catch (error) {
    post({ type: 'error', requestId: command.requestId, error: describeGenerationError(error) });
  } finally {
    running = null;
  }
}

if (!isOnnxThread) {
  scope.addEventListener('message', (message: MessageEvent<EngineWorkerCommand>) => {
    const command = message.data;
    if (command.type === 'cancel') {
      if (running?.requestId === command.requestId) running.controller.abort();
      return;
    }
    if (command.type === 'end-conversation') {
      void engine.endConversation(command.conversationId);
      return;
    }
    if (command.type === 'lose-gpu-at-next-token') {
      engine.loseGpuAtNextToken();
      return;
    }
    void run(command);
  });
}
