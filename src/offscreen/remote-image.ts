// TEMPORARY until src/intake lands
import { userError } from '../protocol/errors';
import type { ImageInput } from '../protocol/messages';
export async function fetchRemoteImage(_url: string, _signal: AbortSignal): Promise<ImageInput> {
  throw userError('image-fetch-failed', 'TEMPORARY');
}
