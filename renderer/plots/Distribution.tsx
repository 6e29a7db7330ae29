// One feature's values per group: a box plot per group (quartiles, whiskers at 1.5 IQR,
// outliers as dots) above overlaid histograms (share of each group per bin), so groups of
// very different sizes compare fairly.
import { boxStats, histogram, niceTicks, tickText } from './stats.js';

const FONT = 'system-ui, sans-serif';

interface Props {
  groups: readonly { name: string; colour: string; values: readonly number[] }[];
  xLabel: string;
  bins?: number;
  width?: number;
  testId: string;
}

export function Distribution({ groups, xLabel, bins = 30, width = 560, testId }: Props) {
  const m = { l: 96, r: 14 };
  const boxH = 22;
  const histTop = 8 + groups.length * boxH + 10;
  const histH = 150;
  const height = histTop + histH + 40;
  const { edges, counts } = histogram(groups.map((g) => g.values), bins);
  if (!edges.length) return <p className="muted">no values</p>;
  const x0 = edges[0]!;
  const x1 = edges[edges.length - 1]!;
  const sx = (v: number) => m.l + ((v - x0) / (x1 - x0)) * (width - m.l - m.r);
  const shares = counts.map((c) => { const n = c.reduce((a, b) => a + b, 0) || 1; return c.map((v) => v / n); });
  const maxShare = Math.max(1e-9, ...shares.flat());
  const sy = (s: number) => histTop + histH - (s / maxShare) * histH;
  return (
    <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} fontFamily={FONT} role="img" aria-label={`distribution of ${xLabel}`} data-testid={testId}>
      <rect x={0} y={0} width={width} height={height} fill="#ffffff" />
      {groups.map((g, i) => {
        const b = boxStats([...g.values]);
        const y = 8 + i * boxH;
        if (!b.n) return null;
        return (
          <g key={g.name} data-testid={`${testId}-box`} data-name={g.name} data-median={b.median}>
            <text x={m.l - 6} y={y + 14} fontSize={11} textAnchor="end" fill="#333">{`${g.name} (${b.n})`}</text>
            <line x1={sx(b.lo)} x2={sx(b.hi)} y1={y + 10} y2={y + 10} stroke={g.colour} />
            <rect x={sx(b.q1)} y={y + 3} width={Math.max(1, sx(b.q3) - sx(b.q1))} height={14} fill={g.colour} fillOpacity={0.35} stroke={g.colour}>
              <title>{`${g.name}: median ${tickText(b.median)}, quartiles ${tickText(b.q1)}–${tickText(b.q3)}, n = ${b.n}`}</title>
            </rect>
            <line x1={sx(b.median)} x2={sx(b.median)} y1={y + 3} y2={y + 17} stroke="#111" strokeWidth={2} />
            {b.outliers.slice(0, 300).map((v, k) => <circle key={k} cx={sx(v)} cy={y + 10} r={1.5} fill={g.colour} />)}
          </g>
        );
      })}
      {shares.map((s, gi) => {
        const d = s.map((v, k) => `${k ? 'L' : 'M'}${sx(edges[k]!)},${sy(v)} L${sx(edges[k + 1]!)},${sy(v)}`).join(' ');
        return <path key={gi} d={`M${sx(x0)},${sy(0)} ${d.replace(/^M/, 'L')} L${sx(x1)},${sy(0)}`} fill={groups[gi]!.colour} fillOpacity={0.12} stroke={groups[gi]!.colour} strokeWidth={1.5} />;
      })}
      <line x1={m.l} x2={width - m.r} y1={histTop + histH} y2={histTop + histH} stroke="#888" />
      {niceTicks(x0, x1, 6).map((t) => (
        <text key={t} x={sx(t)} y={histTop + histH + 14} fontSize={10} textAnchor="middle" fill="#555">{tickText(t)}</text>
      ))}
      <text x={m.l - 6} y={histTop + 10} fontSize={10} textAnchor="end" fill="#555">share per bin</text>
      <text x={(m.l + width) / 2} y={histTop + histH + 30} fontSize={11} textAnchor="middle" fill="#333">{xLabel}</text>
    </svg>
  );
}
