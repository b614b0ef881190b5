/**
 * The page a fresh install opens: the two features (the verdict where you browse; ask about any image, with a
 * picture from the extension's own files to try it on), what is downloaded and when, and the privacy promise.
 * Receives its data and callbacks; main.tsx wires them to the browser.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { Conversation } from '../popup/PageImages';
import type { DemoConversationProps } from '../popup/page-tools';
import type { ImageSource } from '../protocol/messages';
import type { PageImage } from '../protocol/page-images';

export const TRY_PICTURE: PageImage = {
  src: '/welcome/try-me.png',
  width: 320,
  height: 240,
  alt: 'A drawing of a house with a red roof, a tree and the sun',
};

interface Props {
  /** The chosen model (its label, and its size on this device from downloadChoice) and the engine to ask it. */
  conversation: DemoConversationProps;
  imageSource(image: PageImage): Promise<ImageSource>;
  onOpenOptions(): void;
  privacyHref: string;
}

function Feature({ title, children }: { title: string; children: ComponentChildren }) {
  const id = `feature-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return (
    <section class="feature" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

function TryIt({ conversation, imageSource }: Pick<Props, 'conversation' | 'imageSource'>) {
  const [asking, setAsking] = useState(false);
  if (asking) {
    return (
      <Conversation
        {...conversation}
        imageSource={imageSource}
        image={TRY_PICTURE}
        onBack={() => setAsking(false)}
        backLabel="← Back to the picture"
      />
    );
  }
  return (
    <figure class="try">
      <img
        class="try-picture"
        src={TRY_PICTURE.src}
        alt={TRY_PICTURE.alt}
        width={TRY_PICTURE.width}
        height={TRY_PICTURE.height}
      />
      <figcaption>
        <button type="button" class="primary" onClick={() => setAsking(true)}>
          Describe this picture
        </button>
        <span class="muted">
          It comes with the extension, so it works without a connection once the model is here.
        </span>
      </figcaption>
    </figure>
  );
}

export function Welcome(props: Props) {
  return (
    <main class="welcome">
      <header class="hero">
        <img src="/icons/icon-48.png" alt="" width={48} height={48} />
        <div>
          <h1>Verdict Lens is ready</h1>
          <p class="lead">
            The verdict on an AI tool where you browse, and answers about any picture, on your device.
          </p>
        </div>
      </header>

      <Feature title="The verdict where you browse">
        <p>
          On an AI tool’s site, such as SmolVLM’s model card or Vercel AI Gateway, the toolbar icon shows the
          share of the panel that would ship it. Click the icon for the verdict, each reviewer’s take and the
          head-to-head. Elsewhere, the same button searches every tool we know, by name or by what it does.
        </p>
        <p class="muted">
          Tip: pin Verdict Lens from the browser’s extensions menu to keep its score in sight.
        </p>
      </Feature>

      <Feature title="Ask about any image">
        <p>
          Right-click a picture on a web page and choose <strong>Ask about this image</strong>. A small
          vision-language model describes it and answers your follow-up questions, on this device.
        </p>
        <TryIt conversation={props.conversation} imageSource={props.imageSource} />
      </Feature>

      <Feature title="What is downloaded, and when">
        <ul class="facts">
          <li>
            <strong>Now: nothing more.</strong> The verdicts come with the extension.
          </li>
          <li data-testid="model-download">
            <strong>On your first question:</strong> the model,{' '}
            {props.conversation.modelLabel(props.conversation.modelId)}:{' '}
            {props.conversation.consentFacts(props.conversation.modelId)?.model.size ?? 'its files'} on this
            device, only after you agree. The browser keeps it for next time; delete it in Options whenever
            you like.
          </li>
          <li>
            <strong>A verdict feed:</strong> only if you set one in Options.
          </li>
        </ul>
      </Feature>

      <Feature title="Your privacy">
        <p>
          Your pictures, questions and answers never leave this device, and the pages you visit are matched
          inside the extension, never sent anywhere. No account, no analytics, no ads.
        </p>
        <p class="links">
          <a href={props.privacyHref} target="_blank" rel="noopener">
            Read the privacy statement
          </a>
          <button type="button" class="link" onClick={props.onOpenOptions}>
            Open settings
          </button>
        </p>
      </Feature>
    </main>
  );
}
