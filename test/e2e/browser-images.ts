import type { Page } from 'playwright-core';

/** Encodes a solid-colour image in the browser (JPEG and WebP have no encoder in Node). */
export async function browserImage(
  page: Page,
  type: string,
  width: number,
  height: number,
  colour: string,
): Promise<Buffer> {
  const base64 = await page.evaluate(
    async ({ type, width, height, colour }) => {
      const canvas = new OffscreenCanvas(width, height);
      const context = canvas.getContext('2d');
      if (!context) throw new Error('no 2d context');
      context.fillStyle = colour;
      context.fillRect(0, 0, width, height);
      const blob = await canvas.convertToBlob({ type, quality: 0.9 });
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000)
        binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(binary);
    },
    { type, width, height, colour },
  );
  return Buffer.from(base64, 'base64');
}
