/** The bench's file-speed arithmetic: what a person feels, composed from each session's measured file. */
import { describe, expect, test } from 'vitest';
import { composedFigures, filePath, PROMPT_TOKENS } from '../../bench/file-candidates';

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

  test('files are named as transformers.js names them per dtype', () => {
    expect(filePath('decoder_model_merged', 'q8')).toBe('onnx/decoder_model_merged_quantized.onnx');
    expect(filePath('embed_tokens', 'fp32')).toBe('onnx/embed_tokens.onnx');
    expect(filePath('vision_encoder', 'q4f16')).toBe('onnx/vision_encoder_q4f16.onnx');
  });
});
