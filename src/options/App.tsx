/** The options page layout: a table of contents and the four sections. Pure: data and callbacks come from main.tsx. */
import type { ComponentChildren } from 'preact';

const SECTIONS = [
  ['model', 'Model'],
  ['generation', 'Backend and generation'],
  ['feed', 'Verdict feed'],
  ['performance', 'Performance'],
] as const;

export function OptionsLayout({ children, version }: { children: ComponentChildren; version: string }) {
  return (
    <>
      <header class="page-header">
        <h1>Verdict Lens options</h1>
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
      <main>{children}</main>
      <footer class="page-footer">
        <span data-testid="version">Verdict Lens {version}</span>
        <a href="/src/welcome/index.html">About Verdict Lens</a>
        <a href="/PRIVACY.txt">Privacy statement</a>
      </footer>
    </>
  );
}
