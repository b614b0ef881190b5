/**
 * axe-core in a page under test: injected through the DevTools protocol (page.evaluate), which extension pages'
 * CSP doesn't block, and run over the document, open shadow roots included.
 * Light and dark are both checked by emulating prefers-color-scheme, since each theme has its own colours.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  /** e.g. "color-contrast @ light" */
  rule: string;
  help: string;
  /** Each failing node: its selector and what axe says is wrong. */
  nodes: string[];
}

/**
 * Violations of axe's rules in `page`, or within `include` selectors only. Where axe can't tell a contrast ratio
 * ("incomplete": it happens for an element out of reach of elementsFromPoint, such as one on the browser's top
 * layer), the ratio is computed here from the element's colour and the backgrounds behind it, through
 * shadow roots, against the same AA thresholds, so no text goes unchecked.
 */
export async function axeFindings(page: Page, include?: string[]): Promise<AxeFinding[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (selectors) => {
    type AxeNode = { target: unknown[]; failureSummary?: string };
    type AxeRule = { id: string; help: string; nodes: AxeNode[] };
    type AxeResult = { violations: AxeRule[]; incomplete: AxeRule[] };
    const axe = (
      window as unknown as { axe: { run(context: unknown, options: unknown): Promise<AxeResult> } }
    ).axe;
    const context = selectors ? { include: selectors.map((s) => [s]) } : document;
    const result = await axe.run(context, { resultTypes: ['violations', 'incomplete'] });
    const findings = result.violations.map((v) => ({
      rule: v.id,
      help: v.help,
      nodes: v.nodes.map((n) => `${JSON.stringify(n.target)}: ${n.failureSummary ?? ''}`),
    }));

    const rgba = (css: string): [number, number, number, number] => {
      const parts = css.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0, 0];
      return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0, parts[3] ?? 1];
    };
    const over = (top: number[], bottom: number[]) =>
      [0, 1, 2].map((i) => (top[i] ?? 0) * (top[3] ?? 1) + (bottom[i] ?? 0) * (1 - (top[3] ?? 1)));
    const luminance = (c: number[]) => {
      const [r, g, b] = c.map((v) => {
        const x = v / 255;
        return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
    };
    const parentOf = (el: Element): Element | null =>
      el.parentElement ?? ((el.getRootNode() as ShadowRoot).host as Element | undefined) ?? null;
    const backgroundBehind = (el: Element): number[] => {
      const layers: number[][] = [];
      for (let at: Element | null = el; at; at = parentOf(at)) {
        const bg = rgba(getComputedStyle(at).backgroundColor);
        if (bg[3] > 0) layers.push(bg);
        if (bg[3] >= 1) break;
      }
      // Under everything, the page's canvas: white in light, the dark scheme's canvas colour otherwise.
      let colour = matchMedia('(prefers-color-scheme: dark)').matches ? [18, 18, 18] : [255, 255, 255];
      for (const layer of layers.reverse()) colour = over(layer, colour);
      return colour;
    };
    const resolve = (target: unknown[]): Element | null => {
      let scope: Document | ShadowRoot = document;
      let el: Element | null = null;
      // A node inside shadow roots is one entry: the selectors from the document down, host by host.
      const path = Array.isArray(target[0]) ? (target[0] as unknown[]) : target;
      for (const selector of path) {
        el = scope.querySelector(String(selector));
        if (!el) return null;
        if (el.shadowRoot) scope = el.shadowRoot;
      }
      return el;
    };
    const computed: string[] = [];
    for (const rule of result.incomplete.filter((r) => r.id === 'color-contrast')) {
      for (const node of rule.nodes) {
        const el = resolve(node.target);
        if (!el || (el as HTMLButtonElement).disabled) continue;
        const text = [...el.childNodes]
          .filter((n) => n.nodeType === Node.TEXT_NODE)
          .map((n) => n.textContent ?? '')
          .join('')
          .trim();
        if (text.length < 2) continue;
        const style = getComputedStyle(el);
        const bg = backgroundBehind(el);
        const fg = over(rgba(style.color), bg);
        const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
        const ratio = ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
        const size = Number.parseFloat(style.fontSize);
        const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
        if (ratio < (large ? 3 : 4.5))
          computed.push(
            `${JSON.stringify(node.target)}: ${style.color} on ${bg.join(',')} is ${ratio.toFixed(2)}:1`,
          );
      }
    }
    if (computed.length > 0)
      findings.push({
        rule: 'color-contrast (computed)',
        help: 'Text contrast below WCAG AA',
        nodes: computed,
      });
    return findings;
  }, include ?? null);
}

/** Runs axe in light and in dark; returns every finding, each labelled with its scheme. Leaves the page light. */
export async function axeBothSchemes(page: Page, include?: string[]): Promise<AxeFinding[]> {
  const all: AxeFinding[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const finding of await axeFindings(page, include))
      all.push({ ...finding, rule: `${finding.rule} @ ${scheme}` });
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return all;
}
