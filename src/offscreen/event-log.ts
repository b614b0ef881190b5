/**
 * Numbers each request's events (from 1) and keeps them for a while, so a client whose port dropped (the service
 * worker was stopped) can re-attach and get exactly what it missed. Finished requests are forgotten after `keepMs`.
 */
import type { EngineEvent, EngineEventEnvelope } from '../protocol/messages';

interface RequestLog {
  envelopes: EngineEventEnvelope[];
  finishedAt: number | null;
}

export class EventLog {
  readonly #requests = new Map<string, RequestLog>();

  constructor(
    private readonly now: () => number,
    private readonly keepMs = 120_000,
    private readonly maxEventsPerRequest = 10_000,
  ) {}

  /** Numbers `event` and keeps it; `terminal` marks the request finished. */
  append(event: EngineEvent, terminal: boolean): EngineEventEnvelope {
    this.prune();
    const log = this.#requests.get(event.requestId) ?? { envelopes: [], finishedAt: null };
    const seq = (log.envelopes.at(-1)?.seq ?? 0) + 1;
    const envelope = { seq, event };
    log.envelopes.push(envelope);
    if (log.envelopes.length > this.maxEventsPerRequest) log.envelopes.shift();
    if (terminal) log.finishedAt = this.now();
    this.#requests.set(event.requestId, log);
    return envelope;
  }

  /** Events after `afterSeq`, or null when the request is unknown (never seen, or forgotten). */
  since(requestId: string, afterSeq: number): EngineEventEnvelope[] | null {
    this.prune();
    const log = this.#requests.get(requestId);
    return log ? log.envelopes.filter((e) => e.seq > afterSeq) : null;
  }

  lastSeq(requestId: string): number {
    return this.#requests.get(requestId)?.envelopes.at(-1)?.seq ?? 0;
  }

  private prune(): void {
    const now = this.now();
    for (const [id, log] of this.#requests) {
      if (log.finishedAt !== null && now - log.finishedAt > this.keepMs) this.#requests.delete(id);
    }
  }
}
