// Lines over a numeric x axis, with optional bands (± spread over seeds, or a min–max
// range over repeated splits) and dashed series: loss curves, learning curves and
// simulated strategy comparisons.
import { niceTicks, tickText } from './stats.js';

const FONT = 'system-ui, sans-serif';

type Point = Series['points'][number];
const lowOf = (p: Point) => p.lo ?? p.y - (p.spread ?? 0);
const highOf = (p: Point) => p.hi ?? p.y + (p.spread ?? 0);
const rangeText = (p: Point) =>
  p.lo !== undefined && p.hi !== undefined ? ` (${p.lo.toFixed(3)}–${p.hi.toFixed(3)})` : p.spread ? ` ± ${p.spread.toFixed(3)}` : '';

/** One line. */
export interface Series {
  name: string;
  colour: string;
  /** `spread` draws y ± spread; `lo`/`hi` draw an explicit range (they win over spread). */
  points: readonly { x: number; y: number; spread?: number; lo?: number; hi?: number }[];
  dashed?: boolean;
}

interface Props {
  series: readonly Series[];
  xLabel: string;
  yLabel: string;
  /** Fixed y range (e.g. [0, 1] for scores); default: the data's. */
  yDomain?: readonly [number, number];
  width?: number;
  height?: number;
  testId: string;
}

export function LineChart({ series, xLabel, yLabel, yDomain, width = 520, height = 260, testId }: Props) {
  const m = { l: 52, r: 12, t: 10, b: 40 };
  const legendH = 16 * Math.ceil(series.length / 3);
  const plotH = height - m.t - m.b - legendH;
  const all = series.flatMap((s) => s.points);
  const xs = all.map((p) => p.x);
  let [y0, y1] = yDomain ?? [Math.min(...all.map((p) => lowOf(p))), Math.max(...all.map((p) => highOf(p)))];
  if (!(y1 > y0)) { y0 -= 0.5; y1 += 0.5; }
  let x0 = Math.min(...xs);
  let x1 = Math.max(...xs);
  if (!(x1 > x0)) { x0 -= 1; x1 += 1; }
  const sx = (x: number) => m.l + ((x - x0) / (x1 - x0)) * (width - m.l - m.r);
  const sy = (y: number) => m.t + plotH - ((y - y0) / (y1 - y0)) * plotH;
  const clampY = (y: number) => Math.max(y0, Math.min(y1, y));
  return (
    <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} fontFamily={FONT} role="img" aria-label={`${yLabel} against ${xLabel}`} data-testid={testId}>
      <rect x={0} y={0} width={width} height={height} fill="#ffffff" />
      {niceTicks(y0, y1, 5).map((t) => (
        <g key={`y${t}`}>
          <line x1={m.l} x2={width - m.r} y1={sy(t)} y2={sy(t)} stroke="#eeeeee" />
          <text x={m.l - 4} y={sy(t) + 4} fontSize={10} textAnchor="end" fill="#555">{tickText(t)}</text>
        </g>
      ))}
      {niceTicks(x0, x1, 6).map((t) => (
        <text key={`x${t}`} x={sx(t)} y={m.t + plotH + 14} fontSize={10} textAnchor="middle" fill="#555">{tickText(t)}</text>
      ))}
      <line x1={m.l} x2={width - m.r} y1={m.t + plotH} y2={m.t + plotH} stroke="#888" />
      <line x1={m.l} x2={m.l} y1={m.t} y2={m.t + plotH} stroke="#888" data-testid={`${testId}-yaxis`} />
      <text x={(m.l + width - m.r) / 2} y={m.t + plotH + 30} fontSize={11} textAnchor="middle" fill="#333">{xLabel}</text>
      <text transform={`translate(12 ${m.t + plotH / 2}) rotate(-90)`} fontSize={11} textAnchor="middle" fill="#333">{yLabel}</text>
      {series.map((s) => {
        const pts = [...s.points].sort((a, b) => a.x - b.x);
        const band = pts.some((p) => lowOf(p) < highOf(p))
          ? [...pts.map((p) => `${sx(p.x)},${sy(clampY(highOf(p)))}`), ...[...pts].reverse().map((p) => `${sx(p.x)},${sy(clampY(lowOf(p)))}`)].join(' ')
          : null;
        return (
          <g key={s.name} data-testid={`${testId}-series`} data-name={s.name}>
            {band && <polygon points={band} fill={s.colour} fillOpacity={0.15} stroke="none" data-testid={`${testId}-band`} data-name={s.name} />}
            <polyline points={pts.map((p) => `${sx(p.x)},${sy(p.y)}`).join(' ')} fill="none" stroke={s.colour} strokeWidth={2} strokeDasharray={s.dashed ? '5 4' : undefined} />
            {/* A band needs two points; a range bar also shows the spread of a lone point. */}
            {pts.map((p, i) => p.lo !== undefined && p.hi !== undefined && (
              <g key={`r${i}`} stroke={s.colour} strokeWidth={1.5} data-testid={`${testId}-range`} data-name={s.name}>
                <line x1={sx(p.x)} x2={sx(p.x)} y1={sy(clampY(p.hi))} y2={sy(clampY(p.lo))} />
                <line x1={sx(p.x) - 4} x2={sx(p.x) + 4} y1={sy(clampY(p.hi))} y2={sy(clampY(p.hi))} />
                <line x1={sx(p.x) - 4} x2={sx(p.x) + 4} y1={sy(clampY(p.lo))} y2={sy(clampY(p.lo))} />
              </g>
            ))}
            {pts.map((p, i) => (
              <circle key={i} cx={sx(p.x)} cy={sy(p.y)} r={pts.length > 40 ? 1.5 : 3} fill={s.colour}>
                <title>{`${s.name}: ${tickText(p.x)} → ${p.y.toFixed(3)}${rangeText(p)}`}</title>
              </circle>
            ))}
          </g>
        );
      })}
      {series.map((s, i) => {
        const x = m.l + (i % 3) * ((width - m.l) / 3);
        const y = height - legendH + 12 + Math.floor(i / 3) * 16;
        return (
          <g key={`legend-${s.name}`}>
            <line x1={x} x2={x + 18} y1={y - 4} y2={y - 4} stroke={s.colour} strokeWidth={2} strokeDasharray={s.dashed ? '5 4' : undefined} />
            <text x={x + 22} y={y} fontSize={11} fill="#333">{s.name}</text>
          </g>
        );
      })}
    </svg>
  );
}
