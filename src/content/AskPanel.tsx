/** The in-page panel: the image, a title, a close button, and the conversation. */
import { AskView, type AskViewProps } from '../ui/AskView';

interface Props extends AskViewProps {
  thumbnailUrl: string;
  onClose(): void;
}

export function AskPanel({ thumbnailUrl, onClose, ...view }: Props) {
  return (
    <div class="vl-panel" role="dialog" aria-modal="true" aria-labelledby="vl-title">
      <div class="vl-head">
        <img class="vl-thumb" src={thumbnailUrl} alt="" />
        <h2 id="vl-title" class="vl-title" tabIndex={-1}>
          Ask about this image
        </h2>
        <button type="button" class="vl-close" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </div>
      <AskView {...view} />
    </div>
  );
}
