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
  if (!browser) throw new Error(`no Chromium with --load-extension=${extensionDir}`);
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

/**
 * Resets the peaks of `pids`, runs `work`, and reports the process whose peak rose the most over where it started
 * (the one that did the work, when it isn't known which of an extension's processes that is).
 */
export async function peakDuring<T>(pids: readonly number[], work: () => Promise<T>): Promise<PeakMemory<T>> {
  const before = new Map<number, number>();
  for (const pid of pids) {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    before.set(pid, statusKb(pid, 'VmRSS') * 1024);
  }
  const value = await work();
  let best: PeakMemory<T> | null = null;
  for (const pid of pids) {
    const beforeBytes = before.get(pid) ?? Number.NaN;
    const peakBytes = statusKb(pid, 'VmHWM') * 1024;
    if (!best || peakBytes - beforeBytes > best.peakBytes - best.beforeBytes) {
      best = { value, pid, beforeBytes, peakBytes };
    }
  }
  if (!best) throw new Error('no process to measure');
  return best;
}
