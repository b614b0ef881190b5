/**
 * "Try it on this page's images": the page's visible images as a grid; picking one asks the on-device model to
 * describe it here in the popup, with follow-up questions. On SmolVLM's own pages it is the live demo of that model.
 */
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { EngineClient } from '../protocol/engine-client-core';
import type { ImageSource } from '../protocol/messages';
import type { PageImage } from '../protocol/page-images';
import type { Settings } from '../settings/schema';
import { AskView } from '../ui/AskView';
import { type SiteAccess, useAskSession } from '../ui/ask-session';
import type { ConsentFacts } from '../ui/consent-choices';
import { Thumbnail } from '../ui/Thumbnail';

export interface PageImagesProps {
  images: PageImage[];
  /** The model in settings when the view opened; the consent may switch to another. */
  modelId: string;
  /**
   * Heading and first line: which model runs, and whether it is the page's (see demo-intro.ts). Absent where the
   * surrounding view already says it (the popup's demo view has them as its own heading).
   */
  intro?: (modelId: string) => { title: string; note: string };
  modelLabel(modelId: string): string;
  consentFacts(modelId: string): ConsentFacts | null;
  client: EngineClient;
  settings(): Promise<Settings>;
  needsConsent: boolean;
  onConsented(): Promise<void>;
  /** Makes `modelId` the model in settings and records the agreement to download it. */
  onChooseModel(modelId: string): Promise<void>;
  imageSource(image: PageImage): Promise<ImageSource>;
  onCopy(text: string): void;
  /** Asking for permission to read an image's site (platform/site-access); without it, none is asked for. */
  siteAccess?: SiteAccess;
}

/** One picked image's conversation; the welcome page shows it for its own picture too. */
export function Conversation(
  props: Omit<PageImagesProps, 'images' | 'intro'> & { image: PageImage; onBack(): void; backLabel?: string },
) {
  const session = useAskSession({
    client: props.client,
    image: () => props.imageSource(props.image),
    settings: props.settings,
    needsConsent: props.needsConsent,
    onConsented: props.onConsented,
    onChooseModel: props.onChooseModel,
    siteAccess: props.siteAccess,
  });
  const rootRef = useRef<HTMLDivElement>(null);
  // The picked image's button is gone: move focus into the conversation (the consent button, else the question).
  useLayoutEffect(() => {
    rootRef.current?.querySelector<HTMLElement>('.vl-consent .vl-primary, .vl-form input')?.focus();
  }, []);
  return (
    <div class="demo-conversation" ref={rootRef}>
      <div class="demo-picked">
        <Thumbnail src={props.image.src} alt={props.image.alt} />
        <button type="button" class="link" onClick={props.onBack}>
          {props.backLabel ?? '← Other images'}
        </button>
      </div>
      <AskView
        state={session.state}
        modelLabel={props.modelLabel(props.modelId)}
        downloadSize={props.consentFacts(props.modelId)?.model.size ?? 'size unknown'}
        consent={props.consentFacts(props.modelId)}
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
        onPickAnother={props.onBack}
      />
    </div>
  );
}

export function PageImages(props: PageImagesProps) {
  const [picked, setPicked] = useState<PageImage | null>(null);
  // Back from a conversation: focus returns to the image that was picked, as a list of choices should.
  const returnTo = useRef<string | null>(null);
  const gridRef = useRef<HTMLUListElement>(null);
  useLayoutEffect(() => {
    if (picked || returnTo.current === null) return;
    const index = props.images.findIndex((image) => image.src === returnTo.current);
    returnTo.current = null;
    gridRef.current?.querySelectorAll<HTMLElement>('button')[Math.max(0, index)]?.focus();
  }, [picked]);
  // Once agreed in this popup, later images don't ask again.
  const [needsConsent, setNeedsConsent] = useState(props.needsConsent);
  const [modelId, setModelId] = useState(props.modelId);
  const onConsented = async () => {
    await props.onConsented();
    setNeedsConsent(false);
  };
  const onChooseModel = async (id: string) => {
    await props.onChooseModel(id);
    setModelId(id);
    setNeedsConsent(false);
  };
  const intro = props.intro?.(modelId);
  return (
    <div class="page-images">
      {intro && (
        <>
          <h2>{intro.title}</h2>
          <p class="muted">{intro.note}</p>
        </>
      )}
      {picked ? (
        <Conversation
          key={picked.src}
          {...props}
          modelId={modelId}
          needsConsent={needsConsent}
          onConsented={onConsented}
          onChooseModel={onChooseModel}
          image={picked}
          onBack={() => {
            returnTo.current = picked.src;
            setPicked(null);
          }}
        />
      ) : props.images.length === 0 ? (
        <p class="muted">No pictures large enough to describe are showing on this page.</p>
      ) : (
        <ul class="image-grid" aria-label="Images on this page" ref={gridRef}>
          {props.images.map((image) => (
            <li key={image.src}>
              <button
                type="button"
                onClick={() => setPicked(image)}
                aria-label={`Describe ${image.alt || `image ${image.width}×${image.height}`}`}
              >
                <img src={image.src} alt="" loading="lazy" />
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
