/**
 * The popup's on-device demo for the page's images, loaded on demand after the verdict has painted: it brings the
 * engine client, image intake and the conversation UI, none of which the verdict needs.
 */
import { findModel, modelCatalog } from '../inference/model-files/catalog';
import { imageSourceFromPage } from '../intake/page-image';
import { hasConsented, recordConsent } from '../platform/consent-store';
import { readDeviceReport } from '../platform/device-report';
import { createEngineClient } from '../platform/engine-client';
import { listPageImages } from '../platform/page-images';
import { loadSettings, saveSettings } from '../platform/settings-store';
import type { TabRef } from '../platform/tabs';
import { consentFacts } from '../ui/consent-choices';
import type { VerdictCatalog } from '../verdicts/catalog';
import { pageModelFor } from '../verdicts/page-model';
import { demoIntro } from './demo-intro';
import { PageImages } from './PageImages';
import '../ui/theme.css';
import '../ui/ask-view.css';

/** The demo section, or null when the page isn't a tool's page or shows nothing to describe. */
export async function pageTools(catalog: VerdictCatalog, tab: TabRef) {
  const tool = catalog.toolForUrl(tab.url);
  if (!tool) return null;
  const [images, settings, device] = await Promise.all([
    listPageImages(tab.id),
    loadSettings(),
    readDeviceReport(),
  ]);
  // The same files, for the same reason, that Options quotes for this model on this device.
  const factsFor = (modelId: string) => consentFacts(modelCatalog(), modelId, settings.backend, device);
  const labelOf = (modelId: string) => findModel(modelCatalog(), modelId)?.label ?? modelId;
  return (
    <PageImages
      images={images}
      modelId={settings.modelId}
      intro={(modelId) =>
        demoIntro({
          isModelPage: /smolvlm/i.test(tool.name),
          pageModel: pageModelFor(tool.id, tab.url),
          demoModelId: modelId,
          demoModelLabel: labelOf(modelId),
        })
      }
      modelLabel={labelOf}
      consentFacts={factsFor}
      client={createEngineClient()}
      settings={loadSettings}
      needsConsent={!(await hasConsented(settings.modelId))}
      onConsented={() => recordConsent(settings.modelId)}
      onChooseModel={async (modelId) => {
        await saveSettings({ modelId });
        await recordConsent(modelId);
      }}
      imageSource={(image) => imageSourceFromPage(image.src)}
      onCopy={(text) => void navigator.clipboard?.writeText(text).catch(() => undefined)}
    />
  );
}
