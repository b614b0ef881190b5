/**
 * One job at a time, first in first out. Waiting jobs can be cancelled (they never start) and the running one is
 * told through its AbortSignal; every waiting job hears its new place whenever the line moves.
 */
export interface QueueCallbacks<T> {
  run(job: T, signal: AbortSignal): Promise<void>;
  /** Position 1 is next in line. */
  onPosition?(job: T, position: number): void;
  /** Called for a job cancelled before it started. */
  onCancelledWhileWaiting?(job: T): void;
}

export type CancelOutcome = 'waiting' | 'running' | 'unknown';

export class JobQueue<T extends { id: string }> {
  private readonly waiting: T[] = [];
  private current: { job: T; controller: AbortController } | null = null;

  constructor(private readonly callbacks: QueueCallbacks<T>) {}

  get size(): number {
    return this.waiting.length;
  }

  get runningId(): string | null {
    return this.current?.job.id ?? null;
  }

  enqueue(job: T): void {
    this.waiting.push(job);
    if (this.current) this.callbacks.onPosition?.(job, this.waiting.length);
    else void this.next();
  }

  cancel(id: string): CancelOutcome {
    if (this.current?.job.id === id) {
      this.current.controller.abort();
      return 'running';
    }
    const index = this.waiting.findIndex((j) => j.id === id);
    if (index < 0) return 'unknown';
    const [job] = this.waiting.splice(index, 1);
    if (job) this.callbacks.onCancelledWhileWaiting?.(job);
    this.announcePositions(index);
    return 'waiting';
  }

  /** Resolves once nothing runs and nothing waits (tests, and the idle timer). */
  async drained(): Promise<void> {
    while (this.current || this.waiting.length > 0) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  private announcePositions(from: number): void {
    for (let i = from; i < this.waiting.length; i++) {
      const job = this.waiting[i];
      if (job) this.callbacks.onPosition?.(job, i + 1);
    }
  }

  private async next(): Promise<void> {
    const job = this.waiting.shift();
    if (!job) return;
    const controller = new AbortController();
    this.current = { job, controller };
    this.announcePositions(0);
    try {
      await this.callbacks.run(job, controller.signal);
    } catch {
      // run reports its own errors as events; a throw must not stall the line.
    } finally {
      this.current = null;
    }
    await this.next();
  }
}
