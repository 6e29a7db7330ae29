// A titled chart with its three exports: PNG, SVG (the chart as drawn) and CSV (its data).
import { useRef, useState, type ReactNode } from 'react';
import { saveCsv, savePng, saveSvg } from './exportPlot.js';

interface Props {
  title: string;
  /** File name without extension. */
  name: string;
  /** The chart's data as CSV, built when asked. */
  csv(): string;
  /** Tests and the export buttons find the frame by this id. */
  testId: string;
  /** Controls shown beside the title (toggles, pickers). */
  controls?: ReactNode;
  children: ReactNode;
}

export function PlotFrame({ title, name, csv, testId, controls, children }: Props) {
  const ref = useRef<HTMLElement>(null);
  const [error, setError] = useState<string | null>(null);
  const svg = () => ref.current?.querySelector('svg') ?? null;
  const fileName = name.replace(/[^\w.-]+/g, '_');
  return (
    <figure className="plot" ref={ref} data-testid={testId}>
      <figcaption>
        <strong>{title}</strong>
        {controls}
        <span className="plot-exports">
          <button type="button" onClick={() => { const s = svg(); if (s) savePng(s, fileName).catch((e: Error) => setError(e.message)); }} data-testid={`${testId}-png`} title="Save the chart as a PNG image">PNG</button>
          <button type="button" onClick={() => { const s = svg(); if (s) saveSvg(s, fileName); }} data-testid={`${testId}-svg`} title="Save the chart as an SVG drawing">SVG</button>
          <button type="button" onClick={() => saveCsv(csv(), fileName)} data-testid={`${testId}-csv`} title="Save the chart's data as CSV">CSV</button>
        </span>
      </figcaption>
      {error && <p className="error" role="alert">{error}</p>}
      {children}
    </figure>
  );
}
