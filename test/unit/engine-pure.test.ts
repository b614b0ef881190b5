/** The engine's pure parts: chat messages, download tally, error wording, fallback loop, metrics, request checks. */
import { describe, expect, test } from 'vitest';
import { loadWithFallback } from '../../src/inference/backend/fallback';
import { planBackends } from '../../src/inference/backend/policy';
import { chatMessagesFor, conversationProblem } from '../../src/inference/generation/chat-prompt';
import { backendMayHelp, describeGenerationError, describeLoadError } from '../../src/inference/load-errors';
import { generationMetrics } from '../../src/inference/measurement/metrics';
import { DownloadTally } from '../../src/inference/model-files/progress-tally';
import { EventLog } from '../../src/offscreen/event-log';
import { type ErrorCode, userError } from '../../src/protocol/errors';
import { parseEngineRequest } from '../../src/protocol/parse-request';

describe('chatMessagesFor', () => {
  test('puts the image on the first question only, keeping the turns in order', () => {
    expect(
      chatMessagesFor([
        { role: 'user', text: 'Describe this image.' },
        { role: 'assistant', text: 'A red car.' },
        { role: 'user', text: 'Is the car new?' },
      ]),
    ).toEqual([
      { role: 'user', content: [{ type: 'image' }, { type: 'text', text: 'Describe this image.' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'A red car.' }] },
      { role: 'user', content: [{ type: 'text', text: 'Is the car new?' }] },
    ]);
  });

  test('a conversation must end with a question that says something', () => {
    expect(conversationProblem([])).toMatch(/no question/);
    expect(conversationProblem([{ role: 'assistant', text: 'x' }])).toMatch(/end with a question/);
    expect(conversationProblem([{ role: 'user', text: '  ' }])).toMatch(/empty/);
    expect(conversationProblem([{ role: 'user', text: 'Why?' }])).toBeNull();
  });
});

describe('DownloadTally', () => {
  const expected = [
    { path: 'onnx/a.onnx', bytes: 100 },
    { path: 'onnx/b.onnx', bytes: 300 },
  ];

  test('starts from the catalog sizes and adds bytes across files', () => {
    const tally = new DownloadTally('m', expected);
    expect(tally.snapshot()).toMatchObject({ loaded: 0, total: 400 });
    tally.update({ status: 'progress', file: 'onnx/a.onnx', loaded: 50, total: 100 });
    expect(tally.update({ status: 'progress', file: 'onnx/b.onnx', loaded: 30, total: 300 })).toMatchObject({
      loaded: 80,
      total: 400,
    });
  });

  test('a real size replaces the estimate, done fills a file', () => {
    const tally = new DownloadTally('m', expected);
    tally.update({ status: 'progress', file: 'onnx/b.onnx', loaded: 10, total: 280 });
    expect(tally.snapshot()).toMatchObject({ loaded: 10, total: 380 });
    expect(tally.update({ status: 'done', file: 'onnx/a.onnx' })).toMatchObject({ loaded: 110, total: 380 });
    expect(tally.update({ status: 'initiate', file: 'onnx/a.onnx' })).toBeNull();
  });

  test('one total from start to end: files outside the plan, found as they are fetched, never move it', () => {
    const tally = new DownloadTally('m', expected);
    expect(tally.update({ status: 'progress', file: 'config.json', loaded: 5, total: 20 })).toBeNull();
    expect(tally.update({ status: 'done', file: 'tokenizer.json' })).toBeNull();
    tally.update({ status: 'progress', file: 'onnx/a.onnx', loaded: 40, total: 100 });
    expect(tally.snapshot()).toMatchObject({ loaded: 40, total: 400 });
    expect(tally.snapshot().files.map((f) => f.file)).toEqual(['onnx/a.onnx', 'onnx/b.onnx']);
  });

  test('without a plan, every file counts as it turns up', () => {
    const tally = new DownloadTally('m', []);
    tally.update({ status: 'progress', file: 'config.json', loaded: 5, total: 20 });
    expect(tally.snapshot()).toMatchObject({ loaded: 5, total: 20 });
  });
});

describe('whether another backend may help after a failed load', () => {
  const error = (code: ErrorCode) => userError(code, 'm');
  test('tries the next backend when a session failed, not when the files can’t be had', () => {
    expect(backendMayHelp(error('model-load-failed'), 0)).toBe(true);
    expect(backendMayHelp(error('model-file-corrupt'), 0)).toBe(true);
    for (const code of [
      'hub-unreachable',
      'model-file-missing',
      'download-stalled',
      'storage-full',
    ] as const) {
      expect(backendMayHelp(error(code), 0), code).toBe(false);
    }
    // Files still arriving: the failure is likely the network's.
    expect(backendMayHelp(error('model-load-failed'), 2)).toBe(false);
  });
  test('tries the next backend when one ran out of memory, even while other files download', () => {
    expect(backendMayHelp(error('model-too-large'), 3)).toBe(true);
  });
});

