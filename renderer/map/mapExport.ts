// The map as files: its data as CSV (one row per window) and the picture as SVG (one circle
// per point), built as strings so they can be tested without a browser.
import { type Colouring, colourOf } from './mapColours.js';

/** One CSV row per point. */
export interface MapRow {
  windowId: number;
  x: number;
  y: number;
  station: string;
  label: string;
  cluster: number | null;
  colourValue: string;
}

const csvCell = (v: string | number | null): string => {
  if (v === null) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** CSV with a header: window_id, x, y, station, label, cluster, and the value coloured by. */
export function mapCsv(rows: MapRow[], colourColumn: string): string {
  const head = ['window_id', 'x', 'y', 'station', 'label', 'cluster', colourColumn].map(csvCell).join(',');
  const body = rows.map((r) => [r.windowId, r.x, r.y, r.station, r.label, r.cluster === null ? null : r.cluster + 1, r.colourValue].map(csvCell).join(','));
  return `${[head, ...body].join('\n')}\n`;
}

/** SVG of the map: points as circles in the colours shown, with the legend beside them. */
export function mapSvg(coords: Float32Array, colouring: Colouring, opts: { size?: number; radius?: number; title?: string } = {}): string {
  const size = opts.size ?? 800;
  const r = opts.radius ?? 2;
  const n = coords.length / 2;
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    x0 = Math.min(x0, coords[2 * i]!); x1 = Math.max(x1, coords[2 * i]!);
    y0 = Math.min(y0, coords[2 * i + 1]!); y1 = Math.max(y1, coords[2 * i + 1]!);
  }
  // One scale for both axes: a map's distances mean the same in x and y.
  const span = Math.max(x1 - x0, y1 - y0) || 1;
  const pad = 10;
  const s = (size - 2 * pad) / span;
  const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const circles: string[] = [];
  for (let i = 0; i < n; i++) {
    const cx = pad + (coords[2 * i]! - x0) * s;
    const cy = size - pad - (coords[2 * i + 1]! - y0) * s; // SVG y grows downwards
    circles.push(`<circle cx="${cx.toFixed(2)}" cy="${cy.toFixed(2)}" r="${r}" fill="${colourOf(colouring, i)}"/>`);
  }
  const legend = colouring.kind === 'categorical'
    ? colouring.legend.map((e, i) => `<g transform="translate(${size + 10},${20 + i * 18})"><rect width="10" height="10" fill="${e.colour}"/><text x="16" y="9" font-size="12">${esc(e.name)} (${e.count})</text></g>`)
    : [`<text x="${size + 10}" y="20" font-size="12">${esc(colouring.range?.lo ?? '0')} → ${esc(colouring.range?.hi ?? '1')}</text>`];
  const title = opts.title ? `<title>${esc(opts.title)}</title>` : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size + 260}" height="${size}" viewBox="0 0 ${size + 260} ${size}">${title}<rect width="100%" height="100%" fill="#fff"/><g>${circles.join('')}</g>${legend.join('')}</svg>\n`;
}
