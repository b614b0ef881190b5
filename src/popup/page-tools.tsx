/**
 * The popup's on-device demo for the page's images, loaded on demand after the verdict has painted: it brings the
 * engine client, image intake and the conversation UI, none of which the verdict needs.
 */

import type { ComponentChildren } from 'preact';
import { collectVisibleImages } from '../content/collect-images';
import { findModel, modelCatalog } from '../inference/model-files/catalog';
import { imageSourceFromPage } from '../intake/page-image';
import { copyText } from '../platform/clipboard';
import { hasConsented, recordConsent } from '../platform/consent-store';
import { readDeviceReport } from '../platform/device-report';
import { createEngineClient } from '../platform/engine-client';
import { listPageImages } from '../platform/page-images';
import { loadSettings, saveSettings } from '../platform/settings-store';
import { hasSiteAccess, requestSiteAccess } from '../platform/site-access';
import type { TabRef } from '../platform/tabs';
import { consentFacts } from '../ui/consent-choices';
import type { VerdictCatalog } from '../verdicts/catalog';
import { type DemoModel, pageModelFor, SMOLVLM_TOOL_ID } from '../verdicts/page-model';
import { demoIntro } from './demo-intro';
import { PageImages } from './PageImages';
import '../ui/theme.css';
import '../ui/ask-view.css';

/** What the popup's demo and the welcome page's picture both need to run a conversation with the chosen model. */
export async function demoSetup() {
  const [settings, device] = await Promise.all([loadSettings(), readDeviceReport()]);
  // The same files, for the same reason, that Options quotes for this model on this device.
  const factsFor = (modelId: string) => consentFacts(modelCatalog(), modelId, settings.backend, device);
  const labelOf = (modelId: string) => findModel(modelCatalog(), modelId)?.label ?? modelId;
  return {
    settings,
    modelLabel: labelOf(settings.modelId),
    conversation: {
      modelId: settings.modelId,
      modelLabel: labelOf,
      consentFacts: factsFor,
      client: createEngineClient(),
      settings: loadSettings,
      needsConsent: !(await hasConsented(settings.modelId)),
      onConsented: () => recordConsent(settings.modelId),
      onChooseModel: async (modelId: string) => {
        await saveSettings({ modelId });
        await recordConsent(modelId);
      },
      onCopy: (text: string) => copyText(text),
      siteAccess: { has: hasSiteAccess, request: requestSiteAccess },
    },
  };
}

export type DemoConversationProps = Awaited<ReturnType<typeof demoSetup>>['conversation'];

/** The popup's demo on SmolVLM's pages (the tool it demonstrates): its entry's words, its model, and the view. */
export interface PageDemo {
  title: string;
  note: string;
  model: DemoModel;
  content: ComponentChildren;
}

/** The demo, or null when the page isn't one of SmolVLM's: on other tools' cards it would demonstrate nothing. */
export async function pageTools(catalog: VerdictCatalog, tab: TabRef): Promise<PageDemo | null> {
  const tool = catalog.toolForUrl(tab.url);
  if (tool?.id !== SMOLVLM_TOOL_ID) return null;
  const [images, setup] = await Promise.all([listPageImages(tab.id, collectVisibleImages), demoSetup()]);
  const intro = demoIntro({
    pageModel: pageModelFor(tool.id, tab.url),
    demoModelId: setup.settings.modelId,
    demoModelLabel: setup.modelLabel,
  });
  return {
    ...intro,
    model: { id: setup.settings.modelId, label: setup.modelLabel },
    content: (
      <PageImages
        images={images}
        {...setup.conversation}
        imageSource={(image) => imageSourceFromPage(image.src, undefined, tab.url)}
      />
    ),
  };
}
