// A matrix as coloured cells with row and column labels: the confusion matrix and the
// feature correlation matrix. Cells can be clicked; each carries a tooltip with its value.
const FONT = 'system-ui, sans-serif';

interface Props {
  rows: readonly string[];
  cols: readonly string[];
  values: readonly (readonly (number | null)[])[];
  colour(v: number | null, r: number, c: number): string;
  /** Text inside a cell (big cells only), e.g. a count. */
  cellText?(v: number | null, r: number, c: number): string;
  tooltip(v: number | null, r: number, c: number): string;
  onCellClick?(r: number, c: number): void;
  selected?: readonly [number, number] | null;
  cell?: number;
  labelWidth?: number;
  /** Axis titles. */
  rowTitle?: string;
  colTitle?: string;
  testId: string;
}

export function Heatmap({ rows, cols, values, colour, cellText, tooltip, onCellClick, selected, cell = 40, labelWidth = 110, rowTitle, colTitle, testId }: Props) {
  const small = cell < 20;
  const colLabelHeight = small ? labelWidth : 34;
  const left = labelWidth + (rowTitle ? 16 : 0);
  const top = colLabelHeight + (colTitle ? 16 : 0);
  const width = left + cols.length * cell + 4;
  const height = top + rows.length * cell + 4;
  const fontSize = small ? Math.max(6, cell - 2) : 11;
  return (
    <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} fontFamily={FONT} role="img" aria-label={rowTitle && colTitle ? `${rowTitle} by ${colTitle}` : 'matrix'} data-testid={testId}>
      <rect x={0} y={0} width={width} height={height} fill="#ffffff" />
      {colTitle && <text x={left + (cols.length * cell) / 2} y={12} fontSize={11} textAnchor="middle" fill="#444">{colTitle}</text>}
      {rowTitle && <text transform={`translate(11 ${top + (rows.length * cell) / 2}) rotate(-90)`} fontSize={11} textAnchor="middle" fill="#444">{rowTitle}</text>}
      {cols.map((c, j) =>
        small ? (
          <text key={j} transform={`translate(${left + j * cell + cell / 2 + fontSize / 3} ${top - 3}) rotate(-90)`} fontSize={fontSize} fill="#333">{c}</text>
        ) : (
          <text key={j} x={left + j * cell + cell / 2} y={top - 6} fontSize={fontSize} textAnchor="middle" fill="#333">{c}</text>
        ),
      )}
      {rows.map((r, i) => (
        <text key={i} x={left - 4} y={top + i * cell + cell / 2 + fontSize / 3} fontSize={fontSize} textAnchor="end" fill="#333">{r}</text>
      ))}
      {values.map((row, i) =>
        row.map((v, j) => {
          const isSel = selected?.[0] === i && selected?.[1] === j;
          return (
            <g key={`${i}-${j}`} onClick={onCellClick ? () => onCellClick(i, j) : undefined} style={onCellClick ? { cursor: 'pointer' } : undefined} data-testid={`${testId}-cell-${i}-${j}`}>
              <rect x={left + j * cell} y={top + i * cell} width={cell} height={cell} fill={colour(v, i, j)} stroke={isSel ? '#E69F00' : '#ffffff'} strokeWidth={isSel ? 3 : small ? 0.3 : 1}>
                <title>{tooltip(v, i, j)}</title>
              </rect>
              {cellText && !small && (
                <text x={left + j * cell + cell / 2} y={top + i * cell + cell / 2 + 4} fontSize={12} textAnchor="middle" fill="#111" pointerEvents="none">{cellText(v, i, j)}</text>
              )}
            </g>
          );
        }),
      )}
    </svg>
  );
}
