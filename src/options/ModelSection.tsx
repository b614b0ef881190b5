/**
 * Which SmolVLM variant runs, downloading it ahead of time, and what the browser holds for each model.
 * Sizes are shown before anything is downloaded, so the person knows what a choice costs.
 */
import type { CachedModelSummary, PartialDownloadSummary } from '../inference/model-files/cache-keys';
import type { StorageUse } from '../protocol/device-report';
import type { UserError } from '../protocol/errors';
import { downloadSizeText } from '../ui/format';
import { ErrorNote } from './ErrorNote';
import { formatSize } from './format';
import type { ModelChoice } from './model-choices';
import type { ModelDownload } from './model-download';

export type { ModelChoice } from './model-choices';
export type { ModelDownload } from './model-download';

function downloadSize(choice: ModelChoice): string {
  if (choice.downloadBytes === null) return 'Download size unknown';
  const text = downloadSizeText({
    minBytes: choice.downloadBytes,
    maxBytes: choice.downloadMaxBytes ?? choice.downloadBytes,
    exact: choice.downloadExact,
  });
  return `${text.charAt(0).toUpperCase()}${text.slice(1)} download`;
}

interface Props {
  choices: ModelChoice[];
  recommendedId: string | null;
  recommendationReason: string | null;
  recommendationDetails?: string | null;
  selectedId: string;
  cached: CachedModelSummary[] | null;
  storage: StorageUse | null;
  download: ModelDownload | null;
  /** Why the last delete didn't happen, if it didn't. */
  deleteError: UserError | null;
  onSelect: (modelId: string) => void;
  /** The decoder file for a model chosen by hand, with its label; null returns it to Automatic (measured speed). */
  onDecoderFile: (modelId: string, dtype: string | null, label: string) => void;
  onDownload: (modelId: string) => void;
  onCancelDownload: () => void;
  onDelete: (modelId: string) => void;
  /** Unfinished downloads kept so a retry resumes: what is held, for which model. */
  partials: PartialDownloadSummary[];
  onDeletePartial: (modelId: string) => void;
}

function DownloadProgress({ download }: { download: ModelDownload }) {
  if (download.status === 'error' && download.error) return <ErrorNote error={download.error} />;
  if (download.status === 'stopped') {
    return (
      <p class="status" role="status" data-testid="download-stopped">
        Download stopped. Files already downloaded are kept; “Download now” picks up from there.
      </p>
    );
  }
  if (download.status === 'done') {
    return (
      <p class="status" role="status" data-testid="download-done">
        {download.modelId} is downloaded and ready
        {download.backend ? ` on ${backendName(download.backend)}` : ''}.
        {download.fallbackReason ? ` ${download.fallbackReason}` : ''}
      </p>
    );
  }
  if (download.queuedBehind > 0) {
    return (
      <p class="status" role="status" data-testid="download-queued">
        Waiting for {download.queuedBehind} request{download.queuedBehind === 1 ? '' : 's'} to finish first…
      </p>
    );
  }
  const pct = download.total > 0 ? Math.min(100, Math.round((download.loaded / download.total) * 100)) : null;
  return (
    <div class="progress" data-testid="download-progress">
      <progress
        max={download.total > 0 ? download.total : undefined}
        value={download.total > 0 ? download.loaded : undefined}
        aria-label={`Downloading ${download.modelId}`}
      />
      <span>
        {download.total === 0 && download.loaded === 0
          ? 'Starting…'
          : `${formatSize(download.loaded)}${download.total > 0 ? ` of ${formatSize(download.total)}` : ''}${pct !== null ? ` (${pct}%)` : ''}`}
      </span>
    </div>
  );
}

const DTYPE_LABEL: Record<string, string> = {
  fp32: 'full precision',
  fp16: 'half precision',
  q8: '8-bit',
  int8: '8-bit (int8)',
  uint8: '8-bit (uint8)',
  q4: '4-bit',
  bnb4: '4-bit (bnb4)',
  q4f16: '4-bit, half-precision scales',
};

/** Automatic, or one of the selected model's decoder files; with why the file in use was chosen. */
function DecoderFile({
  choice,
  onChange,
}: {
  choice: ModelChoice;
  onChange: (dtype: string | null, label: string) => void;
}) {
  if (choice.decoderFiles.length < 2) return null;
  return (
    <div class="row" data-testid="decoder-file">
      <label>
        Decoder file{' '}
        <select
          value={choice.decoderOverride ?? ''}
          onChange={(e) => {
            const dtype = (e.currentTarget as HTMLSelectElement).value || null;
            onChange(dtype, dtype ? (DTYPE_LABEL[dtype] ?? dtype) : 'Automatic');
          }}
        >
          <option value="">Automatic (fastest measured)</option>
          {choice.decoderFiles.map((f) => (
            <option key={f.dtype} value={f.dtype}>
              {DTYPE_LABEL[f.dtype] ?? f.dtype}, {formatSize(f.bytes)}
            </option>
          ))}
        </select>
      </label>
      {choice.fileReasons.length > 0 && (
        <span class="hint" data-testid="file-reasons">
          {choice.fileReasons.join(' ')}
        </span>
      )}
    </div>
  );
}

