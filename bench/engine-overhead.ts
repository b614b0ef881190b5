/**
 * Engine overhead and warm start, in one headless Chromium with the built extension and WebGPU on SwiftShader.
 *
 * Overhead: one full request (image in, answer out) on the generated test model through the extension's engine,
 * against the same ONNX files driven directly with onnxruntime-web on the same inputs (bench/direct-ort.ts), in
 * alternating rounds after a warm-up on each side; the ratio of the medians, per backend. The engine's figure
 * includes what the extension adds on top of the sessions: messaging, chat template, image preprocessing,
 * transformers.js's generation loop and streaming. The baseline's answer must equal the engine's (checked).
 *
 * Warm start: the model is in the browser's cache but no worker runs (the offscreen document, which owns the
 * worker, is closed first): time from the request to the first token, and that no model file is fetched.
 */

import type { Backend, EndConversationNotice } from '../src/protocol/messages';
import { generateRequest, solidImage, useTestModel } from '../test/support/engine-driver';
import type { LoadedExtension } from '../test/support/harness';
import { launchExtension } from '../test/support/harness';
import { startHubServer } from '../test/support/hub-server';
import { computeDirectInputs, decodeIds } from './direct-inputs';
import { openDirectPage } from './direct-ort';
import { timedEngineRequest } from './engine-timing';
import { BLANK_PAGE, writeBlankPage } from './popup-paint';
import { ratio, type SampleSummary, summarize } from './stats';

const RED = [230, 20, 30] as const;
const WIDTH = 64;
const HEIGHT = 48;
const QUESTION = 'What is the cat doing?';
const MAX_NEW_TOKENS = 24;

export interface OverheadResult {
  backend: Backend;
  engine: SampleSummary;
  direct: SampleSummary;
  /** median(engine) / median(direct) */
  ratio: number;
  answer: string;
  /** The engine's own split of its time (medians): image preprocessing, and time to the first token. */
  engineImageMs: number;
  /** The worker's own measure of the request (metrics.totalMs, median): the rest of `engine` is transport. */
  engineWorkerMs: number;
  files: string[];
}

export interface WarmStartResult {
  backend: Backend;
  /** Request → first token with the model cached and no worker running. */
  firstToken: SampleSummary;
  /** The engine's loadMs for those requests: sessions created from the cache. */
  loadMs: SampleSummary;
  /** Model-file requests the hub saw during the warm starts (0: everything came from the cache). */
  hubFileRequests: number;
  /** Request → first token with the worker running and the model loaded, for comparison. */
  hotFirstToken: SampleSummary;
}

export interface EngineBenchResult {
  overhead: OverheadResult[];
  warmStart: WarmStartResult;
}

async function closeEngineDocument(ext: LoadedExtension): Promise<void> {
  await ext.serviceWorker.evaluate(async () => {
    const contexts = await chrome.runtime.getContexts({
      contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT],
    });
    if (contexts.length > 0) await chrome.offscreen.closeDocument();
  });
}

export async function benchEngine(distDir: string, rounds: number): Promise<EngineBenchResult> {
  const inputs = await computeDirectInputs(RED, WIDTH, HEIGHT, QUESTION);
  writeBlankPage(distDir);
  const hub = await startHubServer();
  const ext = await launchExtension({ extensionDir: distDir, webgpu: true });
  try {
    await useTestModel(ext, hub.url, { maxNewTokens: MAX_NEW_TOKENS });
    const page = await ext.openExtensionPage(BLANK_PAGE);
    const image = await solidImage(page, RED, WIDTH, HEIGHT);
    const direct = await openDirectPage(ext.context, inputs);
    let asked = 0;
    // Each request is a conversation of its own, ended (untimed) once answered: the same question on the same
    // image would otherwise come from the conversation's cache, skipping the vision encoder the baseline runs.
    const ask = async (backend: Backend) => {
      const conversationId = `bench-${++asked}`;
      const timed = await timedEngineRequest(
        page,
        generateRequest(image, QUESTION, backend, {
          options: { maxNewTokens: MAX_NEW_TOKENS, backend },
          conversationId,
        }),
      );
      const notice: EndConversationNotice = {
        target: 'engine-relay',
        type: 'end-conversation',
        conversationId,
      };
      await page.evaluate((n) => chrome.runtime.sendMessage(n), notice);
      if (timed.metrics.sessions?.reusedTokens)
        throw new Error('an engine request reused a cached conversation');
      return timed;
    };

    const overhead: OverheadResult[] = [];
    for (const backend of ['wasm', 'webgpu'] as const) {
      // Warm-up: the engine loads (and on first use downloads) the model; the page creates its sessions.
      const first = await ask(backend);
      const files = await direct.prepare(backend);
      const baseline = await direct.run(backend, MAX_NEW_TOKENS);
      const baselineText = await decodeIds(baseline.ids);
      if (baselineText !== first.text) {
        throw new Error(
          `direct onnxruntime-web answered "${baselineText}", the engine "${first.text}" (${backend})`,
        );
      }
      if (first.metrics.backend !== backend)
        throw new Error(`engine ran on ${first.metrics.backend}, not ${backend}`);
      const engineMs: number[] = [];
      const directMs: number[] = [];
      const imageMs: number[] = [];
      const workerMs: number[] = [];
      for (let i = 0; i < rounds; i++) {
        const e = await ask(backend);
        if (e.text !== first.text) throw new Error(`engine answer changed: "${e.text}"`);
        engineMs.push(e.totalMs);
        imageMs.push(e.metrics.imageEncodeMs);
        workerMs.push(e.metrics.totalMs);
        const d = await direct.run(backend, MAX_NEW_TOKENS);
        if (d.ids.join() !== baseline.ids.join()) throw new Error('direct answer changed');
        directMs.push(d.ms);
      }
      const engine = summarize(engineMs);
      const directSummary = summarize(directMs);
      overhead.push({
        backend,
        engine,
        direct: directSummary,
        ratio: ratio(engine.median, directSummary.median),
        answer: first.text,
        engineImageMs: summarize(imageMs).median,
        engineWorkerMs: summarize(workerMs).median,
        files,
      });
    }
    await direct.close();

    // Warm start on WASM (what a software-only machine like this one runs; the model files are cached by now).
    const backend: Backend = 'wasm';
    const hot: number[] = [];
    const warm: number[] = [];
    const loads: number[] = [];
    await ask(backend);
    hub.clearLog();
    for (let i = 0; i < rounds; i++) {
      hot.push((await ask(backend)).firstTokenMs);
      await closeEngineDocument(ext);
      const cold = await ask(backend);
      warm.push(cold.firstTokenMs);
      loads.push(cold.metrics.loadMs);
    }
    const warmStart: WarmStartResult = {
      backend,
      firstToken: summarize(warm),
      loadMs: summarize(loads),
      hubFileRequests: hub.fileRequests().length,
      hotFirstToken: summarize(hot),
    };
    return { overhead, warmStart };
  } finally {
    await ext.close();
    await hub.close();
  }
}
