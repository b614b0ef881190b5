/**
 * Side panel entry: finds the tab it belongs to (`?tab=N`, set per tab by the background; else the active tab of
 * its window, for the default panel), shows that tab's chosen image and its conversation, and starts a new one when
 * the background stores a new choice.
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { modelCatalog } from '../inference/model-files/catalog';
import { BUILD_BROWSER, unreadablePage, unreadablePageError } from '../network/page-access';
import { followActiveTab, readAskTarget, watchAskTarget } from '../platform/ask-target-store';
import { copyText } from '../platform/clipboard';
import { hasConsented, recordConsent } from '../platform/consent-store';
import { readDeviceReport } from '../platform/device-report';
import { createEngineClient } from '../platform/engine-client';
import { loadSettings, saveSettings } from '../platform/settings-store';
import { hasSiteAccess, requestSiteAccess } from '../platform/site-access';
import { panelTabId } from '../protocol/ask-target';
import type { DeviceReport } from '../protocol/device-report';
import type { AskTarget } from '../protocol/messages';
import type { Settings } from '../settings/schema';
import { consentFacts } from '../ui/consent-choices';
import { imageSourceForTarget } from './image-source';
import { Conversation, EmptyPanel, UnreadablePagePanel } from './SidePanel';

const client = createEngineClient();

interface Ready {
  target: AskTarget;
  settings: Settings;
  device: DeviceReport;
  needsConsent: boolean;
}

/** What the conversation needs before it starts: the settings' model, this device, and whether it was agreed to. */
async function prepare(target: AskTarget): Promise<Ready> {
  const [settings, device] = await Promise.all([loadSettings(), readDeviceReport()]);
  return { target, settings, device, needsConsent: !(await hasConsented(settings.modelId)) };
}

function Panel({ fixedTabId }: { fixedTabId: number | null }) {
  const [tabId, setTabId] = useState<number | null>(fixedTabId);
  const [ready, setReady] = useState<Ready | null>(null);
  const [empty, setEmpty] = useState(false);

  useEffect(() => (fixedTabId === null ? followActiveTab(setTabId) : undefined), [fixedTabId]);

  useEffect(() => {
    if (tabId === null) return undefined;
    let current = 0;
    const show = (target: AskTarget | null) => {
      const turn = ++current;
      if (!target) {
        setReady(null);
        setEmpty(true);
        return;
      }
      void prepare(target).then((next) => {
        if (turn !== current) return;
        setEmpty(false);
        setReady(next);
      });
    };
    const stop = watchAskTarget(tabId, show);
    void readAskTarget(tabId).then((target) => {
      if (current === 0) show(target);
    });
    return stop;
  }, [tabId]);

  if (!ready) return empty ? <EmptyPanel /> : null;
  const unreadable = unreadablePage(ready.target.pageUrl, BUILD_BROWSER, location.origin);
  if (unreadable) {
    return (
      <UnreadablePagePanel
        key={ready.target.id}
        target={ready.target}
        error={unreadablePageError(unreadable, ready.target.srcUrl)}
      />
    );
  }
  // The same files, for the same reason, that Options and the popup quote for this model on this device.
  const consent = consentFacts(modelCatalog(), ready.settings.modelId, ready.settings.backend, ready.device);
  return (
    <Conversation
      key={ready.target.id}
      target={ready.target}
      client={client}
      settings={loadSettings}
      needsConsent={ready.needsConsent}
      onConsented={() => recordConsent(ready.settings.modelId)}
      imageSource={imageSourceForTarget}
      modelLabel={consent?.model.label ?? ready.settings.modelId}
      consent={consent}
      onChooseModel={async (modelId) => {
        await saveSettings({ modelId });
        await recordConsent(modelId);
      }}
      onCopy={copyText}
      siteAccess={{ has: hasSiteAccess, request: requestSiteAccess }}
    />
  );
}

const root = document.getElementById('app');
if (root) render(<Panel fixedTabId={panelTabId(location.search)} />, root);
