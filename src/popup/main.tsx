/**
 * Popup entry: finds the tab it is about (`?tabId=N` when given, used by "pop out" and by tests; else the active
 * tab), paints the verdict from bundled data at once, then repaints if the current data (e.g. a feed) differs, and
 * adds the on-device demo for the page's images once they are listed (never delaying the first paint).
 */
import { render } from 'preact';
import { downloadPlan, dtypesFor, findModel, modelCatalog } from '../inference/catalog';
import { imageSourceFromPage } from '../intake/page-image';
import { hasConsented, recordConsent } from '../platform/consent-store';
import { createEngineClient } from '../platform/engine-client';
import { listPageImages } from '../platform/page-images';
import { loadSettings } from '../platform/settings-store';
import { getActiveTab, getTab, type TabRef } from '../platform/tabs';
import { loadVerdictData } from '../platform/verdict-data';
import { megabytes } from '../ui/format';
import { createCatalog, type VerdictCatalog } from '../verdicts/catalog';
import { BUNDLED_DATA } from '../verdicts/data';
import { App } from './App';
import { PageImages } from './PageImages';
import '../ui/theme.css';
import '../ui/ask-view.css';

async function targetTab(): Promise<TabRef | null> {
  const param = new URLSearchParams(location.search).get('tabId');
  const tabId = param === null ? Number.NaN : Number(param);
  return Number.isInteger(tabId) ? await getTab(tabId) : await getActiveTab();
}

/** The demo section, or null when the page isn't a tool's page or shows nothing to describe. */
async function pageTools(catalog: VerdictCatalog, tab: TabRef) {
  const tool = catalog.toolForUrl(tab.url);
  if (!tool) return null;
  const [images, settings] = await Promise.all([listPageImages(tab.id), loadSettings()]);
  const model = findModel(modelCatalog(), settings.modelId);
  const plan = model
    ? downloadPlan(model, dtypesFor(model, settings.backend === 'wasm' ? 'wasm' : 'webgpu', false))
    : null;
  return (
    <PageImages
      images={images}
      isModelPage={/smolvlm/i.test(tool.name)}
      modelLabel={model?.label ?? settings.modelId}
      downloadSize={plan ? `${plan.exact ? '' : 'about '}${megabytes(plan.totalBytes)}` : 'size unknown'}
      client={createEngineClient()}
      settings={loadSettings}
      needsConsent={!(await hasConsented(settings.modelId))}
      onConsented={() => recordConsent(settings.modelId)}
      imageSource={(image) => imageSourceFromPage(image.src)}
      onCopy={(text) => void navigator.clipboard?.writeText(text).catch(() => undefined)}
    />
  );
}

async function start(root: HTMLElement): Promise<void> {
  const tab = await targetTab();
  const pageUrl = tab?.url ?? '';
  let catalog = createCatalog(BUNDLED_DATA);
  render(<App catalog={catalog} pageUrl={pageUrl} />, root);
  const data = await loadVerdictData();
  if (data !== BUNDLED_DATA) {
    catalog = createCatalog(data);
    render(<App catalog={catalog} pageUrl={pageUrl} />, root);
  }
  if (!tab) return;
  const tools = await pageTools(catalog, tab);
  if (tools) render(<App catalog={catalog} pageUrl={pageUrl} pageTools={tools} />, root);
}

const root = document.getElementById('app');
if (root) void start(root);