describe('describeLoadError', () => {
  const host = 'https://huggingface.co/';
  const none = new Map<string, number>();

  test('a 404 names the missing file', () => {
    const error = new Error(
      'Could not locate file: "https://huggingface.co/HuggingFaceTB/SmolVLM-256M-Instruct/resolve/main/onnx/vision_encoder_q4.onnx".',
    );
    expect(describeLoadError(error, { host, inFlight: none })).toMatchObject({
      code: 'model-file-missing',
      message: expect.stringContaining('onnx/vision_encoder_q4.onnx'),
    });
  });

  test('a network failure with nothing downloading means the host is unreachable, named', () => {
    expect(describeLoadError(new TypeError('Failed to fetch'), { host, inFlight: none })).toMatchObject({
      code: 'hub-unreachable',
      message: expect.stringContaining('huggingface.co'),
    });
  });

  test('a network failure mid-file is a cut-off download of that file', () => {
    const inFlight = new Map([['onnx/decoder_model_merged_q4.onnx', 4000]]);
    expect(describeLoadError(new TypeError('network error'), { host, inFlight })).toMatchObject({
      code: 'model-file-corrupt',
      message: expect.stringContaining('onnx/decoder_model_merged_q4.onnx'),
    });
  });

  test('a session that fails to parse is a damaged file; anything else is a load failure, never in the runtime’s words', () => {
    expect(
      describeLoadError(new Error('Failed to load model: protobuf parsing failed'), { host, inFlight: none })
        .code,
    ).toBe('model-file-corrupt');
    expect(describeLoadError(new Error('out of cheese'), { host, inFlight: none })).toMatchObject({
      code: 'model-load-failed',
      message: 'The model could not start in this browser.',
    });
  });

  test('UserErrors pass through untouched, in loading and in generation', () => {
    const e = userError('cancelled', 'Stopped.');
    expect(describeLoadError(e, { host, inFlight: none })).toBe(e);
    expect(describeGenerationError(e)).toBe(e);
    expect(describeGenerationError(new Error('boom'))).toMatchObject({ code: 'generation-failed' });
    // A browser's exception text never reaches a person.
    const raw =
      "Failed to execute 'getImageData' on 'OffscreenCanvasRenderingContext2D': The source height is 0.";
    expect(describeGenerationError(new DOMException(raw)).message).not.toContain('getImageData');
  });
});

describe('loadWithFallback', () => {
  const backendFailure = (e: unknown) => e instanceof Error && e.message.startsWith('webgpu');

  test('falls back to WASM when WebGPU fails to create its sessions, saying why', async () => {
    const tried: string[] = [];
    const loaded = await loadWithFallback(
      planBackends('auto', { adapter: true }),
      async (backend) => {
        tried.push(backend);
        if (backend === 'webgpu') throw new Error('webgpu: unsupported operator');
        return 'model';
      },
      backendFailure,
    );
    expect(tried).toEqual(['webgpu', 'wasm']);
    expect(loaded).toMatchObject({ backend: 'wasm', value: 'model' });
    expect(loaded.fallbackReason).toBe("WebGPU couldn't start the model; using WASM instead.");
  });

  test('a failure that is not the backend’s fault is not retried on another backend', async () => {
    const tried: string[] = [];
    await expect(
      loadWithFallback(
        planBackends('auto', { adapter: true }),
        async (backend) => {
          tried.push(backend);
          throw new Error('Failed to fetch');
        },
        backendFailure,
      ),
    ).rejects.toThrow('Failed to fetch');
    expect(tried).toEqual(['webgpu']);
  });

  test('WebGPU only, with no adapter, fails with the policy’s error and tries nothing', async () => {
    await expect(
      loadWithFallback(planBackends('webgpu', { adapter: false }), async () => 'x', backendFailure),
    ).rejects.toMatchObject({ code: 'webgpu-unavailable' });
  });

  test('no adapter under Automatic runs on WASM with the reason', async () => {
    const loaded = await loadWithFallback(
      planBackends('auto', { adapter: false, absence: 'no-webgpu' }),
      async () => 'x',
      backendFailure,
    );
    expect(loaded.backend).toBe('wasm');
    expect(loaded.fallbackReason).toBe("This browser doesn't offer WebGPU; running on the CPU with WASM.");
  });
});

describe('generationMetrics', () => {
  test('speed counts tokens after the first over the time after it', () => {
    expect(
      generationMetrics({
        modelId: 'm',
        backend: 'webgpu',
        loadMs: 1200.4,
        startedAt: 1000,
        imageReadyAt: 1040,
        firstTokenAt: 1200,
        endedAt: 1700,
        tokens: 11,
        promptTokens: 80,
        image: { width: 640, height: 480 },
      }),
    ).toEqual({
      modelId: 'm',
      backend: 'webgpu',
      loadMs: 1200,
      imageEncodeMs: 40,
      timeToFirstTokenMs: 200,
      tokensPerSecond: 20,
      tokens: 11,
      promptTokens: 80,
      totalMs: 700,
      imageWidth: 640,
      imageHeight: 480,
    });
  });

  test('no tokens gives zero speed, and no first token counts the end', () => {
    const m = generationMetrics({
      modelId: 'm',
      backend: 'wasm',
      loadMs: 0,
      startedAt: 0,
      imageReadyAt: 10,
      firstTokenAt: null,
      endedAt: 50,
      tokens: 0,
      promptTokens: 80,
      image: { width: 1, height: 1 },
    });
    expect(m).toMatchObject({ tokensPerSecond: 0, timeToFirstTokenMs: 50 });
  });
});

