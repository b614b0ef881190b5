import { describe, expect, test } from 'vitest';
import { createCatalog } from '../../src/verdicts/catalog';
import { BUNDLED_DATA } from '../../src/verdicts/data';
import { modelStory, pageModelFor } from '../../src/verdicts/page-model';

const HF = 'https://huggingface.co/HuggingFaceTB';
const page = (repo: string) => pageModelFor('smolvlm-3b', `${HF}/${repo}`);
const DEMO_256M = { id: 'HuggingFaceTB/SmolVLM-256M-Instruct', label: 'SmolVLM 256M' };

describe('pageModelFor: the family member a SmolVLM page shows', () => {
  test('the 256M and 500M pages are smaller siblings of the reviewed flagship', () => {
    expect(page('SmolVLM-256M-Instruct')).toEqual({
      name: 'SmolVLM-256M-Instruct',
      parameters: '256M',
      kind: 'smaller',
    });
    expect(pageModelFor('smolvlm-3b', `${HF}/SmolVLM-500M-Base/tree/main`)).toEqual({
      name: 'SmolVLM-500M-Base',
      parameters: '500M',
      kind: 'smaller',
    });
  });

  test('the 2.2B SmolVLM-Instruct page is the flagship; SmolVLM2 pages are the successor', () => {
    expect(page('SmolVLM-Instruct')).toEqual({
      name: 'SmolVLM-Instruct',
      parameters: '2.2B',
      kind: 'flagship',
    });
    expect(page('SmolVLM2-500M-Video-Instruct')).toMatchObject({ parameters: '500M', kind: 'successor' });
    expect(page('SmolVLM2-2.2B-Instruct')?.parameters).toBe('2.2B');
  });

  test('pages about the entry as a whole, and other tools, name no other model', () => {
    expect(pageModelFor('smolvlm-3b', 'https://huggingface.co/blog/smolvlm')).toBeNull();
    expect(
      pageModelFor('smolvlm-3b', 'https://huggingface.co/docs/transformers/model_doc/smolvlm'),
    ).toBeNull();
    expect(pageModelFor('vercel-ai-gateway', 'https://vercel.com/ai-gateway')).toBeNull();
    expect(pageModelFor('smolvlm-3b', 'not a url')).toBeNull();
  });

  test('every SmolVLM repository page the bundled data matches is explained', () => {
    const catalog = createCatalog(BUNDLED_DATA);
    for (const repo of [
      'SmolVLM-256M-Instruct',
      'SmolVLM-500M-Instruct',
      'SmolVLM-Instruct',
      'SmolVLM2-2.2B-Instruct',
    ]) {
      const url = `${HF}/${repo}`;
      const tool = catalog.toolForUrl(url);
      expect(tool?.id).toBe('smolvlm-3b');
      expect(pageModelFor(tool?.id ?? '', url)?.name).toBe(repo);
    }
  });
});

describe('modelStory: the reviewed model, the page’s and the demo’s, as one line', () => {
  test('on the 256M page with the 256M demo, one model is the page’s and the demo’s', () => {
    expect(modelStory('smolvlm-3b', page('SmolVLM-256M-Instruct'), DEMO_256M)).toBe(
      'SmolVLM-3B is the panel’s name for the 2.2B SmolVLM-Instruct; this page shows its 256M sibling, which the ' +
        'demo runs.',
    );
  });

  test('on the 500M page, the flagship’s page and a page about the family, each model is named once', () => {
    expect(modelStory('smolvlm-3b', page('SmolVLM-500M-Instruct'), DEMO_256M)).toBe(
      'SmolVLM-3B is the panel’s name for the 2.2B SmolVLM-Instruct; this page shows its 500M sibling; the demo ' +
        'runs the 256M one.',
    );
    expect(modelStory('smolvlm-3b', page('SmolVLM-Instruct'), DEMO_256M)).toBe(
      'SmolVLM-3B is the panel’s name for the 2.2B SmolVLM-Instruct; this page shows it; the demo runs its 256M ' +
        'sibling.',
    );
    expect(modelStory('smolvlm-3b', null, DEMO_256M)).toBe(
      'SmolVLM-3B is the panel’s name for the 2.2B SmolVLM-Instruct; the demo runs its 256M sibling.',
    );
    expect(modelStory('smolvlm-3b', page('SmolVLM2-2.2B-Instruct'), null)).toBe(
      'SmolVLM-3B is the panel’s name for the 2.2B SmolVLM-Instruct; this page shows SmolVLM2-2.2B-Instruct, ' +
        'its successor.',
    );
  });

  test('a demo model named without a size is named by its label; other tools have no story', () => {
    expect(
      modelStory('smolvlm-3b', null, { id: 'test/tiny-smolvlm', label: 'Tiny SmolVLM (test model)' }),
    ).toBe(
      'SmolVLM-3B is the panel’s name for the 2.2B SmolVLM-Instruct; the demo runs Tiny SmolVLM (test model).',
    );
    expect(modelStory('vercel-ai-gateway', null, DEMO_256M)).toBeNull();
  });
});
