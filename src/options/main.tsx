/**
 * Options entry: loads settings, feed state, the request log and the model cache through src/platform, keeps them
 * live (storage change events), and hands data and callbacks to the section components.
 */
import { render } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { keepAliveFor, loadTimesOf } from '../inference/measurement/keep-alive';
import type { CachedModelSummary, PartialDownloadSummary } from '../inference/model-files/cache-keys';
import { modelCatalog } from '../inference/model-files/catalog';
import type { RequestRecord } from '../monitoring/request-log';
import { speedSamples } from '../monitoring/request-log';
import { siteAccessHost } from '../network/site-access';
import { recordConsent } from '../platform/consent-store';
import { readDeviceReport } from '../platform/device-report';
import { loadFeedState, onFeedStateChanged } from '../platform/feed-store';
import { storageUse } from '../platform/model-cache';
import { sendOptionsRequest } from '../platform/options-messages';
import { extensionVersion } from '../platform/options-page';
import { clearRequestLog, loadRequestLog, onRequestLogChanged } from '../platform/request-log-store';
import { loadSettings, onSettingsChanged, saveSettings } from '../platform/settings-store';
import { hasSiteAccess, requestSiteAccess } from '../platform/site-access';
import type { DeviceReport, StorageUse } from '../protocol/device-report';
import type { UserError } from '../protocol/errors';
import type { FeedState } from '../protocol/feed-state';
import type { Settings } from '../settings/schema';
import { EMPTY_FEED_STATE } from '../verdicts/feed-state';
import { OptionsLayout } from './App';
import { FeedSection } from './FeedSection';
import { GenerationSection } from './GenerationSection';
import { ModelSection } from './ModelSection';
import { modelChoices } from './model-choices';
import { type ModelDownload, startedDownload } from './model-download';
import {
  deleteModel,
  deletePartialDownloads,
  listCachedModels,
  listPartialDownloads,
  startModelDownload,
} from './model-source';
import { PerformanceSection } from './PerformanceSection';
import { type OptionsStatus, type StatusLine, shownStatus } from './status';

/** How long the status line stays after a change. */
const STATUS_MS = 10_000;