describe('parseEngineRequest', () => {
  const good = {
    type: 'generate',
    requestId: 'r1',
    modelId: 'HuggingFaceTB/SmolVLM-256M-Instruct',
    image: { kind: 'url', url: 'https://example.com/cat.png' },
    conversation: [{ role: 'user', text: 'Describe this image.' }],
    options: { maxNewTokens: 64, backend: 'auto' },
  };

  test('accepts every request type the UIs send', () => {
    expect(parseEngineRequest(good).ok).toBe(true);
    expect(parseEngineRequest({ ...good, detail: 'single' })).toMatchObject({
      ok: true,
      request: { detail: 'single' },
    });
    expect(parseEngineRequest({ ...good, detail: 'split' }).ok).toBe(true);
    for (const r of [
      { type: 'load', requestId: 'a', modelId: 'x/y', backend: 'wasm' },
      { type: 'cancel', requestId: 'a' },
      { type: 'status', requestId: 'a' },
      { type: 'unload', requestId: 'a' },
      { type: 'attach', requestId: 'a', afterSeq: 3 },
    ]) {
      expect(parseEngineRequest(r).ok).toBe(true);
    }
  });

  test('rejects what a hostile page might send, naming the field', () => {
    const cases: [unknown, RegExp][] = [
      [{ ...good, image: { kind: 'url', url: 'file:///etc/passwd' } }, /image\.url/],
      [
        { ...good, image: { kind: 'inline', image: { dataUrl: 'javascript:1', width: 1, height: 1 } } },
        /image\.image\.dataUrl/,
      ],
      [{ ...good, options: { maxNewTokens: 1e9, backend: 'auto' } }, /options\.maxNewTokens/],
      [{ ...good, conversation: [] }, /conversation/],
      [{ ...good, detail: 'huge' }, /detail/],
      [{ type: 'format-disk', requestId: 'x' }, /type/],
    ];
    for (const [value, path] of cases) {
      const parsed = parseEngineRequest(value);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.problem).toMatch(path);
    }
    expect(parseEngineRequest(null)).toMatchObject({ ok: false, requestId: null });
  });
});

describe('EventLog', () => {
  test('numbers per request and forgets finished requests after a while', () => {
    let now = 0;
    const log = new EventLog(() => now, 1000);
    log.append({ type: 'token', requestId: 'a', text: 'x' }, false);
    log.append({ type: 'token', requestId: 'b', text: 'y' }, false);
    const done = log.append(
      { type: 'error', requestId: 'a', error: userError('cancelled', 'Stopped.') },
      true,
    );
    expect(done.seq).toBe(2);
    expect(log.since('a', 0)?.map((e) => e.seq)).toEqual([1, 2]);
    now = 1001;
    expect(log.since('a', 0)).toBeNull();
    expect(log.since('b', 0)).toHaveLength(1);
  });
});

describe('a model that does not fit in memory', () => {
  const context = {
    host: 'https://huggingface.co/',
    inFlight: new Map<string, number>(),
    model: { label: 'SmolVLM 2.2B', minDeviceMemoryGb: 6, downloadBytes: 1_400_000_000 },
    smaller: { label: 'SmolVLM 500M', minDeviceMemoryGb: 3 },
  };

  test.each([
    // What onnxruntime-web 1.31 threw in Chromium when the WASM heap couldn't grow (test/e2e/model-too-large).
    "Can't create a session. ERROR_CODE: 6, ERROR_MESSAGE: std::bad_alloc",
    "Can't create a session. failed to allocate a buffer of size 1073741824",
    'RangeError: WebAssembly.Memory(): could not allocate memory',
    'std::bad_alloc',
    'Aborted(OOM): out of memory',
  ])('"%s" says what the model needs and names a smaller one', (raw) => {
    expect(describeLoadError(new Error(raw), context)).toEqual({
      code: 'model-too-large',
      message:
        'SmolVLM 2.2B needs about 6 GB of memory (its files alone are 1.4 GB), more than this browser could give it.',
      action: 'Choose SmolVLM 500M in Options (about 3 GB), or close other tabs and try again.',
    });
  });

  test('the smallest model has nothing smaller to suggest', () => {
    const error = describeLoadError(new Error('failed to allocate'), { ...context, smaller: null });
    expect(error).toMatchObject({
      code: 'model-too-large',
      action: 'Close other tabs and apps, then try again.',
    });
  });
});
