/**
 * The hook behind AskView: holds the conversation state and talks to the engine through the client it is given.
 * Settings are read right before each request, so changes in Options apply to the next question.
 */
import { useCallback, useEffect, useReducer, useRef } from 'preact/hooks';
import { imageNeedsAccess } from '../intake/needs-access';
import { siteAccessHost } from '../network/site-access';
import type { EngineCall, EngineClient } from '../protocol/engine-client-core';
import type { UserError } from '../protocol/errors';
import type { ImageSource } from '../protocol/messages';
import { randomId } from '../protocol/random-id';
import type { Settings } from '../settings/schema';
import { type AskState, askReducer, conversationFor, initialAskState } from './ask-state';

export interface AskSessionOptions {
  client: EngineClient;
  /** Resolves the image once (intake in the page may fail with a message). */
  image: () => Promise<ImageSource>;
  settings: () => Promise<Settings>;
  needsConsent: boolean;
  onConsented(): Promise<void>;
  /**
   * The person chose another model in the consent (a smaller or larger one): make it the model in settings and
   * record the agreement to download it. Without it the consent offers no other model.
   */
  onChooseModel?(modelId: string): Promise<void>;
  /**
   * Whether the person has allowed reading a site, and the browser's prompt to allow it (platform/site-access).
   * Without it an image its site won't share only gets "couldn't be downloaded".
   */
  siteAccess?: SiteAccess;
}

export interface SiteAccess {
  has(url: string): Promise<boolean>;
  /** From a click: the browser needs the user's gesture. */
  request(url: string, everywhere: boolean): Promise<boolean>;
}

export interface AskSession {
  state: AskState;
  ask(question: string): void;
  /** The last question again, with every view of the image. */
  lookCloser(): void;
  stop(): void;
  retry(): void;
  /** Agrees to the download and asks `question` (the suggested one, as shown and perhaps edited). */
  consent(question?: string): void;
  /** "Not now": nothing is downloaded. */
  decline(): void;
  /** Back to the consent after "Not now". */
  reconsider(): void;
  /** Downloads another model instead (see onChooseModel) and asks `question` with it. */
  chooseModel(modelId: string, question: string): void;
  /** The site whose permission the last error asks for ("cdn.example.com"), else null. */
  accessHost: string | null;
  /** Asks the browser for that permission (this site, or every site) and, once given, asks the question again. */
  allowAccess(everywhere: boolean): void;
}

function errorOf(error: unknown): UserError {
  const carried = (error as { userError?: UserError } | null)?.userError;
  if (carried) return carried;
  // A browser's exception text isn't for people; the console keeps it.
  console.warn('Ask failed:', error);
  return { code: 'internal', message: 'Something went wrong on the way to the model.', action: 'Try again.' };
}

