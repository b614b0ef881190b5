/**
 * One request through the extension's engine, timed inside an extension page from the moment the request is posted
 * on the 'engine' port: to the first token and to the `done` event. The same path the popup and the side panel
 * take (port → background relay → offscreen host → worker).
 */
import type { Page } from 'playwright-core';
import type { AnswerPlan, EngineEvent, EngineRequest, GenerationMetrics } from '../src/protocol/messages';

export interface TimedRequest {
  text: string;
  /** Request posted → first token event. */
  firstTokenMs: number;
  /** Request posted → done event. */
  totalMs: number;
  metrics: GenerationMetrics;
  /** What the engine said would run and how long it should take, before the answer. */
  plan: AnswerPlan | null;
}

export async function timedEngineRequest(page: Page, request: EngineRequest): Promise<TimedRequest> {
  const outcome = await page.evaluate(
    (request) =>
      new Promise<{ last: EngineEvent; firstTokenMs: number; totalMs: number; plan: AnswerPlan | null }>(
        (resolve) => {
          const port = chrome.runtime.connect({ name: 'engine' });
          let lastSeq = 0;
          let plan: AnswerPlan | null = null;
          let firstTokenMs = Number.NaN;
          const started = performance.now();
          port.onMessage.addListener((message: { seq: number; event: EngineEvent }) => {
            if (message.seq <= lastSeq) return;
            lastSeq = message.seq;
            const event = message.event;
            if (event.type === 'plan') plan = event.plan;
            if (event.type === 'token' && Number.isNaN(firstTokenMs))
              firstTokenMs = performance.now() - started;
            if (event.type === 'done' || event.type === 'error') {
              const totalMs = performance.now() - started;
              port.disconnect();
              resolve({ last: event, firstTokenMs, totalMs, plan });
            }
          });
          port.postMessage(request);
        },
      ),
    request,
  );
  if (outcome.last.type !== 'done') {
    const detail = outcome.last.type === 'error' ? outcome.last.error.message : outcome.last.type;
    throw new Error(`engine request failed: ${detail}`);
  }
  return {
    text: outcome.last.text,
    firstTokenMs: outcome.firstTokenMs,
    totalMs: outcome.totalMs,
    metrics: outcome.last.metrics,
    plan: outcome.plan,
  };
}