function backendName(backend: string): string {
  return backend === 'webgpu' ? 'WebGPU' : backend === 'wasm' ? 'WASM (CPU)' : backend;
}

export function ModelSection(props: Props) {
  const { choices, recommendedId, selectedId, cached, download } = props;
  const cachedOf = (id: string) => cached?.find((c) => c.modelId === id);
  const running = download?.status === 'running';
  const selected = choices.find((c) => c.id === selectedId);
  return (
    <section aria-labelledby="model-heading" id="model">
      <h2 id="model-heading">Model</h2>
      <p class="hint" data-testid="model-recommendation">
        {props.recommendationReason ?? 'Checking what this device can run…'}
      </p>
      {props.recommendationDetails && (
        <details class="why">
          <summary>Why this model</summary>
          <p class="hint" data-testid="model-recommendation-details">
            {props.recommendationDetails}
          </p>
        </details>
      )}
      <fieldset class="choices">
        <legend>SmolVLM variant</legend>
        {choices.map((c) => {
          const inCache = cachedOf(c.id);
          return (
            <label key={c.id} class="choice" data-model={c.id}>
              <input
                type="radio"
                name="model"
                value={c.id}
                checked={selectedId === c.id}
                disabled={running}
                onChange={() => props.onSelect(c.id)}
              />
              <span>
                <strong>{c.label}</strong>
                {c.id === recommendedId && <span class="tag">Recommended for this device</span>}
                {inCache && <span class="tag cached">Downloaded</span>}
                <span class="hint">
                  {downloadSize(c)}
                  {c.note ? ` · ${c.note}` : ''}
                </span>
              </span>
            </label>
          );
        })}
      </fieldset>
      {selected && (
        <DecoderFile
          choice={selected}
          onChange={(dtype, label) => props.onDecoderFile(selected.id, dtype, label)}
        />
      )}
      <div class="row">
        {running ? (
          <button type="button" onClick={props.onCancelDownload}>
            Stop download
          </button>
        ) : (
          <button type="button" onClick={() => props.onDownload(selectedId)}>
            Download now
          </button>
        )}
      </div>
      {download && download.modelId === selectedId && <DownloadProgress download={download} />}

      <h3>Stored on this device</h3>
      {cached === null ? (
        <p class="hint">Reading the cache…</p>
      ) : cached.length === 0 ? (
        <p class="hint" data-testid="cache-empty">
          No model files are stored. A model downloads on first use, or now with “Download now”.
        </p>
      ) : (
        <ul class="cache-list" data-testid="cache-list">
          {cached.map((c) => (
            <li key={c.modelId} data-model={c.modelId}>
              <span>
                <strong>{c.modelId}</strong>
                <span class="hint">
                  {c.files} file{c.files === 1 ? '' : 's'}, {formatSize(c.bytes)}
                </span>
              </span>
              <button
                type="button"
                disabled={running}
                onClick={() => props.onDelete(c.modelId)}
                aria-label={`Delete ${c.modelId} from this device`}
              >
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
      {props.partials.length > 0 && (
        <>
          <h3>Unfinished downloads</h3>
          <ul class="cache-list" data-testid="partial-list">
            {props.partials.map((p) => (
              <li key={p.modelId} data-model={p.modelId}>
                <span>
                  <strong>{p.modelId}</strong>
                  <span class="hint">
                    {formatSize(p.bytes)} of {formatSize(p.total)} kept ({p.files} file
                    {p.files === 1 ? '' : 's'}), so the next download resumes
                  </span>
                </span>
                <button
                  type="button"
                  disabled={running}
                  onClick={() => props.onDeletePartial(p.modelId)}
                  aria-label={`Delete the unfinished download of ${p.modelId}`}
                >
                  Delete
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {props.deleteError && <ErrorNote error={props.deleteError} />}
      {props.storage && (
        <p class="hint">
          The extension uses {formatSize(props.storage.usage)} of the {formatSize(props.storage.quota)} the
          browser allows it.
        </p>
      )}
    </section>
  );
}
