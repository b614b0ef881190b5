/**
 * A small inline SVG line chart of one measure over the logged requests, oldest left: a y axis with its unit and
 * its top and zero values, an x axis numbered by request, and a legend naming the line.
 */
import { chartSeries, chartTicks } from '../monitoring/chart';

interface Props {
  label: string;
  /** The y axis's unit, e.g. "ms" or "tokens/s". */
  unit: string;
  values: (number | null)[];
  format: (x: number) => string;
  colorVar: string;
}

/** The plot's size, and the margins that hold the axes' labels. */
const PLOT_W = 300;
const PLOT_H = 90;
const LEFT = 72;
const BOTTOM = 30;
const TOP = 8;

export function RequestChart({ label, unit, values, format, colorVar }: Props) {
  const series = chartSeries(values, PLOT_W, PLOT_H);
  const ticks = chartTicks(values.length);
  const present = values.filter((x): x is number => x !== null);
  const last = present[present.length - 1];
  const summary =
    present.length === 0
      ? `${label}: no data yet`
      : `${label} (${unit}) over the last ${values.length} requests: highest ${format(series.max)}, latest ${format(last ?? 0)}`;
  const width = LEFT + PLOT_W + 8;
  const height = TOP + PLOT_H + BOTTOM;
  const xOf = (i: number) =>
    LEFT + (values.length > 1 ? 4 + (i * (PLOT_W - 8)) / (values.length - 1) : PLOT_W / 2);
  return (
    <figure class="chart">
      <figcaption>
        <span class="legend-swatch" style={{ background: `var(${colorVar})` }} aria-hidden="true" />
        {label} <span class="hint">({unit}, one point per request)</span>
      </figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-label={summary}>
        <text x={LEFT - 6} y={TOP + 4} class="tick" text-anchor="end">
          {present.length ? format(series.max) : '—'}
        </text>
        <text x={LEFT - 6} y={TOP + PLOT_H} class="tick" text-anchor="end">
          0
        </text>
        <line x1={LEFT} y1={TOP} x2={LEFT} y2={TOP + PLOT_H} class="axis" />
        <line x1={LEFT} y1={TOP + PLOT_H} x2={LEFT + PLOT_W} y2={TOP + PLOT_H} class="axis" />
        {ticks.map((i) => (
          <text key={i} x={xOf(i)} y={TOP + PLOT_H + 14} class="tick" text-anchor="middle">
            {i + 1}
          </text>
        ))}
        <text x={LEFT + PLOT_W / 2} y={height - 2} class="tick" text-anchor="middle">
          request (oldest → newest)
        </text>
        <g transform={`translate(${LEFT} ${TOP})`}>
          {series.segments.map((points) => (
            <polyline key={points} points={points} fill="none" stroke={`var(${colorVar})`} stroke-width="2" />
          ))}
          {series.dots.map((d) => (
            <circle key={`${d.x},${d.y}`} cx={d.x} cy={d.y} r="2.5" fill={`var(${colorVar})`} />
          ))}
        </g>
      </svg>
    </figure>
  );
}
