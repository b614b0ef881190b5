/** The Performance view's request log in storage.local (never synced: it describes this device). */
import { appendRequest, parseRequestLog, type RequestRecord } from '../monitoring/request-log';
import { browser } from './browser';

const KEY = 'requestLog';

export async function loadRequestLog(): Promise<RequestRecord[]> {
  return parseRequestLog((await browser.storage.local.get(KEY))[KEY]);
}

// Appends are chained so two requests finishing together can't overwrite each other's record.
let queue: Promise<unknown> = Promise.resolve();

export function recordRequest(record: RequestRecord): Promise<void> {
  const next = queue.then(async () => {
    await browser.storage.local.set({ [KEY]: appendRequest(await loadRequestLog(), record) });
  });
  queue = next.catch(() => undefined);
  return next;
}

export async function clearRequestLog(): Promise<void> {
  await browser.storage.local.remove(KEY);
}

export function onRequestLogChanged(listener: (log: RequestRecord[]) => void): () => void {
  const handler = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    const change = changes[KEY];
    if (area === 'local' && change) listener(parseRequestLog(change.newValue));
  };
  browser.storage.onChanged.addListener(handler);
  return () => browser.storage.onChanged.removeListener(handler);
}
