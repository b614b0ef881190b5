/**
 * Peak memory of a Chromium renderer, read from Linux's own accounting: /proc/<pid>/status VmHWM is the process's
 * peak resident set, and writing 5 to /proc/<pid>/clear_refs resets that peak, so the peak of one operation is
 * measured exactly (including native memory such as decoded images, which no JS heap figure shows).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

interface ProcessInfo {
  pid: number;
  ppid: number;
  cmdline: string;
}

function processes(): ProcessInfo[] {
  const list: ProcessInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const status = readFileSync(`/proc/${name}/status`, 'utf8');
      const ppid = Number(status.match(/^PPid:\s+(\d+)/m)?.[1] ?? -1);
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').replaceAll('\0', ' ');
      list.push({ pid: Number(name), ppid, cmdline });
    } catch {
      // The process ended while we looked.
    }
  }
  return list;
}

/** The extension renderer processes of the Chromium that loaded `extensionDir` (its browser process's descendants). */
export function extensionRendererPids(extensionDir: string): number[] {
  const all = processes();
  const browser = all.find(
    (p) => p.cmdline.includes(`--load-extension=${extensionDir}`) && !p.cmdline.includes('--type='),
  );
  // Not found (another OS, another launcher): memory reads n/a rather than failing the bench.
  if (!browser) return [];
  const children = new Map<number, ProcessInfo[]>();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const descendants: ProcessInfo[] = [];
  const stack = [browser.pid];
  while (stack.length > 0) {
    for (const child of children.get(stack.pop() as number) ?? []) {
      descendants.push(child);
      stack.push(child.pid);
    }
  }
  return descendants.filter((p) => p.cmdline.includes('--extension-process')).map((p) => p.pid);
}

function statusKb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))?.[1] ?? Number.NaN);
}

export interface PeakMemory<T> {
  value: T;
  pid: number;
  /** Resident memory of that process before the work. */
  beforeBytes: number;
  /** Its peak resident memory during the work. */
  peakBytes: number;
}

function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/**
 * Resets the peaks of `pids`, runs `work`, and reports the process whose peak rose the most over where it started
 * (the one that did the work, when it isn't known which of an extension's processes that is). Where the peak can't
 * be reset (no permission), resident memory is sampled every 5 ms instead, which can miss a short spike.
 */
export async function peakDuring<T>(pids: readonly number[], work: () => Promise<T>): Promise<PeakMemory<T>> {
  const before = new Map<number, number>();
  const sampled = new Map<number, number>();
  let sampling = false;
  for (const pid of pids) {
    if (!resetPeak(pid)) sampling = true;
    const rss = statusKb(pid, 'VmRSS') * 1024;
    before.set(pid, rss);
    sampled.set(pid, rss);
  }
  const timer = sampling
    ? setInterval(() => {
        for (const pid of pids) {
          sampled.set(pid, Math.max(sampled.get(pid) ?? 0, statusKb(pid, 'VmRSS') * 1024));
        }
      }, 5)
    : null;
  let value: T;
  try {
    value = await work();
  } finally {
    if (timer) clearInterval(timer);
  }
  let best: PeakMemory<T> = { value, pid: -1, beforeBytes: Number.NaN, peakBytes: Number.NaN };
  for (const pid of pids) {
    const beforeBytes = before.get(pid) ?? Number.NaN;
    const peakBytes = sampling ? (sampled.get(pid) ?? Number.NaN) : statusKb(pid, 'VmHWM') * 1024;
    if (best.pid < 0 || peakBytes - beforeBytes > best.peakBytes - best.beforeBytes) {
      best = { value, pid, beforeBytes, peakBytes };
    }
  }
  return best;
}
