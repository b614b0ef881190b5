/**
 * What a tool can do, as tags in the data ("vision-language", "ocr", "llm-routing"): every tool in the seed shares
 * one category ("Developer Tools"), so the tags are what tells a small vision model from an LLM gateway, in search
 * and on screen. A feed may add tags this build doesn't know; they are shown as written. No schema library here, so
 * the popup stays light.
 */

/** How each tag this build knows is shown to people. */
export const CAPABILITY_LABELS: Readonly<Record<string, string>> = {
  'vision-language': 'Vision-language',
  ocr: 'OCR',
  video: 'Video',
  'on-device': 'On-device',
  'open-weights': 'Open weights',
  'object-detection': 'Object detection',
  'llm-routing': 'LLM routing',
  failover: 'Failover',
  observability: 'Observability',
  guardrails: 'Guardrails',
  'self-hosted': 'Self-hosted',
};

/** A tag as people read it: its label when known, else the tag with dashes as spaces. */
export function capabilityLabel(tag: string): string {
  return CAPABILITY_LABELS[tag] ?? tag.replace(/-/g, ' ');
}

/** At most `max` labels joined for one line ("Vision-language, OCR, On-device"); '' for none. */
export function capabilityLine(tags: readonly string[] | undefined, max = 3): string {
  return (tags ?? []).slice(0, max).map(capabilityLabel).join(', ');
}
