/** Welcome page entry: reads the chosen model and its download size, then renders the page. */
import { render } from 'preact';
import { normaliseImageBlob } from '../intake/normalise-image';
import { openOptionsPage } from '../platform/options-page';
import { demoSetup } from '../popup/page-tools';
import type { ImageSource } from '../protocol/messages';
import { Welcome } from './Welcome';
import '../ui/theme.css';
import '../ui/ask-view.css';

/** The picture is one of the extension's own files: read and scaled here, so it never needs a network. */
async function ownPicture(src: string): Promise<ImageSource> {
  const blob = await (await fetch(src)).blob();
  return { kind: 'inline', image: await normaliseImageBlob(blob) };
}

async function start(root: HTMLElement): Promise<void> {
  const setup = await demoSetup();
  render(
    <Welcome
      conversation={setup.conversation}
      imageSource={(image) => ownPicture(image.src)}
      onOpenOptions={() => void openOptionsPage()}
      privacyHref="/PRIVACY.txt"
    />,
    root,
  );
}

const root = document.getElementById('app');
if (root) void start(root);
