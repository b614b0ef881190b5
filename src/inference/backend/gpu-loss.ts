/**
 * A WebGPU device can go away at any time: a driver reset, memory pressure, the system taking the GPU back.
 * onnxruntime-web can't move its sessions to a new device inside the worker that created them, and a run on a lost
 * device may never settle, so the answer in flight ends at once with a sentence, and the engine host replaces the
 * worker: the next question loads afresh, on WebGPU if an adapter comes back, otherwise on WASM with the reason.
 */
import { type UserError, userError } from '../../protocol/errors';

/** The part of a GPUDevice this needs (a fake one in Node tests). */
export interface LosableDevice {
  readonly lost: Promise<unknown>;
  destroy(): void;
}

export function gpuLostError(): UserError {
  return userError(
    'gpu-lost',
    'The graphics device was lost while the model was answering (a driver reset, or the system took the GPU back).',
    'Ask again: the model reloads, on the GPU if it is back, otherwise on the CPU.',
  );
}

/** A run on a just-lost device can fail before the device's `lost` promise settles: how long to wait for it. */
const LOSS_SETTLE_MS = 250;

export class GpuLossWatch {
  #device: LosableDevice | null = null;
  #lost = false;
  #onLoss: (() => void)[] = [];
  #loseAtNextToken = false;

  /** Starts watching the device a WebGPU model's sessions run on; only the latest device counts. */
  watch(device: LosableDevice): void {
    if (this.#device === device) return;
    this.#device = device;
    this.#lost = false;
    void device.lost.then(() => {
      if (this.#device !== device) return;
      this.#lost = true;
      for (const listener of this.#onLoss.splice(0)) listener();
    });
  }

  get lost(): boolean {
    return this.#lost;
  }

  /** `work`, unless the device is lost first: then a gpu-lost error, without waiting for `work` to settle. */
  race<T>(work: Promise<T>): Promise<T> {
    if (!this.#device) return work;
    if (this.#lost) {
      work.catch(() => undefined);
      return Promise.reject(gpuLostError());
    }
    return new Promise<T>((resolve, reject) => {
      const onLoss = () => {
        // A run on the lost device may still settle (or not) later: nobody is waiting for it any more.
        work.catch(() => undefined);
        reject(gpuLostError());
      };
      this.#onLoss.push(onLoss);
      const forget = () => {
        const i = this.#onLoss.indexOf(onLoss);
        if (i >= 0) this.#onLoss.splice(i, 1);
      };
      work.then(
        (value) => {
          forget();
          resolve(value);
        },
        (error: unknown) => {
          // Failed because the device went away? Then `lost` settles within moments, and onLoss answers instead.
          setTimeout(() => {
            forget();
            reject(this.#lost ? gpuLostError() : error);
          }, LOSS_SETTLE_MS);
        },
      );
    });
  }

  /**
   * Fault injection for the e2e tests: the device is destroyed when the next token is written, i.e. mid-answer.
   * Reached only through the engine host's commands, which come from the extension's own background.
   */
  loseAtNextToken(): void {
    this.#loseAtNextToken = true;
  }

  /** Called for each token written. */
  onToken(): void {
    if (!this.#loseAtNextToken || !this.#device) return;
    this.#loseAtNextToken = false;
    this.#device.destroy();
  }
}
