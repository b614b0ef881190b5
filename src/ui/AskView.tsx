/**
 * A conversation with the on-device model about one image: consent before the first download, download progress
 * with sizes, the streaming answer, follow-up questions, stop, copy and retry, and which backend ran at what speed.
 * Renders state and calls back; the caller owns the engine.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { isImageProblem, isTransient } from '../protocol/errors';
import { type AskState, canLookCloser, isBusy } from './ask-state';
import { type ConsentFacts, consentActionLabel } from './consent-choices';
import { isAtBottom } from './follow-scroll';
import {
  closerLabel,
  downloadLabel,
  downloadRateText,
  engineLine,
  lookedAtLine,
  plainEngineLine,
  planLine,
  stoppedLine,
  waitLine,
} from './format';

/** Queue waits shorter than this aren't mentioned: a request just stopped takes a moment to step aside. */
const QUEUE_NOTICE_DELAY_MS = 500;

/** Whether `flag` has held for `ms`: for notices that would only flash. */
function useLasted(flag: boolean, ms: number): boolean {
  const [lasted, setLasted] = useState(false);
  useEffect(() => {
    setLasted(false);
    if (!flag) return;
    const timer = setTimeout(() => setLasted(true), ms);
    return () => clearTimeout(timer);
  }, [flag, ms]);
  return flag && lasted;
}

export interface AskViewProps {
  state: AskState;
  modelLabel: string;
  /** e.g. "about 180 MB" */
  downloadSize: string;
  /** The consent's figures and its other models (consentFacts); without it, the model and size above. */
  consent?: ConsentFacts | null;
  /** Agrees to the download and asks `question`, as shown (and perhaps edited) in the consent. */
  onConsent(question?: string): void;
  /** "Not now": downloads nothing. Without it the consent offers no way out but closing. */
  onDecline?(): void;
  /** Back to the consent after "Not now". */
  onReconsider?(): void;
  /** Downloads another model instead and asks `question` with it. */
  onChooseModel?(modelId: string, question: string): void;
  onAsk(question: string): void;
  onStop(): void;
  onRetry(): void;
  /** The last question again with every view of the image. */
  onLookCloser(): void;
  onCopy(text: string): void;
  /** Back to choosing an image, offered when the picture itself is the problem. Without it, nothing is offered. */
  onPickAnother?(): void;
  /** The site whose permission the error asks for; with onAllowAccess, the error offers to allow it. */
  accessHost?: string | null;
  /** Asks the browser to let Verdict Lens read that site, or every site, then asks again. */
  onAllowAccess?(everywhere: boolean): void;
}

