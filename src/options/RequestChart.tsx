/** A small inline SVG line chart of one measure over the logged requests (oldest left). */
import { chartSeries } from '../monitoring/chart';

interface Props {
  label: string;
  values: (number | null)[];
  format: (x: number) => string;
  colorVar: string;
}

const W = 320;
const H = 72;

export function RequestChart({ label, values, format, colorVar }: Props) {
  const series = chartSeries(values, W, H);
  const present = values.filter((x): x is number => x !== null);
  const last = present[present.length - 1];
  const summary =
    present.length === 0
      ? `${label}: no data yet`
      : `${label} over the last ${values.length} requests: highest ${format(series.max)}, latest ${format(last ?? 0)}`;
  return (
    <figure class="chart">
      <figcaption>
        {label} <span class="hint">max {present.length ? format(series.max) : '—'}</span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={summary}>
        <line x1="0" y1={H - 0.5} x2={W} y2={H - 0.5} class="axis" />
        {series.segments.map((points) => (
          <polyline key={points} points={points} fill="none" stroke={`var(${colorVar})`} stroke-width="2" />
        ))}
        {series.dots.map((d) => (
          <circle key={`${d.x},${d.y}`} cx={d.x} cy={d.y} r="2.5" fill={`var(${colorVar})`} />
        ))}
      </svg>
    </figure>
  );
}
