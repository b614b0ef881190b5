/**
 * Adds up transformers.js's per-file progress callbacks into one download: bytes done and total over the files of
 * the download plan (the same files, and so the same figure, the consent quoted). The plan's sizes give the total
 * before a file starts, so the bar doesn't jump as files begin; a file's real size replaces the estimate as soon as
 * the server announces it. Files outside the plan (the processor's config and tokenizer, found only as they are
 * fetched) are left out: counting them as they turned up made the total grow part-way, and start smaller again on
 * the next attempt.
 */
import type { FileProgress, ModelDownloadProgress } from '../../protocol/messages';

/** The fields of transformers.js's progress callback that matter here. */
export interface LoaderProgress {
  status: string;
  file?: string;
  loaded?: number;
  total?: number;
}

export class DownloadTally {
  readonly #files = new Map<string, FileProgress>();
  /** Without a plan (nothing expected), every file counts as it turns up. */
  readonly #planned: boolean;

  constructor(
    private readonly modelId: string,
    expected: readonly { path: string; bytes: number }[],
  ) {
    for (const f of expected) this.#files.set(f.path, { file: f.path, loaded: 0, total: f.bytes });
    this.#planned = expected.length > 0;
  }

  /** Applies one callback; returns the new total when bytes moved, else null. */
  update(progress: LoaderProgress): ModelDownloadProgress | null {
    const file = progress.file;
    if (!file) return null;
    const current = this.#files.get(file) ?? (this.#planned ? null : { file, loaded: 0, total: 0 });
    if (!current) return null;
    if (progress.status === 'progress') {
      const total = progress.total && progress.total > 0 ? progress.total : current.total;
      const loaded = Math.min(progress.loaded ?? current.loaded, total || Number.POSITIVE_INFINITY);
      this.#files.set(file, { file, loaded, total });
      return this.snapshot();
    }
    if (progress.status === 'done') {
      const total = current.total || current.loaded;
      this.#files.set(file, { file, loaded: total, total });
      return this.snapshot();
    }
    return null;
  }

  snapshot(): ModelDownloadProgress {
    const files = [...this.#files.values()];
    return {
      modelId: this.modelId,
      files,
      loaded: files.reduce((sum, f) => sum + f.loaded, 0),
      total: files.reduce((sum, f) => sum + f.total, 0),
    };
  }
}
