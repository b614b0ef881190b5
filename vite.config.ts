import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import manifest from './manifest.json' with { type: 'json' };

export default defineConfig({
  plugins: [preact(), crx({ manifest })],
  build: {
    target: 'chrome116',
    sourcemap: false,
    emptyOutDir: true,
    // The offscreen document isn't named in the manifest; it's opened by the background on first use.
    rollupOptions: { input: { offscreen: 'src/offscreen/index.html' } },
  },
  worker: { format: 'es' },
  server: { cors: { origin: [/chrome-extension:\/\//] } },
});
