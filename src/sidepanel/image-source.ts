/**
 * Where the side panel gets the chosen image for the engine: web addresses go to the engine host as they are, an
 * inline data: image is read and scaled here, and only a page's own blob: image is read in its page.
 */
/// <reference types="@crxjs/vite-plugin/client" />
import readImageScript from '../content/read-image.ts?script&iife';
import { imageSourceFromPage, pageImageRoute } from '../intake/page-image';
import { readImageInPage } from '../platform/page-image-reader';
import type { AskTarget, ImageSource } from '../protocol/messages';

export function imageSourceForTarget(target: AskTarget): Promise<ImageSource> {
  if (pageImageRoute(target.srcUrl) === 'page' && /^blob:/i.test(target.srcUrl))
    return readImageInPage(target.tabId, target.frameId, target.srcUrl, readImageScript);
  // The page the image was chosen on decides the request's cookies and which addresses it may reach (see intake).
  return imageSourceFromPage(target.srcUrl, undefined, target.pageUrl);
}
