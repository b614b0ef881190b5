/**
 * Side panel entry: finds the tab it belongs to (`?tab=N`, set per tab by the background; else the active tab of
 * its window, for the default panel), shows that tab's chosen image and its conversation, and starts a new one when
 * the background stores a new choice.
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { findModel, modelCatalog } from '../inference/model-files/catalog';
import { downloadChoice } from '../inference/model-files/download-choice';
import type { DeviceReport } from '../inference/model-files/recommend';
import { followActiveTab, readAskTarget, watchAskTarget } from '../platform/ask-target-store';
import { hasConsented, recordConsent } from '../platform/consent-store';
import { readDeviceReport } from '../platform/device-report';
import { createEngineClient } from '../platform/engine-client';
import { estimatedDownlinkMbps } from '../platform/network-estimate';
import { loadSettings } from '../platform/settings-store';
import { panelTabId } from '../protocol/ask-target';
import type { AskTarget } from '../protocol/messages';
import type { Settings } from '../settings/schema';
import { downloadSizeText, downloadWaitText } from '../ui/format';
import { imageSourceForTarget } from './image-source';
import { Conversation, EmptyPanel } from './SidePanel';

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

function modelFacts(settings: Settings, device: DeviceReport) {
  const model = findModel(modelCatalog(), settings.modelId);
  if (!model) return { label: settings.modelId, size: 'size unknown', wait: null };
  const choice = downloadChoice(model, settings.backend, device);
  return {
    label: model.label,
    size: downloadSizeText(choice),
    wait: downloadWaitText(choice.maxBytes, estimatedDownlinkMbps()),
  };
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
  const facts = modelFacts(ready.settings, ready.device);
  return (
    <Conversation
      key={ready.target.id}
      target={ready.target}
      client={client}
      settings={loadSettings}
      needsConsent={ready.needsConsent}
      onConsented={() => recordConsent(ready.settings.modelId)}
      imageSource={imageSourceForTarget}
      modelLabel={facts.label}
      downloadSize={facts.size}
      downloadWait={facts.wait}
      onCopy={(text) => void navigator.clipboard?.writeText(text).catch(() => undefined)}
    />
  );
}

const root = document.getElementById('app');
if (root) render(<Panel fixedTabId={panelTabId(location.search)} />, root);
