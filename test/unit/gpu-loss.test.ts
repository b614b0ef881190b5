/** The WebGPU device-loss watch with a fake device: an answer in flight ends with a sentence, at once. */
import { describe, expect, test } from 'vitest';
import { GpuLossWatch, type LosableDevice } from '../../src/inference/backend/gpu-loss';

class FakeDevice implements LosableDevice {
  destroyed = false;
  #lose: (info: unknown) => void = () => {};
  readonly lost = new Promise<unknown>((resolve) => {
    this.#lose = resolve;
  });
  destroy(): void {
    this.destroyed = true;
    this.#lose({ reason: 'destroyed' });
  }
}

const never = () => new Promise<string>(() => {});

describe('GpuLossWatch', () => {
  test('without a watched device, work passes through', async () => {
    await expect(new GpuLossWatch().race(Promise.resolve('a'))).resolves.toBe('a');
  });

  test('work that finishes first wins; its failure stays its own', async () => {
    const watch = new GpuLossWatch();
    watch.watch(new FakeDevice());
    await expect(watch.race(Promise.resolve('answer'))).resolves.toBe('answer');
    await expect(watch.race(Promise.reject(new Error('kernel')))).rejects.toThrow('kernel');
    expect(watch.lost).toBe(false);
  });

  test('a loss mid-answer ends the answer with gpu-lost without waiting for a run that never settles', async () => {
    const watch = new GpuLossWatch();
    const device = new FakeDevice();
    watch.watch(device);
    const answer = watch.race(never());
    device.destroy();
    await expect(answer).rejects.toMatchObject({ code: 'gpu-lost' });
    expect(watch.lost).toBe(true);
    // Lost while idle: the next answer fails at once too.
    await expect(watch.race(never())).rejects.toMatchObject({ code: 'gpu-lost' });
  });

  test('a run that fails because the device went away reads as gpu-lost, not as a kernel error', async () => {
    const watch = new GpuLossWatch();
    const device = new FakeDevice();
    watch.watch(device);
    const answer = watch.race(Promise.reject(new Error('Device is lost')));
    setTimeout(() => device.destroy(), 10);
    await expect(answer).rejects.toMatchObject({ code: 'gpu-lost' });
  });

  test('only the latest device counts: one let go earlier does not fail a new one', async () => {
    const watch = new GpuLossWatch();
    const old = new FakeDevice();
    watch.watch(old);
    old.destroy();
    await Promise.resolve();
    expect(watch.lost).toBe(true);
    const fresh = new FakeDevice();
    watch.watch(fresh);
    expect(watch.lost).toBe(false);
    await expect(watch.race(Promise.resolve('answer'))).resolves.toBe('answer');
  });

  test('the test hook destroys the device at the next token only', () => {
    const watch = new GpuLossWatch();
    const device = new FakeDevice();
    watch.watch(device);
    watch.onToken();
    expect(device.destroyed).toBe(false);
    watch.loseAtNextToken();
    watch.onToken();
    expect(device.destroyed).toBe(true);
  });
});
