export type { ImageKind } from './classify';
export { fetchImageForModel } from './fetch-image';
export { IntakeError } from './intake-error';
export { INTAKE_LIMITS } from './limits';
export { normaliseImageBlob } from './normalise-image';
export { imageSourceFromPage, pageImageRoute } from './page-image';
