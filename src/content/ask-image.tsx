/**
 * Injected into a page only when someone picks "Ask about this image": shows the panel in a shadow root on the
 * browser's top layer (above any page overlay, untouched by page styles), and runs the conversation through the
 * engine client. Images only the page can read (data:, blob:) are normalised here, so nothing large leaves the page.
 */
import { render } from 'preact';
import { findModel, modelCatalog } from '../inference/model-files/catalog';
import { downloadChoice } from '../inference/model-files/download-choice';
import { imageSourceFromPage } from '../intake/page-image';
import { onAskAboutImage } from '../platform/ask-image-listener';
import { copyText } from '../platform/clipboard';
import { hasConsented, recordConsent } from '../platform/consent-store';
import { storedDeviceReport } from '../platform/device-report';
import { createEngineClient, type EngineClient } from '../platform/engine-client';
import { estimatedDownlinkMbps } from '../platform/network-estimate';
import { loadSettings } from '../platform/settings-store';
import type { DeviceReport } from '../protocol/device-report';
import { useAskSession } from '../ui/ask-session';
import askViewCss from '../ui/ask-view.css?inline';
import { downloadSizeText, downloadWaitText } from '../ui/format';
import themeCss from '../ui/theme.css?inline';
import { AskPanel } from './AskPanel';
import { findClickedImage } from './find-image';
import { trapFocus } from './focus-trap';
import panelCss from './panel.css?inline';
import { placePanel } from './placement';

const PANEL_SIZE = { width: 360, height: 420 };
const HOST_TAG = 'verdict-lens-panel';

let closeCurrent: (() => void) | null = null;

/** The page's own WebGPU isn't the engine's: sizes come from the report an extension page kept (else a range). */
function modelFacts(modelId: string, backend: 'auto' | 'webgpu' | 'wasm', device: DeviceReport | null) {
  const model = findModel(modelCatalog(), modelId);
  if (!model) return { label: modelId, size: 'size unknown', wait: null };
  const choice = downloadChoice(model, backend, device);
  return {
    label: model.label,
    size: downloadSizeText(choice),
    wait: downloadWaitText(choice.maxBytes, estimatedDownlinkMbps()),
  };
}

function Panel(props: {
  client: EngineClient;
  srcUrl: string;
  needsConsent: boolean;
  modelId: string;
  facts: { label: string; size: string; wait: string | null };
  onClose(): void;
}) {
  const session = useAskSession({
    client: props.client,
    image: () => imageSourceFromPage(props.srcUrl),
    settings: loadSettings,
    needsConsent: props.needsConsent,
    onConsented: () => recordConsent(props.modelId),
  });
  return (
    <AskPanel
      thumbnailUrl={props.srcUrl}
      onClose={props.onClose}
      state={session.state}
      modelLabel={props.facts.label}
      downloadSize={props.facts.size}
      downloadWait={props.facts.wait}
      onConsent={session.consent}
      onAsk={session.ask}
      onStop={session.stop}
      onRetry={session.retry}
      onLookCloser={session.lookCloser}
      onCopy={copyText}
    />
  );
}

function setImportant(element: HTMLElement, styles: Record<string, string>): void {
  for (const [property, value] of Object.entries(styles))
    element.style.setProperty(property, value, 'important');
}

async function open(srcUrl: string, clicked: Element | null): Promise<void> {
  closeCurrent?.();
  const returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const [settings, device] = await Promise.all([loadSettings(), storedDeviceReport()]);
  const needsConsent = !(await hasConsented(settings.modelId));
  const image = findClickedImage(srcUrl, clicked);
  const rect = image?.getBoundingClientRect() ?? null;
  const place = placePanel(rect, { width: innerWidth, height: innerHeight }, PANEL_SIZE);

  const host = document.createElement(HOST_TAG);
  // Inline !important beats any page rule (even `* { all: unset !important }`); the top layer beats any z-index.
  setImportant(host, {
    all: 'initial',
    position: 'fixed',
    inset: 'auto',
    left: `${place.left}px`,
    top: `${place.top}px`,
    margin: '0',
    padding: '0',
    border: 'none',
    background: 'transparent',
    overflow: 'visible',
    width: 'auto',
    height: 'auto',
    'z-index': '2147483647',
    display: 'block',
  });
  host.setAttribute('popover', 'manual');
  const shadow = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = `${themeCss}\n${panelCss}\n${askViewCss}`;
  const container = document.createElement('div');
  shadow.append(style, container);
  document.documentElement.append(host);
  host.showPopover?.();

  const client = createEngineClient();
  const close = () => {
    render(null, container);
    client.close();
    host.remove();
    closeCurrent = null;
    returnFocus?.focus();
  };
  closeCurrent = close;
  shadow.addEventListener('keydown', trapFocus(shadow, container, close) as EventListener);
  render(
    <Panel
      client={client}
      srcUrl={srcUrl}
      needsConsent={needsConsent}
      modelId={settings.modelId}
      facts={modelFacts(settings.modelId, settings.backend, device)}
      onClose={close}
    />,
    container,
  );
  const first = shadow.querySelector<HTMLElement>(needsConsent ? '.vl-primary' : '#vl-title');
  first?.focus();
}

const FLAG = '__verdictLensAskImage';
const scope = window as unknown as Record<string, boolean>;
if (!scope[FLAG]) {
  scope[FLAG] = true;
  onAskAboutImage((srcUrl, clicked) => void open(srcUrl, clicked));
}
