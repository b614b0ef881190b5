/** The bench's file-speed arithmetic: what a person feels, composed from each session's measured file. */
import { describe, expect, test } from 'vitest';
import { composedFigures, filePath, PROMPT_TOKENS, workFor } from '../../bench/file-candidates';
import { CAPACITY_STEP } from '../../src/inference/kept-cache/kept-cache-session';
import { ensureFixture } from '../support/fixture';

describe('composedFigures', () => {
  test('rates from the step times, first token from vision, embed and prefill; the split from 17 views', () => {
    const figures = composedFigures(
      { visionMsPerView: 1000 },
      { embedMs: 81 },
      { prefillMs: 810, decodeStepMs: 50, decodeStepSplitMs: 100 },
    );
    expect(figures).toEqual({
      visionMsPerView: 1000,
      prefillTokensPerSecond: 100,
      decodeTokensPerSecond: 20,
      decodeTokensPerSecondSplit: 10,
      firstTokenMs: 1000 + 81 + 810,
      firstTokenSplitMs: 17 * 1000 + PROMPT_TOKENS.split + 10 * PROMPT_TOKENS.split,
    });
  });

  test('a file that was not measured gives no figures', () => {
    expect(
      composedFigures({}, { embedMs: 1 }, { prefillMs: 1, decodeStepMs: 1, decodeStepSplitMs: 1 }),
    ).toBeNull();
  });

  test('decode is counted as the engine steps (the kept cache where measured), or the native peer’s faster way', () => {
    const decoder = {
      prefillMs: 810,
      decodeStepMs: 50,
      decodeStepSplitMs: 100,
      decodeStepKeptMs: 40,
      decodeStepKeptSplitMs: 125,
    };
    const engine = composedFigures({ visionMsPerView: 1 }, { embedMs: 1 }, decoder);
    expect(engine).toMatchObject({ decodeTokensPerSecond: 25, decodeTokensPerSecondSplit: 8 });
    const fastest = composedFigures({ visionMsPerView: 1 }, { embedMs: 1 }, decoder, 'fastest');
    expect(fastest).toMatchObject({ decodeTokensPerSecond: 25, decodeTokensPerSecondSplit: 10 });
  });

  test('on the CPU the decoder is also timed as the engine steps it, from the file with step outputs', () => {
    const dir = ensureFixture();
    const cpu = workFor(dir, 'decoder_model_merged', 'q8', 'wasm', 2, 1);
    expect(cpu.kept).toEqual({
      path: 'kept/onnx/decoder_model_merged_quantized.onnx',
      capacityStep: CAPACITY_STEP,
    });
    expect(workFor(dir, 'decoder_model_merged', 'q4', 'webgpu', 2, 1).kept).toBeUndefined();
    expect(workFor(dir, 'vision_encoder', 'q8', 'wasm', 2, 1).kept).toBeUndefined();
  });

  test('files are named as transformers.js names them per dtype', () => {
    expect(filePath('decoder_model_merged', 'q8')).toBe('onnx/decoder_model_merged_quantized.onnx');
    expect(filePath('embed_tokens', 'fp32')).toBe('onnx/embed_tokens.onnx');
    expect(filePath('vision_encoder', 'q4f16')).toBe('onnx/vision_encoder_q4f16.onnx');
  });
});
