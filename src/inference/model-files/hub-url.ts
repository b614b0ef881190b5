/**
 * The hub's file layout, `<host>/<owner>/<name>/resolve/<revision>/<path>`, written once: the file source points
 * transformers.js at it, the download check and the Options page's cache listing read URLs back with it, and load
 * errors name the file a URL is for. Pure, so the Options page can use it without loading the runtime.
 */

/** transformers.js's template for a file's place under the host; hubFileUrl and hubRepoPath read the same layout. */
export const HUB_PATH_TEMPLATE = '{model}/resolve/{revision}/';
const HUB_FILE_PATH = /^\/(?:.*\/)?([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/;

/** The URL transformers.js fetches (and caches under) for a file of a model on `host`. */
export function hubFileUrl(host: string, modelId: string, revision: string, path: string): string {
  return `${host.replace(/\/+$/, '')}/${modelId}/resolve/${encodeURIComponent(revision)}/${path}`;
}

/** The model, revision and repo path (e.g. onnx/decoder_model_merged_q4.onnx) a hub file URL names; null if none. */
export function parseHubFileUrl(url: string): { modelId: string; revision: string; file: string } | null {
  let path: string;
  try {
    path = decodeURIComponent(new URL(url).pathname);
  } catch {
    return null;
  }
  const m = HUB_FILE_PATH.exec(path);
  if (!m?.[1] || !m[2] || !m[3]) return null;
  return { modelId: m[1], revision: m[2], file: m[3] };
}
