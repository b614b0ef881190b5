import { describe, expect, test } from 'vitest';
import { findModel, modelCatalog } from '../../src/inference/model-files/catalog';
import { downloadChoice } from '../../src/inference/model-files/download-choice';
import type { DeviceReport } from '../../src/inference/model-files/recommend';
import { askReducer, initialAskState } from '../../src/ui/ask-state';
import { consentActionLabel, consentFacts } from '../../src/ui/consent-choices';
import { downloadRateText, downloadSizeText } from '../../src/ui/format';

const noGpu: DeviceReport = { webgpu: null, deviceMemoryGb: 8, hardwareConcurrency: 8 };

describe('what the consent offers', () => {
  test('the size is the figure the one download choice gives (as Options quotes it)', () => {
    const catalog = modelCatalog();
    const id = 'HuggingFaceTB/SmolVLM-256M-Instruct';
    const model = findModel(catalog, id);
    if (!model) throw new Error('missing');
    const facts = consentFacts(catalog, id, 'auto', noGpu);
    expect(facts?.model.size).toBe(downloadSizeText(downloadChoice(model, 'auto', noGpu)));
    expect(facts?.model.size).toBe('260 MB');
  });

  test('the next smaller and next larger model people may choose', () => {
    const catalog = modelCatalog();
    const smallest = consentFacts(catalog, 'HuggingFaceTB/SmolVLM-256M-Instruct', 'wasm', noGpu);
    expect(smallest?.smaller).toBeNull();
    expect(smallest?.larger?.id).toBe('HuggingFaceTB/SmolVLM-500M-Instruct');
    const middle = consentFacts(catalog, 'HuggingFaceTB/SmolVLM-500M-Instruct', 'wasm', noGpu);
    expect(middle?.smaller?.label).toBe('SmolVLM 256M');
    expect(middle?.larger?.label).toBe('SmolVLM 2.2B');
    expect(middle?.smaller?.size).toBe('260 MB');
  });

  test('a test model is offered test models only, never a real download', () => {
    const facts = consentFacts(modelCatalog(), 'verdict-lens/smolvlm-256m-shaped', 'wasm', noGpu);
    expect(facts?.smaller?.id).toBe('verdict-lens/tiny-smolvlm');
    expect(facts?.larger?.id).toBe('verdict-lens/smolvlm-500m-shaped');
  });

  test('an unknown model has nothing to offer', () => {
    expect(consentFacts(modelCatalog(), 'someone/else', 'wasm', noGpu)).toBeNull();
  });
});

describe('the wait, measured', () => {
  const at = (seconds: number, loaded: number) => ({
    loaded,
    total: 10_000_000,
    at: seconds * 1000,
    since: { at: 0, loaded: 2_000_000 },
  });

  test('nothing before bytes have flowed for a second', () => {
    expect(downloadRateText(at(0.5, 3_000_000))).toBeNull();
    expect(downloadRateText(at(3, 2_000_000))).toBeNull();
  });

  test('the live rate and the time left at that rate, counting only bytes that arrived in this attempt', () => {
    // 2 MB in 2 s is 1 MB/s; 6 MB left.
    expect(downloadRateText(at(2, 4_000_000))).toBe('1.0 MB/s · about 6 s left');
  });

  test('the reducer remembers when bytes started to flow', () => {
    let s = askReducer(initialAskState(false), { type: 'ask', question: 'q' });
    const progress = (loaded: number) => ({
      type: 'progress' as const,
      requestId: 'r',
      progress: { modelId: 'm', files: [], loaded, total: 100 },
    });
    s = askReducer(s, { type: 'event', event: progress(10), at: 1000 });
    s = askReducer(s, { type: 'event', event: progress(60), at: 3000 });
    expect(s.download).toEqual({ loaded: 60, total: 100, at: 3000, since: { at: 1000, loaded: 10 } });
  });
});

describe('consent choices in the conversation state', () => {
  test('“Not now” leaves the consent for a view that downloads nothing; it can be reconsidered', () => {
    const consent = initialAskState(true);
    const declined = askReducer(consent, { type: 'decline' });
    expect(declined.phase).toBe('declined');
    expect(askReducer(declined, { type: 'needs-consent' }).phase).toBe('consent');
  });

  test('the question that will run is known before the download is agreed to', () => {
    const s = askReducer(initialAskState(true), { type: 'suggest', question: 'Describe this image.' });
    expect(s).toMatchObject({ phase: 'consent', suggested: 'Describe this image.' });
  });

  test('the button describes for the suggested question and asks once the question is the person’s own', () => {
    const suggested = 'Describe this image.';
    expect(consentActionLabel(suggested, suggested)).toBe('Download and describe');
    expect(consentActionLabel(`  ${suggested} `, suggested)).toBe('Download and describe');
    // Empty asks the suggested question.
    expect(consentActionLabel('', suggested)).toBe('Download and describe');
    expect(consentActionLabel('Is there a boat?', suggested)).toBe('Download and ask');
    expect(consentActionLabel('Is there a boat?', null)).toBe('Download and ask');
  });
});

describe('which errors offer Retry', () => {
  test('transient failures (network, stall, a restarting engine) may mend; a bad picture never does', async () => {
    const { isTransient, isImageProblem, userError } = await import('../../src/protocol/errors');
    for (const code of ['hub-unreachable', 'download-stalled', 'image-fetch-failed', 'worker-died'] as const)
      expect(isTransient(userError(code, 'm')), code).toBe(true);
    for (const code of [
      'image-not-found',
      'image-decode-failed',
      'image-too-small',
      'image-not-image',
    ] as const) {
      expect(isTransient(userError(code, 'm')), code).toBe(false);
      expect(isImageProblem(userError(code, 'm')), code).toBe(true);
    }
    expect(isTransient(userError('model-too-large', 'm'))).toBe(false);
    expect(isImageProblem(userError('model-too-large', 'm'))).toBe(false);
  });
});

describe('plain words in the footer', () => {
  test('where it ran and how fast, as a person says it', async () => {
    const { plainEngineLine } = await import('../../src/ui/format');
    expect(plainEngineLine('webgpu', 16)).toBe('On your graphics card, about 12 words a second');
    expect(plainEngineLine('wasm', 94)).toBe('On your processor, about 71 words a second');
    expect(plainEngineLine('wasm', 0.4)).toBe('On your processor, under a word a second');
    expect(plainEngineLine('wasm', null)).toBe('On your processor, on this device');
  });
});
