/** The engine's job line: first in first out, one at a time, places announced, cancel while waiting or running. */
import { describe, expect, test } from 'vitest';
import { JobQueue } from '../../src/offscreen/job-queue';

interface Job {
  id: string;
}

/** A job whose run stays open until the test finishes it, so the test controls the order of events. */
function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void } {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function harness(behaviour: (job: Job, signal: AbortSignal) => Promise<void> = () => Promise.resolve()) {
  const log: string[] = [];
  const signals = new Map<string, AbortSignal>();
  const queue = new JobQueue<Job>({
    async run(job, signal) {
      signals.set(job.id, signal);
      log.push(`start ${job.id}`);
      try {
        await behaviour(job, signal);
      } finally {
        log.push(`end ${job.id}`);
      }
    },
    onPosition: (job, position) => log.push(`${job.id} at ${position}`),
    onCancelledWhileWaiting: (job) => log.push(`cancelled ${job.id}`),
  });
  return { queue, log, signals };
}

describe('JobQueue', () => {
  test('runs jobs one at a time in the order they came', async () => {
    const gates = new Map<string, ReturnType<typeof deferred>>();
    let running = 0;
    let most = 0;
    const { queue, log } = harness(async (job) => {
      running += 1;
      most = Math.max(most, running);
      const gate = deferred();
      gates.set(job.id, gate);
      await gate.promise;
      running -= 1;
    });
    for (const id of ['a', 'b', 'c']) queue.enqueue({ id });
    expect(queue.runningId).toBe('a');
    expect(queue.size).toBe(2);
    gates.get('a')?.resolve();
    await new Promise((r) => setTimeout(r, 0));
    expect(queue.runningId).toBe('b');
    gates.get('b')?.resolve();
    await new Promise((r) => setTimeout(r, 0));
    gates.get('c')?.resolve();
    await queue.drained();
    expect(most).toBe(1);
    expect(log.filter((l) => l.startsWith('start') || l.startsWith('end'))).toEqual([
      'start a',
      'end a',
      'start b',
      'end b',
      'start c',
      'end c',
    ]);
    expect(queue.runningId).toBeNull();
  });

  test('announces each waiting job its place, and the new places when the line moves', async () => {
    const gate = deferred();
    const { queue, log } = harness((job) => (job.id === 'a' ? gate.promise : Promise.resolve()));
    queue.enqueue({ id: 'a' });
    queue.enqueue({ id: 'b' });
    queue.enqueue({ id: 'c' });
    // A job that starts at once is never told a place; b and c hear 1 and 2 as they join.
    expect(log).toEqual(['start a', 'b at 1', 'c at 2']);
    gate.resolve();
    await queue.drained();
    // When a finishes, b starts and c moves up to 1.
    expect(log.slice(3)).toEqual(['end a', 'c at 1', 'start b', 'end b', 'start c', 'end c']);
  });

  test('a job cancelled while waiting never starts, and those behind it move up', async () => {
    const gate = deferred();
    const { queue, log } = harness((job) => (job.id === 'a' ? gate.promise : Promise.resolve()));
    for (const id of ['a', 'b', 'c', 'd']) queue.enqueue({ id });
    log.length = 0;
    expect(queue.cancel('b')).toBe('waiting');
    expect(log).toEqual(['cancelled b', 'c at 1', 'd at 2']);
    expect(queue.size).toBe(2);
    gate.resolve();
    await queue.drained();
    expect(log).not.toContain('start b');
    expect(log.filter((l) => l.startsWith('start'))).toEqual(['start c', 'start d']);
  });

  test('cancelling the running job aborts its signal; the next one then starts', async () => {
    const { queue, log, signals } = harness(
      (_job, signal) =>
        new Promise<void>((resolve) => {
          if (signal.aborted) resolve();
          signal.addEventListener('abort', () => resolve());
        }),
    );
    queue.enqueue({ id: 'a' });
    queue.enqueue({ id: 'b' });
    expect(signals.get('a')?.aborted).toBe(false);
    expect(queue.cancel('a')).toBe('running');
    expect(signals.get('a')?.aborted).toBe(true);
    await new Promise((r) => setTimeout(r, 0));
    expect(queue.runningId).toBe('b');
    expect(signals.get('b')?.aborted).toBe(false);
    queue.cancel('b');
    await queue.drained();
    expect(log.filter((l) => l.startsWith('start'))).toEqual(['start a', 'start b']);
  });

  test('cancelling an id it has never seen (or that has finished) changes nothing', async () => {
    const { queue, log } = harness();
    queue.enqueue({ id: 'a' });
    await queue.drained();
    expect(queue.cancel('a')).toBe('unknown');
    expect(queue.cancel('zzz')).toBe('unknown');
    expect(log).toEqual(['start a', 'end a']);
  });

  test('a job that throws (or rejects) does not stall the line', async () => {
    const { queue, log } = harness(async (job) => {
      if (job.id === 'bad') throw new Error('boom');
    });
    queue.enqueue({ id: 'bad' });
    queue.enqueue({ id: 'next' });
    await queue.drained();
    expect(log.filter((l) => l.startsWith('start'))).toEqual(['start bad', 'start next']);

    // A run that throws synchronously, before returning a promise, is caught the same way.
    const seen: string[] = [];
    const sync = new JobQueue<Job>({
      run(job) {
        seen.push(job.id);
        if (job.id === 'x') throw new Error('sync boom');
        return Promise.resolve();
      },
    });
    sync.enqueue({ id: 'x' });
    sync.enqueue({ id: 'y' });
    await sync.drained();
    expect(seen).toEqual(['x', 'y']);
  });

  test('a job added after the line emptied starts at once', async () => {
    const { queue, log } = harness();
    queue.enqueue({ id: 'a' });
    await queue.drained();
    queue.enqueue({ id: 'b' });
    expect(queue.runningId).toBe('b');
    await queue.drained();
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b']);
  });
});
