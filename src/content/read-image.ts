/**
 * Injected into the chosen image's frame only when that image is a `blob:` address, which only its page can read:
 * reads and normalises it here, and answers the side panel with the scaled-down image. It shows nothing and keeps
 * nothing; the conversation itself never enters the page.
 */
import { imageSourceFromPage } from '../intake/page-image';
import { onReadImage } from '../platform/read-image-listener';

const FLAG = '__verdictLensReadImage';
const scope = window as unknown as Record<string, boolean>;
if (!scope[FLAG]) {
  scope[FLAG] = true;
  onReadImage((srcUrl) => imageSourceFromPage(srcUrl));
}
