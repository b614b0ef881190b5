/** Backend policy and generation settings. Saved to storage.sync; the engine reads them on the next request. */
import { useEffect, useState } from 'preact/hooks';
import type { KeepAlive } from '../inference/measurement/keep-alive';
import type { BackendPolicy } from '../protocol/messages';
import { checkSettingsPatch, type Settings } from '../settings/schema';

interface Props {
  settings: Settings;
  onSave: (patch: Partial<Settings>) => Promise<void>;
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

export function GenerationSection({ settings, onSave, keepAliveAuto }: Props) {
  const autoMinutesCount = Math.max(1, Math.round(keepAliveAuto.ms / 60_000));
  const autoMinutes = autoMinutesCount === 1 ? '1 minute' : `${autoMinutesCount} minutes`;
  const [maxNewTokens, setMaxNewTokens] = useState(String(settings.maxNewTokens));
  const [prompt, setPrompt] = useState(settings.defaultPrompt);
  const [issues, setIssues] = useState<Partial<Record<keyof Settings, string>>>({});
  const [status, setStatus] = useState('');
  useEffect(() => {
    setMaxNewTokens(String(settings.maxNewTokens));
    setPrompt(settings.defaultPrompt);
  }, [settings.maxNewTokens, settings.defaultPrompt]);

  const saveBackend = async (backend: BackendPolicy) => {
    await onSave({ backend });
    setStatus(
      `Backend set to ${POLICIES.find((p) => p.value === backend)?.label}. It applies to the next request.`,
    );
  };

  const saveKeepAlive = async (keepAliveMinutes: number) => {
    await onSave({ keepAliveMinutes });
    setStatus(
      keepAliveMinutes === 0
        ? `The model now stays loaded for ${keepAliveAuto.reason} when idle.`
        : `The model now stays loaded for ${keepAliveMinutes} minutes when idle.`,
    );
  };

  const saveDeadline = async (downloadDeadlineSeconds: number) => {
    await onSave({ downloadDeadlineSeconds });
    setStatus(`Image and feed downloads now stop after ${deadlineLabel(downloadDeadlineSeconds)}.`);
  };

  const saveGeneration = async (e: Event) => {
    e.preventDefault();
    const patch = { maxNewTokens: Number(maxNewTokens), defaultPrompt: prompt };
    const found = checkSettingsPatch({
      ...patch,
      maxNewTokens: maxNewTokens.trim() === '' ? Number.NaN : patch.maxNewTokens,
    });
    const next: Partial<Record<keyof Settings, string>> = {};
    for (const issue of found) next[issue.field] = issue.message;
    if (found.some((i) => i.field === 'maxNewTokens'))
      next.maxNewTokens = 'Enter a whole number from 1 to 1024.';
    if (found.some((i) => i.field === 'defaultPrompt'))
      next.defaultPrompt = 'Enter a prompt of 1 to 500 characters.';
    setIssues(next);
    if (found.length > 0) {
      setStatus('');
      return;
    }
    await onSave(patch);
    setStatus('Generation settings saved. They apply to the next request.');
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
      <form class="stack" onSubmit={saveGeneration} noValidate>
        <label for="max-new-tokens">Maximum new tokens</label>
        <input
          id="max-new-tokens"
          type="number"
          inputMode="numeric"
          min={1}
          max={1024}
          step={1}
          value={maxNewTokens}
          aria-invalid={issues.maxNewTokens ? true : undefined}
          aria-describedby={issues.maxNewTokens ? 'max-new-tokens-error' : undefined}
          onInput={(e) => setMaxNewTokens(e.currentTarget.value)}
        />
        {issues.maxNewTokens && (
          <p class="field-error" id="max-new-tokens-error">
            {issues.maxNewTokens}
          </p>
        )}
        <label for="default-prompt">Default prompt</label>
        <textarea
          id="default-prompt"
          rows={2}
          maxLength={500}
          value={prompt}
          aria-invalid={issues.defaultPrompt ? true : undefined}
          aria-describedby={issues.defaultPrompt ? 'default-prompt-error' : undefined}
          onInput={(e) => setPrompt(e.currentTarget.value)}
        />
        {issues.defaultPrompt && (
          <p class="field-error" id="default-prompt-error">
            {issues.defaultPrompt}
          </p>
        )}
        <div class="row">
          <button type="submit">Save generation settings</button>
        </div>
      </form>
      <p class="status" role="status" aria-live="polite">
        {status}
      </p>
    </section>
  );
}
