import { describe, expect, test } from 'vitest';
import { userError } from '../../src/protocol/errors';
import type { EngineEvent, GenerationMetrics } from '../../src/protocol/messages';
import { type AskState, askReducer, conversationFor, initialAskState, isBusy } from '../../src/ui/ask-state';
import { downloadLabel, engineLine, stoppedLine } from '../../src/ui/format';

const metrics: GenerationMetrics = {
  modelId: 'm',
  backend: 'webgpu',
  loadMs: 0,
  imageEncodeMs: 5,
  timeToFirstTokenMs: 50,
  tokensPerSecond: 41.2,
  tokens: 7,
  promptTokens: 80,
  totalMs: 200,
  imageWidth: 64,
  imageHeight: 48,
};

const run = (state: AskState, ...events: EngineEvent[]) =>
  events.reduce((s, event) => askReducer(s, { type: 'event', event }), state);

describe('askReducer', () => {
  test('a question streams into an answer and joins the conversation', () => {
    let s = askReducer(initialAskState(false), { type: 'ask', question: 'Describe this image.' });
    expect(isBusy(s)).toBe(true);
    s = run(
      s,
      { type: 'progress', requestId: 'r', progress: { modelId: 'm', files: [], loaded: 5, total: 10 } },
      {
        type: 'ready',
        requestId: 'r',
        modelId: 'm',
        backend: 'webgpu',
        loadMs: 3,
        fallbackReason: null,
        crossOriginIsolated: false,
        wasmThreads: 1,
        keptCache: false,
        runtime: 'webgpu',
      },
      { type: 'token', requestId: 'r', text: 'a ' },
      { type: 'token', requestId: 'r', text: 'cat' },
    );
    expect(s.pending).toEqual({ question: 'Describe this image.', answer: 'a cat' });
    s = run(s, { type: 'done', requestId: 'r', text: 'a cat', metrics });
    expect(s.turns).toEqual([
      { role: 'user', text: 'Describe this image.' },
      { role: 'assistant', text: 'a cat' },
    ]);
    expect(s.engine).toEqual({ backend: 'webgpu', fallbackReason: null, tokensPerSecond: 41.2 });
    expect(conversationFor(s, 'Why?').at(-1)).toEqual({ role: 'user', text: 'Why?' });
  });

  test('download progress shows while the model downloads', () => {
    const s = run(askReducer(initialAskState(false), { type: 'ask', question: 'q' }), {
      type: 'progress',
      requestId: 'r',
      progress: { modelId: 'm', files: [], loaded: 5, total: 10 },
    });
    expect(s).toMatchObject({ phase: 'downloading', download: { loaded: 5, total: 10 } });
  });

  test('stop keeps what was said, marked as cut short; a cancelled event does the same', () => {
    const asked = run(askReducer(initialAskState(false), { type: 'ask', question: 'q' }), {
      type: 'token',
      requestId: 'r',
      text: 'half',
    });
    const stopped = askReducer(asked, { type: 'stopped' });
    expect(stopped.phase).toBe('idle');
    expect(stopped.turns.at(-1)).toEqual({ role: 'assistant', text: 'half …' });
    expect(run(asked, { type: 'error', requestId: 'r', error: userError('cancelled', 'Stopped.') })).toEqual(
      stopped,
    );
  });

  test('stop during a download keeps the question on screen, with the bytes kept', () => {
    const downloading = run(askReducer(initialAskState(false), { type: 'ask', question: 'What is it?' }), {
      type: 'progress',
      requestId: 'r',
      progress: { modelId: 'm', files: [], loaded: 37_000, total: 294_000 },
    });
    const stopped = askReducer(downloading, { type: 'stopped' });
    expect(stopped).toMatchObject({
      phase: 'idle',
      turns: [],
      download: null,
      stopped: { question: 'What is it?', kept: { loaded: 37_000, total: 294_000 } },
    });
    expect(stoppedLine(stopped.stopped?.kept ?? null)).toBe(
      'Stopped — 37 kB of 294 kB kept; it resumes next time.',
    );
    // Asking again clears it.
    expect(askReducer(stopped, { type: 'ask', question: 'What is it?' }).stopped).toBeNull();
    // Stopped before any byte: nothing is said to be kept.
    const early = askReducer(askReducer(initialAskState(false), { type: 'ask', question: 'q' }), {
      type: 'stopped',
    });
    expect(early.stopped).toEqual({ question: 'q', kept: null });
    expect(stoppedLine(null)).toBe('Stopped before the answer began.');
  });

  test('an error ends the question with the message and keeps it for Retry', () => {
    const s = run(askReducer(initialAskState(false), { type: 'ask', question: 'q' }), {
      type: 'error',
      requestId: 'r',
      error: userError('image-not-found', 'Gone.'),
    });
    expect(s).toMatchObject({
      phase: 'error',
      pending: null,
      lastQuestion: 'q',
      error: { code: 'image-not-found' },
    });
    expect(s.turns).toEqual([]);
  });

  test('consent comes first when the model was never agreed to', () => {
    expect(initialAskState(true).phase).toBe('consent');
  });
});

describe('format', () => {
  test('sizes and speed read the way people say them', () => {
    expect(downloadLabel(1_234_567, 180_000_000)).toBe('1.2 MB of 180 MB');
    expect(downloadLabel(12_400, 211_178)).toBe('12 kB of 211 kB');
    expect(engineLine('webgpu', 41.2)).toBe('WebGPU · 41 tok/s');
    expect(engineLine('wasm', null)).toBe('WASM');
  });
});
