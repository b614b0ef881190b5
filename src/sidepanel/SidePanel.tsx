/**
 * The conversation about the chosen image, in the browser's side panel: the image, the page it came from, and the
 * shared conversation view. A new right-click replaces the conversation (its key is the choice's id).
 */
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { EngineClient } from '../protocol/engine-client-core';
import type { UserError } from '../protocol/errors';
import type { AskTarget, ImageSource } from '../protocol/messages';
import type { Settings } from '../settings/schema';
import { AskView } from '../ui/AskView';
import { type SiteAccess, useAskSession } from '../ui/ask-session';
import type { ConsentFacts } from '../ui/consent-choices';
import { canShowThumbnail, imageLabel, pageLabel } from './labels';

export interface ConversationProps {
  target: AskTarget;
  client: EngineClient;
  settings(): Promise<Settings>;
  needsConsent: boolean;
  onConsented(): Promise<void>;
  imageSource(target: AskTarget): Promise<ImageSource>;
  modelLabel: string;
  /** The download the consent quotes, and the other models it offers (from the one download choice). */
  consent: ConsentFacts | null;
  /** Makes `modelId` the model in settings and records the agreement to download it. */
  onChooseModel(modelId: string): Promise<void>;
  onCopy(text: string): void;
  /** Asking for permission to read an image's site (platform/site-access); without it, none is asked for. */
  siteAccess?: SiteAccess;
}

/** The chosen image and the page it came from, above whatever the panel says about it. */
function ImageHeader({ target }: { target: AskTarget }) {
  // An image that can't be shown here (gone, damaged) leaves no broken picture; the answer says what went wrong.
  const [thumbnail, setThumbnail] = useState(canShowThumbnail(target.srcUrl));
  return (
    <header class="sp-head">
      {thumbnail && (
        <img
          class="sp-thumb"
          src={target.srcUrl}
          alt="What you asked about"
          referrerpolicy="no-referrer"
          onError={() => setThumbnail(false)}
        />
      )}
      <div>
        <h1 class="sp-title">Ask about this image</h1>
        <p class="sp-source" data-testid="ask-source">
          From <strong>{pageLabel(target)}</strong>: {imageLabel(target.srcUrl)}
        </p>
      </div>
    </header>
  );
}

export function Conversation(props: ConversationProps) {
  const { target } = props;
  const session = useAskSession({
    client: props.client,
    image: () => props.imageSource(target),
    settings: props.settings,
    needsConsent: props.needsConsent,
    onConsented: props.onConsented,
    onChooseModel: props.onChooseModel,
    siteAccess: props.siteAccess,
  });
  const rootRef = useRef<HTMLDivElement>(null);
  // A new choice: the first thing to do is agree to the download, else ask (the answer to the default question
  // streams meanwhile).
  useLayoutEffect(() => {
    rootRef.current?.querySelector<HTMLElement>('.vl-consent .vl-primary, .vl-form input')?.focus();
  }, []);
  return (
    <div class="sp-conversation" ref={rootRef} data-ask-id={target.id}>
      <ImageHeader target={target} />
      <AskView
        state={session.state}
        modelLabel={props.modelLabel}
        downloadSize={props.consent?.model.size ?? 'size unknown'}
        consent={props.consent}
        onConsent={session.consent}
        onDecline={session.decline}
        onReconsider={session.reconsider}
        onChooseModel={session.chooseModel}
        onAsk={session.ask}
        onStop={session.stop}
        onRetry={session.retry}
        onLookCloser={session.lookCloser}
        onCopy={props.onCopy}
        accessHost={session.accessHost}
        onAllowAccess={session.allowAccess}
      />
    </div>
  );
}

/**
 * An image on a page no extension may read: the panel says so at once, instead of starting a conversation whose
 * answer could never come (nothing is downloaded, nothing is asked).
 */
export function UnreadablePagePanel({ target, error }: { target: AskTarget; error: UserError }) {
  return (
    <div class="sp-conversation" data-ask-id={target.id}>
      <ImageHeader target={target} />
      <div class="vl-ask">
        <div class="vl-error" role="alert" data-testid="page-unreadable" data-code={error.code}>
          <p>{error.message}</p>
          {error.action && <p class="vl-muted">{error.action}</p>}
        </div>
      </div>
    </div>
  );
}

export function EmptyPanel() {
  return (
    <div class="sp-empty-state">
      <h1 class="sp-title">Ask about this image</h1>
      <p class="sp-empty">
        Right-click an image on the page and choose “Ask about this image”. The conversation stays here, where
        the page can’t read it.
      </p>
    </div>
  );
}
