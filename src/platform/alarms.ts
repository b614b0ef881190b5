/** Named periodic alarms: they survive the service worker's idle shutdowns, unlike timers. */
import { browser } from './browser';

export async function ensurePeriodicAlarm(
  name: string,
  periodMinutes: number,
  firstInMinutes: number,
): Promise<void> {
  const existing = await browser.alarms.get(name);
  if (existing?.periodInMinutes === periodMinutes) return;
  await browser.alarms.create(name, { periodInMinutes: periodMinutes, delayInMinutes: firstInMinutes });
}

export async function clearAlarm(name: string): Promise<void> {
  await browser.alarms.clear(name);
}

export function onAlarm(name: string, listener: () => void): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === name) listener();
  });
}
