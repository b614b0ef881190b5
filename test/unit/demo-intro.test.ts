import { describe, expect, test } from 'vitest';
import { demoIntro } from '../../src/popup/demo-intro';
import { pageModelFor } from '../../src/verdicts/page-model';

const page = (repo: string) => pageModelFor('smolvlm-3b', `https://huggingface.co/HuggingFaceTB/${repo}`);

describe('demoIntro: the popup demo names the model that runs', () => {
  test('on the page of the model that runs, it is “this model”', () => {
    const intro = demoIntro({
      isModelPage: true,
      pageModel: page('SmolVLM-256M-Instruct'),
      demoModelId: 'HuggingFaceTB/SmolVLM-256M-Instruct',
      demoModelLabel: 'SmolVLM 256M',
    });
    expect(intro.title).toBe('Live demo: this model, on your device');
    expect(intro.note).not.toContain('not this page');
  });

  test('on another family member’s page it names the model that runs and says it isn’t the page’s', () => {
    const intro = demoIntro({
      isModelPage: true,
      pageModel: page('SmolVLM-500M-Instruct'),
      demoModelId: 'HuggingFaceTB/SmolVLM-256M-Instruct',
      demoModelLabel: 'SmolVLM 256M',
    });
    expect(intro.title).toBe('Live demo: SmolVLM 256M, on your device');
    expect(intro.note).toContain('It is the model chosen in Options, not this page’s SmolVLM-500M-Instruct.');
  });

  test('on a SmolVLM page about the whole family, and on other tools’ pages', () => {
    const family = {
      pageModel: null,
      demoModelId: 'HuggingFaceTB/SmolVLM-256M-Instruct',
      demoModelLabel: 'SmolVLM 256M',
    };
    expect(demoIntro({ ...family, isModelPage: true }).title).toBe('Live demo: SmolVLM 256M, on your device');
    expect(demoIntro({ ...family, isModelPage: false })).toEqual({
      title: "Try it on this page's images",
      note: 'Pick an image for SmolVLM 256M to describe, on your device.',
    });
  });
});
