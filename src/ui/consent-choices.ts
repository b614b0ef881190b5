/**
 * What the consent offers: the chosen model with its download size, and the next smaller and next larger model of
 * the catalog, each sized by the one function that decides what a load downloads (downloadChoice), so the consent
 * quotes the figure Options quotes. People are offered the models they may choose; a test model (named in settings
 * by the tests) is offered the other test models. Pure, so the choices are checked in Node.
 */
import { type Catalog, type CatalogModel, findModel } from '../inference/model-files/catalog';
import { downloadChoice } from '../inference/model-files/download-choice';
import type { DeviceReport } from '../inference/model-files/recommend';
import type { BackendPolicy } from '../protocol/messages';
import { downloadSizeText } from './format';

export interface ModelOffer {
  id: string;
  label: string;
  /** "260 MB", or a range while the device isn't known. */
  size: string;
}

export interface ConsentFacts {
  model: ModelOffer;
  smaller: ModelOffer | null;
  larger: ModelOffer | null;
}

function offerOf(model: CatalogModel, policy: BackendPolicy, device: DeviceReport | null) {
  const choice = downloadChoice(model, policy, device);
  return {
    offer: { id: model.id, label: model.label, size: downloadSizeText(choice) },
    bytes: choice.maxBytes,
  };
}

export function consentFacts(
  catalog: Catalog,
  modelId: string,
  policy: BackendPolicy,
  device: DeviceReport | null,
): ConsentFacts | null {
  const chosen = findModel(catalog, modelId);
  if (!chosen) return null;
  const ranked = catalog.models
    .filter((m) => m.testOnly === chosen.testOnly)
    .map((m) => offerOf(m, policy, device))
    .sort((a, b) => a.bytes - b.bytes);
  const at = ranked.findIndex((r) => r.offer.id === modelId);
  return {
    model: ranked[at]?.offer ?? offerOf(chosen, policy, device).offer,
    smaller: ranked[at - 1]?.offer ?? null,
    larger: ranked[at + 1]?.offer ?? null,
  };
}

/**
 * The consent's button: it describes the picture while the question is the suggested one (or empty, which asks the
 * suggested one), and says it will ask once the person has written a question of their own.
 */
export function consentActionLabel(question: string, suggested: string | null): string {
  const asked = question.trim();
  return asked === '' || asked === (suggested ?? '').trim() ? 'Download and describe' : 'Download and ask';
}
