/**
 * Geometry for the Performance view's small line chart: values in, SVG polyline points out. Pure, so the scaling
 * (including gaps for requests without a value) is tested in Node.
 */
export interface ChartSeries {
  /** One polyline per unbroken run of values; a null breaks the line. */
  segments: string[];
  /** Single points that have no neighbour to join, drawn as dots. */
  dots: { x: number; y: number }[];
  max: number;
}

export function chartSeries(
  values: readonly (number | null)[],
  width: number,
  height: number,
  pad = 4,
): ChartSeries {
  const present = values.filter((x): x is number => x !== null && Number.isFinite(x));
  const max = present.length === 0 ? 0 : Math.max(...present);
  const xStep = values.length > 1 ? (width - 2 * pad) / (values.length - 1) : 0;
  const xOf = (i: number) => (values.length > 1 ? pad + i * xStep : width / 2);
  const yOf = (x: number) => (max === 0 ? height - pad : height - pad - (x / max) * (height - 2 * pad));
  const round = (n: number) => Math.round(n * 10) / 10;
  const segments: string[] = [];
  const dots: { x: number; y: number }[] = [];
  let run: { x: number; y: number }[] = [];
  const flush = () => {
    if (run.length === 1 && run[0]) dots.push(run[0]);
    else if (run.length > 1) segments.push(run.map((p) => `${p.x},${p.y}`).join(' '));
    run = [];
  };
  values.forEach((value, i) => {
    if (value === null || !Number.isFinite(value)) flush();
    else run.push({ x: round(xOf(i)), y: round(yOf(value)) });
  });
  flush();
  return { segments, dots, max };
}

/** Which requests (0-based) get a number on the x axis: the first, the last and a few evenly between. */
export function chartTicks(count: number, most = 5): number[] {
  if (count <= 0) return [];
  if (count <= most) return Array.from({ length: count }, (_, i) => i);
  const step = (count - 1) / (most - 1);
  return [...new Set(Array.from({ length: most }, (_, i) => Math.round(i * step)))];
}
