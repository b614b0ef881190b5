import { describe, expect, test } from 'vitest';
import { createCatalog } from '../../src/verdicts/catalog';
import { BUNDLED_DATA } from '../../src/verdicts/data';
import { pageModelFor } from '../../src/verdicts/page-model';

const HF = 'https://huggingface.co/HuggingFaceTB';

describe('pageModelFor: the family member a SmolVLM page shows', () => {
  test('the 256M and 500M pages are smaller members; the verdict is on the flagship reviewed as SmolVLM-3B', () => {
    const small = pageModelFor('smolvlm-3b', `${HF}/SmolVLM-256M-Instruct`);
    expect(small).toMatchObject({ name: 'SmolVLM-256M-Instruct', parameters: '256M' });
    expect(small?.relation).toContain('a smaller member of the SmolVLM family');
    expect(small?.relation).toContain(
      'reviewed as “SmolVLM-3B” (published as SmolVLM-Instruct, 2.2B parameters)',
    );
    expect(pageModelFor('smolvlm-3b', `${HF}/SmolVLM-500M-Base/tree/main`)).toMatchObject({
      name: 'SmolVLM-500M-Base',
      parameters: '500M',
    });
  });

  test('the 2.2B SmolVLM-Instruct page is the flagship, and no 3B SmolVLM is claimed', () => {
    const flagship = pageModelFor('smolvlm-3b', `${HF}/SmolVLM-Instruct`);
    expect(flagship).toMatchObject({ name: 'SmolVLM-Instruct', parameters: '2.2B' });
    expect(flagship?.relation).toContain('the family’s flagship');
    expect(flagship?.relation).toContain('Hugging Face publishes no 3B SmolVLM');
  });

  test('SmolVLM2 pages are the successor that also reads video', () => {
    const video = pageModelFor('smolvlm-3b', `${HF}/SmolVLM2-500M-Video-Instruct`);
    expect(video).toMatchObject({ name: 'SmolVLM2-500M-Video-Instruct', parameters: '500M' });
    expect(video?.relation).toContain('SmolVLM2, the family’s successor that also understands video');
    expect(pageModelFor('smolvlm-3b', `${HF}/SmolVLM2-2.2B-Instruct`)?.parameters).toBe('2.2B');
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
