/**
 * Tries each backend of the plan in order until one creates its sessions. A failure that isn't the backend's
 * fault (the file is missing, the hub is unreachable) stops at once: another backend would fail the same way.
 */
import type { Backend } from '../../protocol/messages';
import { type BackendPlan, fallbackAfter } from './policy';

export interface Loaded<T> {
  value: T;
  backend: Backend;
  /** Why the model isn't on the plan's first choice (from the plan, or from a failed attempt). */
  fallbackReason: string | null;
}

export async function loadWithFallback<T>(
  plan: BackendPlan,
  tryLoad: (backend: Backend) => Promise<T>,
  isBackendFailure: (error: unknown) => boolean,
): Promise<Loaded<T>> {
  if (plan.error) throw plan.error;
  let reason = plan.reason;
  let backend = plan.order[0];
  while (backend) {
    try {
      return { value: await tryLoad(backend), backend, fallbackReason: reason };
    } catch (error) {
      if (!isBackendFailure(error)) throw error;
      const message = error instanceof Error ? error.message : String(error);
      const decision = fallbackAfter(plan, backend, message);
      if (!decision.next) throw error;
      // The runtime's words are for developers; the reason the UI shows says it in a sentence.
      console.warn(`Model sessions failed on ${backend}:`, message.split('\n')[0]);
      reason = decision.reason;
      backend = decision.next;
    }
  }
  throw new Error('The backend plan is empty.');
}
