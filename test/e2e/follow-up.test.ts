import { describe, expect, test } from 'vitest';
import type { ChatTurn, EngineEvent, ImageInput } from '../../src/protocol/messages';
import { engineRequest, generateRequest, requestId, solidImage } from '../support/engine-driver';
import { useEngineSetup } from '../support/engine-setup';

function done(event: EngineEvent) {
  if (event.type !== 'done') throw new Error(`expected an answer, got ${JSON.stringify(event)}`);
  return event;
}

describe('follow-up questions', () => {
  const setup = useEngineSetup({ webgpu: true });

  async function ask(image: ImageInput, conversation: ChatTurn[], backend: 'wasm' | 'webgpu') {
    const request = generateRequest(image, '', backend, { conversation, detail: 'split' });
    return done((await engineRequest(setup.page, request)).last);
  }

  test.each(['wasm', 'webgpu'] as const)(
    'on %s: reuse, no vision encoder, the same answer',
    async (backend) => {
      const green = await solidImage(setup.page, [10, 200, 40], 700, 500);
      const first: ChatTurn[] = [{ role: 'user', text: 'What is the cat doing?' }];
      const one = await ask(green, first, backend);
      expect(one.text).toBe('a green image about cat.');
      expect(one.metrics.sessions?.views).toBeGreaterThan(1);
      expect(one.metrics.sessions?.reusedTokens).toBe(0);
      expect(one.metrics.sessions?.imageProcessed).toBe(true);

      const followUp: ChatTurn[] = [
        ...first,
        { role: 'assistant', text: one.text },
        { role: 'user', text: 'A dog?' },
      ];
      const two = await ask(green, followUp, backend);
      expect(two.text).toBe('a green image about dog.');
      expect(two.metrics.sessions?.views).toBe(0);
      // Its prompt's ids come from the kept layout: the picture isn't even decoded again.
      expect(two.metrics.sessions?.imageProcessed).toBe(false);
      expect(two.metrics.sessions?.reusedTokens).toBeGreaterThanOrEqual(one.metrics.promptTokens);
      expect(two.metrics.sessions?.prefillTokens).toBe(
        two.metrics.promptTokens - (two.metrics.sessions?.reusedTokens ?? 0),
      );

      // The same follow-up after the cache is gone (the model unloaded): read in full, the same answer.
      await engineRequest(setup.page, { type: 'unload', requestId: requestId('unload') });
      const fresh = await ask(green, followUp, backend);
      expect(fresh.metrics.sessions?.views).toBeGreaterThan(1);
      expect(fresh.metrics.sessions?.reusedTokens).toBe(0);
      expect(fresh.metrics.sessions?.imageProcessed).toBe(true);
      expect(fresh.text).toBe(two.text);
    },
  );
});
