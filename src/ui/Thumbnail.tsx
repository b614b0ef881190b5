/**
 * The picture a conversation is about. An image that can't be shown (gone, damaged, blocked) becomes a neutral
 * placeholder of the same size instead of the browser's broken-image icon.
 */
import { useState } from 'preact/hooks';

export function Thumbnail({ src, alt, class: className }: { src: string; alt: string; class?: string }) {
  const [broken, setBroken] = useState(false);
  if (broken) {
    return (
      <span
        class={`vl-thumb-placeholder ${className ?? ''}`}
        role="img"
        aria-label={alt ? `${alt} (can't be shown)` : "Image that can't be shown"}
      />
    );
  }
  return <img class={className} src={src} alt={alt} onError={() => setBroken(true)} />;
}
