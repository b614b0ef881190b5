import { describe, expect, test } from 'vitest';
import {
  parseModelCacheUrl,
  summarizeCachedModels,
  summarizePartialDownloads,
} from '../../src/inference/model-files/cache-keys';

describe('parseModelCacheUrl', () => {
  test('reads model, revision and file from a hub URL', () => {
    expect(
      parseModelCacheUrl(
        'https://huggingface.co/HuggingFaceTB/SmolVLM-256M-Instruct/resolve/main/onnx/decoder_model_merged_q4.onnx',
      ),
    ).toEqual({
      modelId: 'HuggingFaceTB/SmolVLM-256M-Instruct',
      revision: 'main',
      file: 'onnx/decoder_model_merged_q4.onnx',
    });
  });

  test('works for a mirror with a path prefix and a port', () => {
    expect(
      parseModelCacheUrl('http://127.0.0.1:8123/hub/test/tiny-smolvlm/resolve/abc123/config.json'),
    ).toEqual({
      modelId: 'test/tiny-smolvlm',
      revision: 'abc123',
      file: 'config.json',
    });
  });

  test('ignores files that are not model files', () => {
    expect(parseModelCacheUrl('chrome-extension://abc/assets/ort-wasm-simd-threaded.jsep.wasm')).toBeNull();
    expect(parseModelCacheUrl('not a url')).toBeNull();
  });
});

describe('summarizeCachedModels', () => {
  test('groups files and bytes per model', () => {
    expect(
      summarizeCachedModels([
        { url: 'https://h.example/a/m1/resolve/main/config.json', bytes: 10 },
        { url: 'https://h.example/a/m1/resolve/main/onnx/x.onnx', bytes: 90 },
        { url: 'https://h.example/b/m2/resolve/main/config.json', bytes: 5 },
        { url: 'chrome-extension://id/ort.wasm', bytes: 1000 },
      ]),
    ).toEqual([
      { modelId: 'a/m1', files: 2, bytes: 100 },
      { modelId: 'b/m2', files: 1, bytes: 5 },
    ]);
  });
});

describe('summarizePartialDownloads', () => {
  test('groups the kept bytes of unfinished downloads by model, skipping other urls and empty ones', () => {
    const hub = 'https://huggingface.co';
    expect(
      summarizePartialDownloads([
        { url: `${hub}/org/a/resolve/main/onnx/decoder.onnx`, bytes: 300, total: 1000 },
        { url: `${hub}/org/a/resolve/main/onnx/vision.onnx`, bytes: 100, total: 500 },
        { url: `${hub}/org/b/resolve/main/onnx/decoder.onnx`, bytes: 0, total: 10 },
        { url: 'https://example.com/not-a-model.bin', bytes: 5, total: 9 },
      ]),
    ).toEqual([{ modelId: 'org/a', files: 2, bytes: 400, total: 1500 }]);
  });
});
