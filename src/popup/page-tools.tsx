/**
 * The popup's on-device demo for the page's images, loaded on demand after the verdict has painted: it brings the
 * engine client, image intake and the conversation UI, none of which the verdict needs.
 */
import { collectVisibleImages } from '../content/collect-images';
import { findModel, modelCatalog } from '../inference/model-files/catalog';
import { downloadChoice } from '../inference/model-files/download-choice';
import { imageSourceFromPage } from '../intake/page-image';
import { copyText } from '../platform/clipboard';
import { hasConsented, recordConsent } from '../platform/consent-store';
import { readDeviceReport } from '../platform/device-report';
import { createEngineClient } from '../platform/engine-client';
import { estimatedDownlinkMbps } from '../platform/network-estimate';
import { listPageImages } from '../platform/page-images';
import { loadSettings } from '../platform/settings-store';
import type { TabRef } from '../platform/tabs';
import { downloadSizeText, downloadWaitText } from '../ui/format';
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
    listPageImages(tab.id, collectVisibleImages),
    loadSettings(),
    readDeviceReport(),
  ]);
  const model = findModel(modelCatalog(), settings.modelId);
  // The same files, for the same reason, that Options quotes for this model on this device.
  const download = model ? downloadChoice(model, settings.backend, device) : null;
  return (
    <PageImages
      images={images}
      intro={demoIntro({
        isModelPage: /smolvlm/i.test(tool.name),
        pageModel: pageModelFor(tool.id, tab.url),
        demoModelId: settings.modelId,
        demoModelLabel: model?.label ?? settings.modelId,
      })}
      modelLabel={model?.label ?? settings.modelId}
      downloadSize={downloadSizeText(download)}
      downloadWait={download ? downloadWaitText(download.maxBytes, estimatedDownlinkMbps()) : null}
      client={createEngineClient()}
      settings={loadSettings}
      needsConsent={!(await hasConsented(settings.modelId))}
      onConsented={() => recordConsent(settings.modelId)}
      imageSource={(image) => imageSourceFromPage(image.src)}
      onCopy={copyText}
    />
  );
}
