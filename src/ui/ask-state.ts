/**
 * The state of one conversation about one image, as the in-page panel and the popup demo show it: a pure reducer
 * over what the person does and what the engine streams back.
 */
import type { UserError } from '../protocol/errors';
import type { AnswerPlan, Backend, ChatTurn, EngineEvent, ImageDetail } from '../protocol/messages';

/** `declined`: the person said "Not now" to the download; nothing was fetched. */
export type AskPhase = 'consent' | 'declined' | 'idle' | 'waiting' | 'downloading' | 'answering' | 'error';

export interface AskState {
  phase: AskPhase;
  /** Finished turns: questions and the answers to them. */
  turns: ChatTurn[];
  /** The question being answered now, and the answer so far. */
  pending: { question: string; answer: string } | null;
  /**
   * The download in progress; `since` is when (ms, any clock) the bytes first moved in this attempt and how many
   * there were, for the live rate. Bytes kept from an earlier attempt are already counted in the first figure.
   */
  download: { loaded: number; total: number; at: number; since: { at: number; loaded: number } } | null;
  queuedAt: number | null;
  error: UserError | null;
  engine: { backend: Backend; fallbackReason: string | null; tokensPerSecond: number | null } | null;
  /** The last question asked, for Retry. */
  lastQuestion: string | null;
  /** What the engine said it would do for the current (or last) question: detail, views, expected wait. */
  plan: AnswerPlan | null;
  /** The detail this conversation runs at (from its last answer): follow-ups keep it, so they reuse its cache. */
  detail: ImageDetail | null;
  /**
   * A question stopped before any of its answer arrived: it stays on screen, with what its download kept (the
   * bytes stay on the device, and the next attempt resumes from them).
   */
  stopped: { question: string; kept: { loaded: number; total: number } | null } | null;
  /** The question that will run once the person agrees to the download (settings' default), shown and editable. */
  suggested: string | null;
}

export type AskAction =
  | { type: 'needs-consent' }
  | { type: 'decline' }
  | { type: 'suggest'; question: string }
  /** `closer`: the last question again with every view; its answer replaces the one-view answer. */
  | { type: 'ask'; question: string; closer?: boolean }
  /** `at`: when it arrived (ms), for the download's live rate. */
  | { type: 'event'; event: EngineEvent; at?: number }
  | { type: 'stopped' };

export function initialAskState(needsConsent: boolean): AskState {
  return {
    phase: needsConsent ? 'consent' : 'idle',
    turns: [],
    pending: null,
    download: null,
    queuedAt: null,
    error: null,
    engine: null,
    lastQuestion: null,
    plan: null,
    detail: null,
    stopped: null,
    suggested: null,
  };
}

/** The conversation to send for `question`: every finished turn, then the question. */
export function conversationFor(state: AskState, question: string, closer = false): ChatTurn[] {
  return [...turnsBefore(state, closer), { role: 'user', text: question }];
}

/** A closer look replaces the last answer (and its question): it asks the same thing with more detail. */
function turnsBefore(state: AskState, closer: boolean): ChatTurn[] {
  return closer && state.turns.at(-1)?.role === 'assistant' ? state.turns.slice(0, -2) : state.turns;
}

/** Whether "Look closer" makes sense: the last answer saw one view of an image that splits into more. */
export function canLookCloser(state: AskState): boolean {
  return (
    state.phase === 'idle' &&
    state.detail === 'single' &&
    (state.plan?.splitViews ?? 1) > 1 &&
    state.turns.length > 0
  );
}

export function isBusy(state: AskState): boolean {
  return state.phase === 'waiting' || state.phase === 'downloading' || state.phase === 'answering';
}

export function askReducer(state: AskState, action: AskAction): AskState {
  switch (action.type) {
    case 'needs-consent':
      return { ...state, phase: 'consent' };
    case 'decline':
      return { ...state, phase: 'declined' };
    case 'suggest':
      return { ...state, suggested: action.question };
    case 'ask':
      return {
        ...state,
        phase: 'waiting',
        turns: turnsBefore(state, action.closer === true),
        plan: null,
        pending: { question: action.question, answer: '' },
        error: null,
        download: null,
        queuedAt: null,
        lastQuestion: action.question,
        stopped: null,
      };
    case 'stopped': {
      if (!state.pending) return { ...state, phase: 'idle' };
      // What was said before Stop stays, marked as cut short, so the conversation reads honestly.
      const answer = state.pending.answer.trim();
      const turns: ChatTurn[] = answer
        ? [
            ...state.turns,
            { role: 'user', text: state.pending.question },
            { role: 'assistant', text: `${answer} …` },
          ]
        : state.turns;
      const kept =
        state.download && state.download.loaded > 0
          ? { loaded: state.download.loaded, total: state.download.total }
          : null;
      return {
        ...state,
        phase: 'idle',
        pending: null,
        turns,
        download: null,
        queuedAt: null,
        stopped: answer ? null : { question: state.pending.question, kept },
      };
    }
    case 'event':
      return onEvent(state, action.event, action.at ?? 0);
  }
}

function onEvent(state: AskState, event: EngineEvent, at: number): AskState {
  switch (event.type) {
    case 'queued':
      return { ...state, queuedAt: event.position };
    case 'progress': {
      const { loaded, total } = event.progress;
      const since = state.download?.since ?? { at, loaded };
      return {
        ...state,
        phase: 'downloading',
        queuedAt: null,
        download: { loaded, total, at, since },
      };
    }
    case 'ready':
      return {
        ...state,
        phase: state.pending ? 'answering' : 'idle',
        queuedAt: null,
        download: null,
        engine: {
          backend: event.backend,
          fallbackReason: event.fallbackReason,
          tokensPerSecond: state.engine?.tokensPerSecond ?? null,
        },
      };
    case 'plan':
      return { ...state, phase: 'answering', queuedAt: null, download: null, plan: event.plan };
    case 'token':
      if (!state.pending) return state;
      return {
        ...state,
        phase: 'answering',
        pending: { ...state.pending, answer: state.pending.answer + event.text },
      };
    case 'done': {
      const question = state.pending?.question ?? state.lastQuestion ?? '';
      return {
        ...state,
        phase: 'idle',
        pending: null,
        turns: [...state.turns, { role: 'user', text: question }, { role: 'assistant', text: event.text }],
        detail: event.metrics.detail ?? state.detail,
        engine: {
          backend: event.metrics.backend,
          fallbackReason: state.engine?.fallbackReason ?? null,
          tokensPerSecond: event.metrics.tokensPerSecond,
        },
      };
    }
    case 'error':
      if (event.error.code === 'cancelled') return askReducer(state, { type: 'stopped' });
      return { ...state, phase: 'error', pending: null, download: null, error: event.error };
    case 'status':
      return state;
  }
}
