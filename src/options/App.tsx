/**
 * The options page layout: a table of contents, the four sections and the one status line every change reports to.
 * Pure: data and callbacks come from main.tsx.
 */
import type { ComponentChildren } from 'preact';
import type { StatusLine } from './status';

const SECTIONS = [
  ['model', 'Model'],
  ['generation', 'Backend and generation'],
  ['feed', 'Verdict feed'],
  ['performance', 'Performance'],
] as const;

interface Props {
  children: ComponentChildren;
  version: string;
  /** What the last change saved, or why it wasn't saved; null when there is nothing to say. */
  status: StatusLine | null;
}

export function OptionsLayout({ children, version, status }: Props) {
  return (
    <>
      <header class="page-header">
        <h1>Verdict Lens options</h1>
        <p class="hint" id="saving-hint">
          Changes are saved as you make them: a choice at once, a field when you leave it or press Enter.
        </p>
        <nav aria-label="Sections">
          <ul>
            {SECTIONS.map(([id, label]) => (
              <li key={id}>
                <a href={`#${id}`}>{label}</a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main>
        {children}
        {/* Always in the page (a live region must exist before it speaks); sticks to the window's foot. */}
        <p
          class="save-status"
          id="save-status"
          role="status"
          aria-live="polite"
          data-testid="save-status"
          data-kind={status?.kind}
        >
          {status && <span key={status.serial}>{status.text}</span>}
        </p>
      </main>
      <footer class="page-footer">
        <span data-testid="version">Verdict Lens {version}</span>
        <a href="/src/welcome/index.html">About Verdict Lens</a>
        <a href="/PRIVACY.txt">Privacy statement</a>
      </footer>
    </>
  );
}