function Options({ initial }: { initial: Settings }) {
  const [settings, setSettings] = useState(initial);
  const [feed, setFeed] = useState<FeedState>(EMPTY_FEED_STATE);
  const [refreshing, setRefreshing] = useState(false);
  const [log, setLog] = useState<RequestRecord[]>([]);
  const [cached, setCached] = useState<CachedModelSummary[] | null>(null);
  const [partials, setPartials] = useState<PartialDownloadSummary[]>([]);
  const [storage, setStorage] = useState<StorageUse | null>(null);
  const [download, setDownload] = useState<ModelDownload | null>(null);
  const [cancelDownload, setCancelDownload] = useState<(() => void) | null>(null);
  const [deleteError, setDeleteError] = useState<UserError | null>(null);
  const [device, setDevice] = useState<DeviceReport | null>(null);
  const [status, setStatus] = useState<StatusLine | null>(null);
  const report: OptionsStatus = (text, kind = 'saved', untilFeedCheckAfter) =>
    setStatus((last) => ({ text, kind, serial: (last?.serial ?? 0) + 1, untilFeedCheckAfter }));
  // The line floats over the page's foot: once read, it goes (the field keeps its value, or its error beside it).
  // "Checking it now" stays until the check it announces ends.
  useEffect(() => {
    if (!status || status.untilFeedCheckAfter !== undefined) return;
    const timer = setTimeout(
      () => setStatus((now) => (now?.serial === status.serial ? null : now)),
      STATUS_MS,
    );
    return () => clearTimeout(timer);
  }, [status]);

  const reloadCache = useCallback(async () => {
    setCached(await listCachedModels().catch(() => []));
    setPartials(await listPartialDownloads().catch(() => []));
    setStorage(await storageUse().catch(() => null));
  }, []);

  useEffect(() => {
    void loadFeedState().then(setFeed);
    void loadRequestLog().then(setLog);
    void reloadCache();
    void readDeviceReport().then(setDevice);
    const offs = [
      onSettingsChanged(setSettings),
      onFeedStateChanged(setFeed),
      onRequestLogChanged((next) => {
        setLog(next);
        // A request that just finished may have downloaded a model: keep "Stored on this device" true.
        void reloadCache();
      }),
    ];
    return () => {
      for (const off of offs) off();
    };
  }, [reloadCache]);

  // Saves run one after another: each reads the stored settings and writes them back whole, so a field committed by
  // Tab while the one before it is still saving would otherwise write over it.
  const saving = useRef<Promise<unknown>>(Promise.resolve());
  // A feed that couldn't be reached may be one its server shares with no other site: offer to allow reading it.
  const [feedAccessHost, setFeedAccessHost] = useState<string | null>(null);
  useEffect(() => {
    const url = settings.feedUrl;
    const host = siteAccessHost(url);
    if (feed.error?.code !== 'feed-unreachable' || feed.url !== url || !host) {
      setFeedAccessHost(null);
      return;
    }
    let live = true;
    void hasSiteAccess(url).then((allowed) => {
      if (live) setFeedAccessHost(allowed ? null : host);
    });
    return () => {
      live = false;
    };
  }, [feed, settings.feedUrl]);

  const save = (patch: Partial<Settings>): Promise<void> => {
    const saved = saving.current.then(() => saveSettings(patch)).then(setSettings);
    saving.current = saved.catch(() => undefined);
    return saved;
  };

  const refresh = async () => {
    setRefreshing(true);
    const reply = await sendOptionsRequest({ type: 'feed-refresh' });
    setRefreshing(false);
    if (reply.type === 'feed-refreshed') setFeed(reply.state);
    else setFeed((f) => ({ ...f, url: settings.feedUrl, error: reply.error }));
  };

  const downloadModel = (modelId: string) => {
    setDeleteError(null);
    setDownload(startedDownload(modelId));
    // Pressing "Download now" next to the size is the consent the side panel would otherwise ask for.
    void recordConsent(modelId);
    const cancel = startModelDownload(modelId, settings.backend, (next) => {
      setDownload(next);
      if (next.status !== 'running') {
        setCancelDownload(null);
        void reloadCache();
      }
    });
    setCancelDownload(() => cancel);
  };

  const removeModel = async (modelId: string) => {
    setDeleteError(await deleteModel(modelId));
    setDownload(null);
    await reloadCache();
  };

  const removePartial = async (modelId: string) => {
    await deletePartialDownloads(modelId).catch(() => 0);
    await reloadCache();
  };

  const models = modelChoices(modelCatalog(), settings, device);
  return (
    <OptionsLayout version={extensionVersion()} status={shownStatus(status, feed.checkedAt)}>
      <ModelSection
        choices={models.choices}
        recommendedId={models.recommendedId}
        recommendationReason={models.reason}
        recommendationDetails={models.reasonDetails}
        selectedId={settings.modelId}
        cached={cached}
        storage={storage}
        download={download}
        deleteError={deleteError}
        onSelect={(modelId) => {
          const label = models.choices.find((c) => c.id === modelId)?.label ?? modelId;
          void save({ modelId }).then(() =>
            report(`${label} is the model now. It applies to the next request.`),
          );
        }}
        onDecoderFile={(modelId, dtype, label) => {
          const { decoder_model_merged: _, ...others } = settings.modelFiles[modelId] ?? {};
          const files = dtype ? { ...others, decoder_model_merged: dtype } : others;
          void save({ modelFiles: { ...settings.modelFiles, [modelId]: files } }).then(() =>
            report(
              dtype
                ? `Decoder file set to ${label}. It applies when the model next loads.`
                : 'Decoder file back to Automatic (fastest measured). It applies when the model next loads.',
            ),
          );
        }}
        onDownload={downloadModel}
        onCancelDownload={() => cancelDownload?.()}
        onDelete={(id) => void removeModel(id)}
        partials={partials}
        onDeletePartial={(id) => void removePartial(id)}
      />
      <GenerationSection
        settings={settings}
        onSave={save}
        onStatus={report}
        keepAliveAuto={keepAliveFor({
          settingMinutes: 0,
          loadTimesMs: loadTimesOf(speedSamples(log), settings.modelId),
          deviceMemoryGb: device?.deviceMemoryGb ?? undefined,
        })}
      />
      <FeedSection
        accessHost={feedAccessHost}
        onAllowAccess={() => {
          // The prompt first, straight from the click (the browser asks for the gesture).
          void requestSiteAccess(settings.feedUrl, false).then((granted) => {
            if (granted) void refresh();
          });
        }}
        feedUrl={settings.feedUrl}
        intervalHours={settings.feedIntervalHours}
        state={feed}
        refreshing={refreshing}
        onSave={save}
        onStatus={report}
        onRefresh={() => void refresh()}
      />
      <PerformanceSection log={log} onClear={() => void clearRequestLog()} />
    </OptionsLayout>
  );
}

const root = document.getElementById('app');
if (root) void loadSettings().then((settings) => render(<Options initial={settings} />, root));