export function AskView({
  state,
  modelLabel,
  downloadSize,
  consent,
  onConsent,
  onDecline,
  onReconsider,
  onChooseModel,
  onAsk,
  onStop,
  onRetry,
  onLookCloser,
  onCopy,
  onPickAnother,
  accessHost,
  onAllowAccess,
}: AskViewProps) {
  const [question, setQuestion] = useState('');
  // The consent's question: the suggested one once it is known, then whatever the person makes of it.
  const [draft, setDraft] = useState<string | null>(null);
  const consentQuestion = draft ?? state.suggested ?? '';
  const [copied, setCopied] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const lastFocused = useRef<HTMLElement | null>(null);
  const listRef = useRef<HTMLOListElement>(null);
  // Follows the newest message while the person is at the bottom; reading back stops it until they return.
  const followRef = useRef(true);
  const busy = isBusy(state);
  const queued = useLasted(state.queuedAt !== null, QUEUE_NOTICE_DELAY_MS);
  const lastAnswer = [...state.turns].reverse().find((t) => t.role === 'assistant')?.text ?? '';

  useEffect(() => {
    if (state.phase === 'idle') inputRef.current?.focus();
  }, [state.phase]);

  // Where the list was last put at its end: above it now means the person scrolled, even if the browser hasn't yet
  // told onScroll (a render can come first).
  const followedTopRef = useRef<number | null>(null);
  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list) return;
    if (followedTopRef.current !== null && list.scrollTop < followedTopRef.current - 1) {
      followRef.current = isAtBottom(list);
    }
    if (!followRef.current) return;
    list.scrollTop = list.scrollHeight;
    followedTopRef.current = list.scrollTop;
  });

  // A control that had focus can vanish as the state moves on (Download once consent is given, Stop when the answer
  // ends, Retry once pressed): focus would fall to the page's body. Put it on the question field instead.
  useLayoutEffect(() => {
    const gone = lastFocused.current;
    if (!gone || gone.isConnected) return;
    lastFocused.current = null;
    (inputRef.current ?? rootRef.current?.querySelector<HTMLElement>('button:not([disabled])'))?.focus();
  });
  const focusTracking = {
    ref: rootRef,
    onFocusIn: (event: FocusEvent) => {
      lastFocused.current = event.target instanceof HTMLElement ? event.target : null;
    },
    onFocusOut: (event: FocusEvent) => {
      const left = event.target;
      // Moved elsewhere on purpose (still on the page): forget it. Removed by a render: keep it, to recover above.
      queueMicrotask(() => {
        if (left instanceof HTMLElement && left.isConnected && lastFocused.current === left)
          lastFocused.current = null;
      });
    },
  };

  if (state.phase === 'consent') {
    const label = consent?.model.label ?? modelLabel;
    const size = consent?.model.size ?? downloadSize;
    const others = onChooseModel
      ? [
          consent?.smaller && { kind: 'Smaller', offer: consent.smaller },
          consent?.larger && { kind: 'Larger', offer: consent.larger },
        ].filter((x) => !!x)
      : [];
    return (
      <div class="vl-ask" {...focusTracking}>
        {/* Keyed, so the diff never morphs it (and its focused button) into the conversation's footer. */}
        <form
          class="vl-consent"
          key="consent"
          aria-labelledby="vl-consent-title"
          onSubmit={(event) => {
            event.preventDefault();
            onConsent(consentQuestion);
          }}
        >
          <p id="vl-consent-title" class="vl-strong">
            Download {label} ({size}) to answer on this device?
          </p>
          <p class="vl-muted">
            It runs in your browser. The image and your questions never leave your device. The model is kept
            for next time; you can delete it in Options.
          </p>
          <label class="vl-field">
            <span class="vl-muted">Question to ask</span>
            <input
              type="text"
              value={consentQuestion}
              maxLength={500}
              onInput={(e) => setDraft((e.target as HTMLInputElement).value)}
            />
          </label>
          <div class="vl-actions">
            {/* Never disabled: it takes focus as the consent opens, and an empty question asks the default. */}
            <button type="submit" class="vl-primary">
              {consentActionLabel(consentQuestion, state.suggested)}
            </button>
            {onDecline && (
              <button type="button" onClick={onDecline}>
                Not now
              </button>
            )}
          </div>
          {others.length > 0 && (
            <p class="vl-muted vl-others">
              Or download another size:{' '}
              {others.map(({ kind, offer }) => (
                <button
                  key={offer.id}
                  type="button"
                  class="vl-link"
                  onClick={() => onChooseModel?.(offer.id, consentQuestion)}
                >
                  {kind}: {offer.label} ({offer.size})
                </button>
              ))}
            </p>
          )}
        </form>
      </div>
    );
  }

  if (state.phase === 'declined') {
    return (
      <div class="vl-ask" {...focusTracking}>
        <div class="vl-consent" key="declined" role="status">
          <p class="vl-strong">Nothing was downloaded.</p>
          <p class="vl-muted">The model is fetched only once you agree.</p>
          {onReconsider && (
            <div class="vl-actions">
              <button type="button" onClick={onReconsider}>
                Show the download choice again
              </button>
            </div>
          )}
        </div>
      </div>
    );
  }

  const submit = (event: Event) => {
    event.preventDefault();
    const text = question.trim();
    if (!text || busy) return;
    setQuestion('');
    // Asking is looking at the end of the conversation: follow it again.
    followRef.current = true;
    followedTopRef.current = null;
    onAsk(text);
  };

  return (
    <div class="vl-ask" {...focusTracking}>
      <ol
        ref={listRef}
        class="vl-turns"
        aria-label="Conversation"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolled list must be reachable by keyboard, to read back with the arrow keys (axe's scrollable-region-focusable).
        tabIndex={0}
        onScroll={(event) => {
          followRef.current = isAtBottom(event.currentTarget);
        }}
      >
        {state.turns.map((turn, i) => (
          <li key={i} class={turn.role === 'user' ? 'vl-q' : 'vl-a'}>
            {turn.text}
          </li>
        ))}
        {state.stopped && <li class="vl-q">{state.stopped.question}</li>}
        {/* The question that failed stays on screen with its error. */}
        {state.phase === 'error' && state.lastQuestion && <li class="vl-q">{state.lastQuestion}</li>}
        {state.pending && (
          <>
            <li class="vl-q">{state.pending.question}</li>
            {(state.pending.answer || state.phase === 'answering') && (
              <li class="vl-a vl-streaming" aria-live="polite" aria-busy={busy}>
                {state.pending.answer || '…'}
              </li>
            )}
          </>
        )}
      </ol>

      {state.stopped && (
        <p class="vl-muted vl-stopped" data-testid="stopped">
          {stoppedLine(state.stopped.kept)}{' '}
          <button type="button" class="vl-link" onClick={onRetry}>
            Ask again
          </button>
        </p>
      )}
      {queued && state.queuedAt !== null && (
        <p class="vl-muted">Waiting for another request to finish (place {state.queuedAt}).</p>
      )}
      {state.phase === 'waiting' && !queued && <p class="vl-muted">Starting the model…</p>}
      {state.phase === 'downloading' && state.download && (
        <div class="vl-progress">
          <progress
            max={state.download.total || 1}
            value={state.download.loaded}
            aria-label={`Downloading ${modelLabel}`}
          />
          <span class="vl-muted">
            Downloading {consent?.model.label ?? modelLabel}:{' '}
            {downloadLabel(state.download.loaded, state.download.total)}
          </span>
          {downloadRateText(state.download) && (
            <span class="vl-muted" data-testid="download-rate">
              {downloadRateText(state.download)}
            </span>
          )}
          <span class="vl-muted">Closing this stops the download; what arrived is kept.</span>
        </div>
      )}

      {/* Plain words here; how many views of what size, and why, are behind the footer's disclosure. */}
      {state.plan && busy && (
        <p class="vl-muted" data-testid="answer-wait">
          {waitLine(state.plan)}
        </p>
      )}
      {state.plan && canLookCloser(state) && (
        <p class="vl-muted vl-detail">
          <button type="button" class="vl-link" data-testid="look-closer" onClick={onLookCloser}>
            {closerLabel(state.plan)}
          </button>
        </p>
      )}

      {state.error && (
        <div class="vl-error" role="alert">
          <p>{state.error.message}</p>
          {state.error.action && <p class="vl-muted">{state.error.action}</p>}
          {state.error.code === 'image-needs-access' && accessHost && onAllowAccess && (
            <div class="vl-actions">
              <button type="button" class="vl-primary" onClick={() => onAllowAccess(false)}>
                Allow {accessHost}
              </button>
              <button type="button" onClick={() => onAllowAccess(true)}>
                Allow on all sites
              </button>
            </div>
          )}
          {state.lastQuestion && isTransient(state.error) && (
            <button type="button" onClick={onRetry}>
              Retry
            </button>
          )}
          {isImageProblem(state.error) && onPickAnother && (
            <button type="button" onClick={onPickAnother}>
              Pick another image
            </button>
          )}
        </div>
      )}

      {/* A follow-up needs an answer to follow: none while nothing has been answered, unless Stop is needed. */}
      {(busy || lastAnswer) && (
        <form class="vl-form" onSubmit={submit}>
          <input
            ref={inputRef}
            type="text"
            value={question}
            placeholder="Ask a follow-up question"
            aria-label="Question about this image"
            maxLength={500}
            onInput={(e) => setQuestion((e.target as HTMLInputElement).value)}
          />
          {busy ? (
            <button type="button" class="vl-stop" onClick={onStop}>
              Stop
            </button>
          ) : (
            <button type="submit" class="vl-primary" disabled={question.trim() === ''}>
              Ask
            </button>
          )}
        </form>
      )}

      <div class="vl-footer">
        {state.engine ? (
          <details class="vl-muted vl-details">
            <summary data-testid="engine-plain">
              {plainEngineLine(state.engine.backend, state.engine.tokensPerSecond)}
            </summary>
            <p data-testid="engine-line">
              {`${engineLine(state.engine.backend, state.engine.tokensPerSecond)}${state.engine.fallbackReason ? ` — ${state.engine.fallbackReason}` : ''}`}
            </p>
            {state.plan && busy && <p data-testid="answer-plan">{planLine(state.plan)}</p>}
            {state.plan && !busy && state.turns.length > 0 && (
              <p data-testid="answer-detail">{lookedAtLine(state.plan)}</p>
            )}
          </details>
        ) : (
          <span class="vl-muted" data-testid="engine-line">{`${modelLabel} · on this device`}</span>
        )}
        {lastAnswer && (
          <button
            type="button"
            class="vl-link"
            onClick={() => {
              onCopy(lastAnswer);
              setCopied(true);
              setTimeout(() => setCopied(false), 1500);
            }}
          >
            {copied ? 'Copied' : 'Copy answer'}
          </button>
        )}
      </div>
    </div>
  );
}
