// Horizontal bars, one row per item and one bar per series, with optional ± error bars:
// feature importances and class-separation scores.
import { niceTicks, tickText } from './stats.js';

const FONT = 'system-ui, sans-serif';

interface Props {
  labels: readonly string[];
  /** Tooltip per row (e.g. the feature's description). */
  details?: readonly string[];
  series: readonly { name: string; colour: string; values: readonly (number | null)[]; errors?: readonly (number | null)[] }[];
  xLabel: string;
  width?: number;
  labelWidth?: number;
  testId: string;
}

export function BarChart({ labels, details, series, xLabel, width = 520, labelWidth = 170, testId }: Props) {
  const rowH = 6 + 9 * series.length;
  const m = { t: 8, b: 38, r: 14 };
  // One legend line per series under the axis title: names are long ("permutation: macro-F1 drop").
  const legendH = series.length > 1 ? 14 * series.length + 2 : 0;
  const height = m.t + labels.length * rowH + m.b + legendH;
  const vals = series.flatMap((s) => s.values.map((v, i) => (v ?? 0) + Math.abs(s.errors?.[i] ?? 0)));
  const lows = series.flatMap((s) => s.values.map((v, i) => (v ?? 0) - Math.abs(s.errors?.[i] ?? 0)));
  const x0 = Math.min(0, ...lows);
  const x1 = Math.max(1e-9, ...vals);
  const sx = (v: number) => labelWidth + ((v - x0) / (x1 - x0)) * (width - labelWidth - m.r);
  const bottom = m.t + labels.length * rowH;
  return (
    <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} fontFamily={FONT} role="img" aria-label={xLabel} data-testid={testId}>
      <rect x={0} y={0} width={width} height={height} fill="#ffffff" />
      {niceTicks(x0, x1, 5).map((t) => (
        <g key={t}>
          <line x1={sx(t)} x2={sx(t)} y1={m.t} y2={bottom} stroke={t === 0 ? '#888' : '#eeeeee'} />
          <text x={sx(t)} y={bottom + 13} fontSize={10} textAnchor="middle" fill="#555">{tickText(t)}</text>
        </g>
      ))}
      <text x={(labelWidth + width) / 2} y={bottom + 28} fontSize={11} textAnchor="middle" fill="#333">{xLabel}</text>
      {labels.map((l, i) => (
        <g key={l} data-testid={`${testId}-row`} data-label={l}>
          <text x={labelWidth - 4} y={m.t + i * rowH + rowH / 2 + 4} fontSize={10} textAnchor="end" fill="#333">
            {l}
            {details?.[i] && <title>{details[i]}</title>}
          </text>
          {series.map((s, k) => {
            const v = s.values[i];
            if (v === null || v === undefined) return null;
            const y = m.t + i * rowH + 3 + k * 9;
            const e = s.errors?.[i];
            return (
              <g key={s.name}>
                <rect x={Math.min(sx(0), sx(v))} y={y} width={Math.abs(sx(v) - sx(0))} height={8} fill={s.colour}>
                  <title>{`${l} — ${s.name}: ${v.toFixed(4)}${e ? ` ± ${e.toFixed(4)}` : ''}`}</title>
                </rect>
                {e ? <line x1={sx(v - e)} x2={sx(v + e)} y1={y + 4} y2={y + 4} stroke="#222" /> : null}
              </g>
            );
          })}
        </g>
      ))}
      {series.length > 1 && series.map((s, k) => (
        <g key={`legend-${s.name}`}>
          <rect x={labelWidth} y={bottom + m.b + k * 14 - 6} width={10} height={8} fill={s.colour} />
          <text x={labelWidth + 14} y={bottom + m.b + k * 14 + 2} fontSize={10} fill="#333">{s.name}</text>
        </g>
      ))}
    </svg>
  );
}
