import { describe, expect, test } from 'vitest';
import { formatSize, spaceProblem } from '../../src/inference/model-files/storage-check';

describe('storage check before a model download', () => {
  test('too little room gives the model, its need and what is left', () => {
    expect(
      spaceProblem('SmolVLM 2.2B', 1_400_000_000, { usage: 2_000_000_000, quota: 2_300_000_000 }),
    ).toEqual({
      code: 'storage-full',
      message:
        'SmolVLM 2.2B needs 1.4 GB of storage to download, but the browser lets Verdict Lens store only 300 MB more.',
      action:
        'Free some disk space or delete a stored model in Options, or choose a smaller model; then try again.',
    });
  });

  test('enough room, nothing to download, or a browser that won’t say: no problem', () => {
    expect(spaceProblem('m', 100_000_000, { usage: 0, quota: 10_000_000_000 })).toBeNull();
    expect(spaceProblem('m', 0, { usage: 10, quota: 10 })).toBeNull();
    expect(spaceProblem('m', 100, null)).toBeNull();
  });

  test('sizes read the way the rest of the UI writes them', () => {
    expect([formatSize(950), formatSize(52_000), formatSize(5_200_000), formatSize(186_000_000)]).toEqual([
      '950 bytes',
      '52 KB',
      '5.2 MB',
      '186 MB',
    ]);
  });
});
