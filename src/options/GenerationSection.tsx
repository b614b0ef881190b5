/**
 * Backend policy and generation settings. Each saves to storage.sync as it is committed (field-checks.ts); the engine
 * reads them on the next request.
 */
import type { KeepAlive } from '../inference/measurement/keep-alive';
import type { BackendPolicy } from '../protocol/messages';
import type { Settings } from '../settings/schema';
import { CommitField } from './CommitField';
import { checkDefaultPrompt, checkMaxNewTokens } from './field-checks';
import type { OptionsStatus } from './status';

interface Props {
  settings: Settings;
  onSave: (patch: Partial<Settings>) => Promise<void>;
  /** Says what was saved (or why not) in the page's one status line. */
  onStatus: OptionsStatus;
  /** What Automatic keep-alive comes to on this device now (from measured reloads and memory). */
  keepAliveAuto: KeepAlive;
}

const KEEP_ALIVE_MINUTES = [2, 5, 15, 30, 60, 120] as const;

/** Overall limits offered for an image or feed download, in seconds. */
const DEADLINE_SECONDS = [30, 60, 120, 300, 600] as const;

const deadlineLabel = (s: number) => (s < 60 ? `${s} seconds` : `${s / 60} minute${s === 60 ? '' : 's'}`);

const POLICIES: { value: BackendPolicy; label: string; hint: string }[] = [
  {
    value: 'auto',
    label: 'Auto',
    hint: 'Whichever answered faster on this device for this model (each is measured once); WebAssembly where there is no WebGPU.',
  },
  {
    value: 'webgpu',
    label: 'WebGPU only',
    hint: 'Fastest on a capable GPU; requests fail where WebGPU is missing.',
  },
  { value: 'wasm', label: 'WebAssembly only', hint: 'Runs on the CPU everywhere; slower.' },
];

export function GenerationSection({ settings, onSave, onStatus, keepAliveAuto }: Props) {
  const autoMinutesCount = Math.max(1, Math.round(keepAliveAuto.ms / 60_000));
  const autoMinutes = autoMinutesCount === 1 ? '1 minute' : `${autoMinutesCount} minutes`;

  const saveBackend = async (backend: BackendPolicy) => {
    await onSave({ backend });
    onStatus(
      `Backend set to ${POLICIES.find((p) => p.value === backend)?.label}. It applies to the next request.`,
    );
  };

  const saveKeepAlive = async (keepAliveMinutes: number) => {
    await onSave({ keepAliveMinutes });
    onStatus(
      keepAliveMinutes === 0
        ? `The model now stays loaded for ${keepAliveAuto.reason} when idle.`
        : `The model now stays loaded for ${keepAliveMinutes} minutes when idle.`,
    );
  };

  const saveDeadline = async (downloadDeadlineSeconds: number) => {
    await onSave({ downloadDeadlineSeconds });
    onStatus(`Image and feed downloads now stop after ${deadlineLabel(downloadDeadlineSeconds)}.`);
  };

  return (
    <section aria-labelledby="generation-heading" id="generation">
      <h2 id="generation-heading">Backend and generation</h2>
      <fieldset class="choices">
        <legend>Backend policy</legend>
        {POLICIES.map((p) => (
          <label key={p.value} class="choice">
            <input
              type="radio"
              name="backend"
              value={p.value}
              checked={settings.backend === p.value}
              onChange={() => void saveBackend(p.value)}
            />
            <span>
              <strong>{p.label}</strong>
              <span class="hint">{p.hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <label for="keep-alive">Keep the model loaded when idle for</label>
      <select
        id="keep-alive"
        aria-describedby="keep-alive-hint"
        value={String(settings.keepAliveMinutes)}
        onChange={(e) => void saveKeepAlive(Number(e.currentTarget.value))}
      >
        <option value="0">Automatic ({autoMinutes})</option>
        {KEEP_ALIVE_MINUTES.map((m) => (
          <option key={m} value={String(m)}>
            {m} minutes
          </option>
        ))}
      </select>
      <p class="hint" id="keep-alive-hint" data-testid="keep-alive-hint">
        Automatic keeps it for {keepAliveAuto.reason}.
      </p>
      <label for="download-deadline">Give up on an image or feed download after</label>
      <select
        id="download-deadline"
        aria-describedby="download-deadline-hint"
        value={String(settings.downloadDeadlineSeconds)}
        onChange={(e) => void saveDeadline(Number(e.currentTarget.value))}
      >
        {[...new Set([...DEADLINE_SECONDS, settings.downloadDeadlineSeconds])]
          .sort((a, b) => a - b)
          .map((s) => (
            <option key={s} value={String(s)}>
              {deadlineLabel(s)}
            </option>
          ))}
      </select>
      <p class="hint" id="download-deadline-hint">
        However steadily the bytes come: a server that trickles an image would otherwise hold every later
        question. Model files are not limited (they are large, and resume).
      </p>
      <div class="stack">
        <CommitField
          id="max-new-tokens"
          label="Maximum new tokens"
          stored={settings.maxNewTokens}
          shown={String(settings.maxNewTokens)}
          check={checkMaxNewTokens}
          input={{ type: 'number', inputMode: 'numeric', min: 1, max: 1024, step: 1 }}
          onInvalid={(message) => onStatus(message, 'invalid')}
          onKept={() => onStatus(`Maximum new tokens stays ${settings.maxNewTokens}.`)}
          onCommit={async (maxNewTokens) => {
            await onSave({ maxNewTokens });
            onStatus(`Maximum new tokens set to ${maxNewTokens}. It applies to the next request.`);
          }}
        />
        <CommitField
          id="default-prompt"
          label="Default prompt"
          stored={settings.defaultPrompt}
          shown={settings.defaultPrompt}
          check={checkDefaultPrompt}
          multiline
          input={{ rows: 2, maxLength: 500 }}
          onInvalid={(message) => onStatus(message, 'invalid')}
          onKept={() => onStatus('The default prompt stays as it was.')}
          onCommit={async (defaultPrompt) => {
            await onSave({ defaultPrompt });
            onStatus('Default prompt saved. It applies to the next request.');
          }}
        />
      </div>
    </section>
  );
}