export function useAskSession(options: AskSessionOptions): AskSession {
  const [state, dispatch] = useReducer(askReducer, options.needsConsent, initialAskState);
  const stateRef = useRef(state);
  stateRef.current = state;
  const callRef = useRef<EngineCall | null>(null);
  // Each question gets a number; Stop or a newer question makes the older one's late events irrelevant.
  const askIdRef = useRef(0);
  const imageRef = useRef<Promise<ImageSource> | null>(null);
  const optionsRef = useRef(options);
  optionsRef.current = options;
  // The engine keeps this conversation's cache for its follow-ups under this id, until the view goes away.
  const conversationIdRef = useRef(`conversation-${randomId()}`);
  const askedRef = useRef(false);
  // The image's address once known, so a permission can be asked for straight from a click.
  const sourceUrlRef = useRef<string | null>(null);

  const ask = useCallback((question: string, closer = false) => {
    const current = stateRef.current;
    const id = ++askIdRef.current;
    dispatch({ type: 'ask', question, closer });
    void (async () => {
      const { client, image, settings } = optionsRef.current;
      try {
        imageRef.current ??= image();
        const [source, s] = await Promise.all([imageRef.current, settings()]);
        sourceUrlRef.current = source.kind === 'url' ? source.url : null;
        askedRef.current = true;
        const call = client.generate(
          {
            modelId: s.modelId,
            image: source,
            conversation: conversationFor(current, question, closer),
            options: { maxNewTokens: s.maxNewTokens, backend: s.backend },
            conversationId: conversationIdRef.current,
            // A closer look asks for every view; a follow-up keeps its conversation's detail (and so its cache);
            // a first question leaves the choice to the engine's measured speed.
            ...(closer ? { detail: 'split' as const } : current.detail ? { detail: current.detail } : {}),
          },
          (event) => {
            if (askIdRef.current !== id) return;
            const access = optionsRef.current.siteAccess;
            if (
              event.type === 'error' &&
              event.error.code === 'image-unreachable' &&
              source.kind === 'url' &&
              access
            ) {
              // No answer may be the site refusing to share: say so, with the way to allow it, if it isn't allowed.
              const url = source.url;
              void access.has(url).then((allowed) => {
                if (askIdRef.current !== id) return;
                const error = allowed ? event.error : imageNeedsAccess(url);
                dispatch({ type: 'event', event: { ...event, error }, at: performance.now() });
              });
              return;
            }
            dispatch({ type: 'event', event, at: performance.now() });
          },
        );
        if (askIdRef.current !== id) call.cancel();
        else callRef.current = call;
      } catch (error) {
        imageRef.current = null;
        if (askIdRef.current !== id) return;
        dispatch({ type: 'event', event: { type: 'error', requestId: '', error: errorOf(error) } });
      }
    })();
  }, []);

  const retry = useCallback(() => {
    if (stateRef.current.lastQuestion) ask(stateRef.current.lastQuestion);
  }, [ask]);

  const askDefault = useCallback(async () => {
    ask((await optionsRef.current.settings()).defaultPrompt);
  }, [ask]);

  useEffect(() => {
    if (!options.needsConsent) void askDefault();
    else
      void optionsRef.current
        .settings()
        .then((s) => dispatch({ type: 'suggest', question: s.defaultPrompt }))
        .catch(() => undefined);
    // Closing the panel or going back unmounts this; closing the popup or leaving the page only hides it.
    const end = () => {
      if (askedRef.current) optionsRef.current.client.endConversation(conversationIdRef.current);
      askedRef.current = false;
    };
    addEventListener('pagehide', end);
    return () => {
      removeEventListener('pagehide', end);
      callRef.current?.cancel();
      end();
    };
  }, []);

  return {
    state,
    ask,
    lookCloser() {
      const last = stateRef.current.lastQuestion;
      if (last) ask(last, true);
    },
    stop() {
      askIdRef.current += 1;
      callRef.current?.cancel();
      callRef.current = null;
      dispatch({ type: 'stopped' });
    },
    retry,
    consent(question) {
      const text = question?.trim();
      void optionsRef.current.onConsented().then(() => (text ? ask(text) : askDefault()));
    },
    decline() {
      dispatch({ type: 'decline' });
    },
    reconsider() {
      dispatch({ type: 'needs-consent' });
    },
    accessHost:
      state.error?.code === 'image-needs-access' && sourceUrlRef.current
        ? siteAccessHost(sourceUrlRef.current)
        : null,
    allowAccess(everywhere) {
      const url = sourceUrlRef.current;
      const access = optionsRef.current.siteAccess;
      if (!url || !access) return;
      // The prompt first, before any await: the click is the gesture the browser asks for.
      void access.request(url, everywhere).then((granted) => {
        if (granted) retry();
      });
    },
    chooseModel(modelId, question) {
      const choose = optionsRef.current.onChooseModel;
      if (!choose) return;
      void choose(modelId).then(() => ask(question.trim() || stateRef.current.suggested || ''));
    },
  };
}
