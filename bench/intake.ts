/**
 * Image intake: a 6000×4000 JPEG from the click to the model-ready input, i.e. `fetchImageForModel(url)` (what the
 * engine host runs for a right-clicked image: fetch with the extension's host access, sniff, decode straight to
 * the model's size, re-encode) in an extension page of the built extension, the photo served from 127.0.0.1.
 * Time is measured in the page; peak memory is the extension renderer's peak resident set (bench/process-memory).
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import type { ImageInput } from '../src/protocol/messages';
import { launchExtension } from '../test/support/harness';
import { extensionRendererPids, peakDuring } from './process-memory';
import { startStaticServer } from './static-server';
import { type SampleSummary, summarize } from './stats';

const PAGE = 'bench-intake.html';
export const PHOTO = { width: 6000, height: 4000 };

export interface IntakeResult {
  photoBytes: number;
  time: SampleSummary;
  /** Peak resident memory of the extension renderer above where it started, per run. */
  peakExtraBytes: SampleSummary;
  /** Its absolute peak resident memory, per run. */
  peakBytes: SampleSummary;
  output: { width: number; height: number; dataUrlBytes: number };
}

/** Adds a bench-only page to the build that loads the real intake module (bundled by Vite, like the extension). */
async function addIntakePage(distDir: string): Promise<void> {
  await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      outDir: join(distDir, 'bench-intake'),
      emptyOutDir: true,
      minify: true,
      lib: {
        entry: join(import.meta.dirname, 'intake-page-entry.ts'),
        formats: ['es'],
        fileName: () => 'intake.js',
      },
    },
  });
  writeFileSync(
    join(distDir, PAGE),
    '<!doctype html><meta charset="utf-8"><title>intake</title><script type="module" src="bench-intake/intake.js"></script>',
  );
}

/** A photo-like JPEG (gradients, shapes and grain, so it compresses like a photo rather than a flat fill). */
async function makePhoto(page: import('playwright-core').Page): Promise<Uint8Array> {
  const base64 = await page.evaluate(async ({ width, height }) => {
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2d context');
    const gradient = context.createLinearGradient(0, 0, width, height);
    gradient.addColorStop(0, '#2b5d8a');
    gradient.addColorStop(0.5, '#d9a441');
    gradient.addColorStop(1, '#3f7a3a');
    context.fillStyle = gradient;
    context.fillRect(0, 0, width, height);
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let i = 0; i < 400; i++) {
      context.fillStyle = `hsla(${Math.floor(random() * 360)}, 60%, 50%, 0.5)`;
      context.beginPath();
      context.arc(random() * width, random() * height, 20 + random() * 400, 0, Math.PI * 2);
      context.fill();
    }
    const pixels = context.getImageData(0, 0, width, height);
    for (let i = 0; i < pixels.data.length; i += 4) {
      const grain = (random() - 0.5) * 24;
      pixels.data[i] = (pixels.data[i] as number) + grain;
      pixels.data[i + 1] = (pixels.data[i + 1] as number) + grain;
      pixels.data[i + 2] = (pixels.data[i + 2] as number) + grain;
    }
    context.putImageData(pixels, 0, 0);
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000)
      binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(binary);
  }, PHOTO);
  return new Uint8Array(Buffer.from(base64, 'base64'));
}

export async function benchIntake(distDir: string, runs: number): Promise<IntakeResult> {
  const extensionDir = resolve(distDir);
  await addIntakePage(extensionDir);
  const ext = await launchExtension({ extensionDir });
  const photoServer = await startStaticServer({}, {});
  try {
    // tsx names the page functions' inner helpers through __name(); give pages a no-op one.
    await ext.context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    const scratch = await ext.context.newPage();
    await scratch.goto(`${photoServer.origin}/`);
    const photo = await makePhoto(scratch);
    await scratch.close();
    await photoServer.close();
    const server = await startStaticServer({}, { '/photo.jpg': { body: photo, type: 'image/jpeg' } });
    try {
      const page = await ext.openExtensionPage(PAGE);
      await page.waitForFunction(() => document.title === 'ready');
      const pids = extensionRendererPids(extensionDir);
      const url = `${server.origin}/photo.jpg`;
      const times: number[] = [];
      const extra: number[] = [];
      const peaks: number[] = [];
      let output: IntakeResult['output'] | null = null;
      // Run 0 warms up (code, decoder) and is dropped.
      for (let i = 0; i <= runs; i++) {
        const measured = await peakDuring(pids, () =>
          page.evaluate(async (url) => {
            const intake = (
              globalThis as unknown as {
                fetchImageForModel(u: string, s?: AbortSignal, o?: { pageUrl?: string }): Promise<ImageInput>;
              }
            ).fetchImageForModel;
            const started = performance.now();
            // Named by a page on the same local server, as a person's click on that page would.
            const image = await intake(url, undefined, { pageUrl: new URL('/', url).href });
            return {
              ms: performance.now() - started,
              width: image.width,
              height: image.height,
              dataUrlBytes: image.dataUrl.length,
            };
          }, url),
        );
        if (i === 0) continue;
        times.push(measured.value.ms);
        extra.push(measured.peakBytes - measured.beforeBytes);
        peaks.push(measured.peakBytes);
        output = {
          width: measured.value.width,
          height: measured.value.height,
          dataUrlBytes: measured.value.dataUrlBytes,
        };
      }
      if (!output) throw new Error('no intake runs');
      return {
        photoBytes: photo.byteLength,
        time: summarize(times),
        peakExtraBytes: summarize(extra),
        peakBytes: summarize(peaks),
        output,
      };
    } finally {
      await server.close();
    }
  } finally {
    await ext.close();
  }
}
