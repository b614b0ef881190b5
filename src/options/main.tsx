/**
 * Options entry: loads settings, feed state, the request log and the model cache through src/platform, keeps them
 * live (storage change events), and hands data and callbacks to the section components.
 */
import { render } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { CachedModelSummary } from '../inference/model-cache-keys';
import type { RequestRecord } from '../monitoring/request-log';
import { loadFeedState, onFeedStateChanged } from '../platform/feed-store';
import { deleteCachedModel, listCachedModels, type StorageUse, storageUse } from '../platform/model-cache';
import { sendOptionsRequest } from '../platform/options-messages';
import { requestOriginAccess } from '../platform/permissions';
import { clearRequestLog, loadRequestLog, onRequestLogChanged } from '../platform/request-log-store';
import { loadSettings, onSettingsChanged, saveSettings } from '../platform/settings-store';
import type { Settings } from '../settings/schema';
import { EMPTY_FEED_STATE, type FeedState } from '../verdicts/feed-state';
import { OptionsLayout } from './App';
import { FeedSection } from './FeedSection';
import { GenerationSection } from './GenerationSection';
import { type ModelDownload, ModelSection } from './ModelSection';
import { modelChoices, startModelDownload } from './model-source';
import { PerformanceSection } from './PerformanceSection';

function Options({ initial }: { initial: Settings }) {
  const [settings, setSettings] = useState(initial);
  const [feed, setFeed] = useState<FeedState>(EMPTY_FEED_STATE);
  const [refreshing, setRefreshing] = useState(false);
  const [log, setLog] = useState<RequestRecord[]>([]);
  const [cached, setCached] = useState<CachedModelSummary[] | null>(null);
  const [storage, setStorage] = useState<StorageUse | null>(null);
  const [download, setDownload] = useState<ModelDownload | null>(null);
  const [cancelDownload, setCancelDownload] = useState<(() => void) | null>(null);

  const reloadCache = useCallback(async () => {
    setCached(await listCachedModels().catch(() => []));
    setStorage(await storageUse().catch(() => null));
  }, []);

  useEffect(() => {
    void loadFeedState().then(setFeed);
    void loadRequestLog().then(setLog);
    void reloadCache();
    const offs = [onSettingsChanged(setSettings), onFeedStateChanged(setFeed), onRequestLogChanged(setLog)];
    return () => {
      for (const off of offs) off();
    };
  }, [reloadCache]);

  const save = async (patch: Partial<Settings>) => {
    setSettings(await saveSettings(patch));
  };

  const refresh = async () => {
    setRefreshing(true);
    const reply = await sendOptionsRequest({ type: 'feed-refresh' });
    setRefreshing(false);
    if (reply.type === 'feed-refreshed') setFeed(reply.state);
    else setFeed((f) => ({ ...f, url: settings.feedUrl, error: reply.error }));
  };

  const saveFeed = async (feedUrl: string, feedIntervalHours: number): Promise<string | null> => {
    // Asked first, inside the click: browsers only show the permission prompt during a user gesture.
    const granted = feedUrl === '' ? true : await requestOriginAccess(feedUrl);
    await save({ feedUrl, feedIntervalHours });
    return granted
      ? null
      : 'Feed saved. Access to its site was not granted, so it can only be read if its server allows cross-origin requests.';
  };

  const downloadModel = (modelId: string) => {
    setDownload({ modelId, status: 'running', loaded: 0, total: 0 });
    const cancel = startModelDownload(modelId, settings.backend, (next) => {
      setDownload(next);
      if (next.status !== 'running') {
        setCancelDownload(null);
        void reloadCache();
      }
    });
    setCancelDownload(() => cancel);
  };

  const deleteModel = async (modelId: string) => {
    await deleteCachedModel(modelId);
    setDownload(null);
    await reloadCache();
  };

  const models = modelChoices(settings);
  return (
    <OptionsLayout>
      <ModelSection
        choices={models.choices}
        recommendedId={models.recommendedId}
        recommendationReason={models.reason}
        selectedId={settings.modelId}
        cached={cached}
        storage={storage}
        download={download}
        onSelect={(modelId) => void save({ modelId })}
        onDownload={downloadModel}
        onCancelDownload={() => cancelDownload?.()}
        onDelete={(id) => void deleteModel(id)}
      />
      <GenerationSection settings={settings} onSave={save} />
      <FeedSection
        feedUrl={settings.feedUrl}
        intervalHours={settings.feedIntervalHours}
        state={feed}
        refreshing={refreshing}
        onSave={saveFeed}
        onRefresh={() => void refresh()}
      />
      <PerformanceSection log={log} onClear={() => void clearRequestLog()} />
    </OptionsLayout>
  );
}

const root = document.getElementById('app');
if (root) void loadSettings().then((settings) => render(<Options initial={settings} />, root));
