import { describe, expect, test } from 'vitest';
import { demoIntro } from '../../src/popup/demo-intro';
import { pageModelFor } from '../../src/verdicts/page-model';

const page = (repo: string) => pageModelFor('smolvlm-3b', `https://huggingface.co/HuggingFaceTB/${repo}`);
const demo = { demoModelId: 'HuggingFaceTB/SmolVLM-256M-Instruct', demoModelLabel: 'SmolVLM 256M' };

describe('demoIntro: the popup demo names the model that runs', () => {
  test('on the page of the model that runs, it is “this model”', () => {
    expect(demoIntro({ ...demo, pageModel: page('SmolVLM-256M-Instruct') }).title).toBe(
      'Live demo: this model, on your device',
    );
  });

  test('on another family member’s page, and on a page about the whole family, it names the model that runs', () => {
    expect(demoIntro({ ...demo, pageModel: page('SmolVLM-500M-Instruct') }).title).toBe(
      'Live demo: SmolVLM 256M, on your device',
    );
    expect(demoIntro({ ...demo, pageModel: null })).toEqual({
      title: 'Live demo: SmolVLM 256M, on your device',
      note: 'Pick an image on this page: it is described right here, without sending anything anywhere.',
    });
  });
});
