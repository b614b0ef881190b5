/**
 * Models shipped inside an offline build (see models/README.md): the build copies a folder of hub-style model
 * repos to models/ in the extension and lists their ids in models/bundled.json. The engine loads those from the
 * extension itself, through the same transformers.js loader that downloads the others.
 */
export const BUNDLED_MODELS_DIRECTORY = 'models/';
export const BUNDLED_MODELS_INDEX = 'models/bundled.json';

/** Ids listed in the build's index; none when the build bundles no models (the usual build). */
export async function bundledModelIds(extensionBase: string): Promise<string[]> {
  try {
    const response = await fetch(new URL(BUNDLED_MODELS_INDEX, extensionBase));
    if (!response.ok) return [];
    const ids: unknown = await response.json();
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}
