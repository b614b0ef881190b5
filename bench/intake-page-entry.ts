/** Entry of the bench-only intake page: exposes the intake module's real code to the bench in an extension page. */
import { fetchImageForModel } from '../src/intake/fetch-image';

(globalThis as unknown as { fetchImageForModel: typeof fetchImageForModel }).fetchImageForModel =
  fetchImageForModel;
document.title = 'ready';
