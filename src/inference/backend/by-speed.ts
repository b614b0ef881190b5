/**
 * Automatic backend by measured speed: WASM can beat WebGPU on a small model or a weak or software GPU, so in
 * Automatic the backend that answered faster on this device, for this model, goes first. A backend the plan allows
 * but this device hasn't measured yet is tried next (once) so there is something to compare; until both are
 * measured the usual order stands. Failures still fall back along the same plan.
 */
import type { Backend } from '../../protocol/messages';
import type { MeasuredSpeed } from './measured-speed';
import { backendName } from './name';
import type { BackendPlan } from './policy';

/** A typical question: one view, a short prompt, a short answer. What the comparison is made on. */
const TYPICAL = { views: 1, promptTokens: 100, answerTokens: 24 } as const;

export function typicalAnswerMs(speed: MeasuredSpeed | null): number | null {
  if (
    !speed ||
    speed.msPerView === null ||
    speed.prefillTokensPerSecond === null ||
    speed.decodeTokensPerSecond === null
  )
    return null;
  return (
    TYPICAL.views * speed.msPerView +
    (TYPICAL.promptTokens * 1000) / speed.prefillTokensPerSecond +
    (TYPICAL.answerTokens * 1000) / speed.decodeTokensPerSecond
  );
}

export function orderBySpeed(plan: BackendPlan, speeds: Record<Backend, MeasuredSpeed | null>): BackendPlan {
  if (plan.order.length < 2) return plan;
  const times = { webgpu: typicalAnswerMs(speeds.webgpu), wasm: typicalAnswerMs(speeds.wasm) };
  const unmeasured = plan.order.filter((b) => times[b] === null);
  if (unmeasured.length === plan.order.length) return plan;
  if (unmeasured.length > 0) {
    const next = unmeasured[0] as Backend;
    return {
      ...plan,
      order: [next, ...plan.order.filter((b) => b !== next)],
      reason: `Measuring ${backendName(next)} on this device once, to compare it with ${plan.order
        .filter((b) => b !== next)
        .map(backendName)
        .join(' and ')}.`,
    };
  }
  const [first, second] = [...plan.order].sort((a, b) => (times[a] as number) - (times[b] as number)) as [
    Backend,
    Backend,
  ];
  const ratio = (times[second] as number) / Math.max(1e-6, times[first] as number);
  return {
    ...plan,
    order: [first, second],
    reason: `${backendName(first)}: ${ratio.toFixed(1)}× faster than ${backendName(second)} here.`,
  };
}

/** Which device a measurement belongs to: the browser's major version and the GPU adapter, so a change re-measures. */
export function deviceKeyFor(userAgent: string, adapter: string | null): string {
  const browser = /(Firefox|Edg|Chrome)\/(\d+)/.exec(userAgent);
  return `${browser ? `${browser[1]}/${browser[2]}` : 'browser'}|${adapter ?? 'no-gpu'}`;
}
