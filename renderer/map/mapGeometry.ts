// The map's geometry without WebGL: the view (pan and zoom), which point is under the
// pointer (a uniform grid, so hover stays O(1) at 100,000 points), and which points a
// lasso encloses. Pure, so it is tested without a browser.

/** Data coordinates (normalised to about [-1, 1]) → canvas pixels: px = (x · scale + tx, −y · scale + ty). */
export interface View {
  scale: number;
  tx: number;
  ty: number;
}

/** The view that fits [-1, 1]² into a w × h canvas, centred. */
export const fitView = (w: number, h: number): View => ({ scale: Math.min(w, h) / 2, tx: w / 2, ty: h / 2 });

/** Canvas pixel of a data point. */
export const toScreen = (v: View, x: number, y: number): [number, number] => [x * v.scale + v.tx, -y * v.scale + v.ty];

/** Data point under a canvas pixel. */
export const toData = (v: View, px: number, py: number): [number, number] => [(px - v.tx) / v.scale, -(py - v.ty) / v.scale];

/** Zooms by `factor` keeping the data point under (px, py) in place. */
export function zoomAt(v: View, px: number, py: number, factor: number): View {
  const scale = Math.min(Math.max(v.scale * factor, 1), 1e6);
  const f = scale / v.scale;
  return { scale, tx: px - (px - v.tx) * f, ty: py - (py - v.ty) * f };
}

/** A uniform grid over the points for nearest-point queries. */
export class PointGrid {
  private readonly cells: Int32Array;
  private readonly start: Int32Array;
  private readonly x0: number;
  private readonly y0: number;
  private readonly cell: number;
  private readonly side: number;

  constructor(readonly x: Float32Array, readonly y: Float32Array) {
    const n = x.length;
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (let i = 0; i < n; i++) {
      x0 = Math.min(x0, x[i]!); x1 = Math.max(x1, x[i]!);
      y0 = Math.min(y0, y[i]!); y1 = Math.max(y1, y[i]!);
    }
    // About two points per cell on average.
    this.side = Math.max(1, Math.ceil(Math.sqrt(n / 2)));
    this.x0 = n ? x0 : 0;
    this.y0 = n ? y0 : 0;
    this.cell = (Math.max(x1 - x0, y1 - y0) || 1) / this.side;
    const count = new Int32Array(this.side * this.side + 1);
    const key = new Int32Array(n);
    for (let i = 0; i < n; i++) count[(key[i] = this.key(x[i]!, y[i]!)) + 1]!++;
    for (let c = 1; c < count.length; c++) count[c]! += count[c - 1]!;
    this.start = count.slice();
    this.cells = new Int32Array(n);
    const fill = count.slice();
    for (let i = 0; i < n; i++) this.cells[fill[key[i]!]!++] = i;
  }

  private clampCell = (v: number) => Math.min(this.side - 1, Math.max(0, Math.floor(v)));
  private key(x: number, y: number): number {
    return this.clampCell((y - this.y0) / this.cell) * this.side + this.clampCell((x - this.x0) / this.cell);
  }

  /** Index of the point nearest (x, y) within `radius` (data units), or -1. */
  nearest(x: number, y: number, radius: number): number {
    const cx0 = this.clampCell((x - radius - this.x0) / this.cell), cx1 = this.clampCell((x + radius - this.x0) / this.cell);
    const cy0 = this.clampCell((y - radius - this.y0) / this.cell), cy1 = this.clampCell((y + radius - this.y0) / this.cell);
    let best = -1;
    let bestD = radius * radius;
    for (let cy = cy0; cy <= cy1; cy++) {
      for (let cx = cx0; cx <= cx1; cx++) {
        const c = cy * this.side + cx;
        for (let t = this.start[c]!; t < this.start[c + 1]!; t++) {
          const i = this.cells[t]!;
          const d = (this.x[i]! - x) ** 2 + (this.y[i]! - y) ** 2;
          if (d <= bestD) { bestD = d; best = i; }
        }
      }
    }
    return best;
  }
}

/** Indices of the points whose screen position lies inside a polygon (even-odd rule), ascending. */
export function pointsInPolygon(x: Float32Array, y: Float32Array, v: View, polygon: [number, number][]): number[] {
  if (polygon.length < 3) return [];
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (const [px, py] of polygon) {
    minX = Math.min(minX, px); maxX = Math.max(maxX, px); minY = Math.min(minY, py); maxY = Math.max(maxY, py);
  }
  const out: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const [sx, sy] = toScreen(v, x[i]!, y[i]!);
    if (sx < minX || sx > maxX || sy < minY || sy > maxY) continue;
    let inside = false;
    for (let a = 0, b = polygon.length - 1; a < polygon.length; b = a++) {
      const [ax, ay] = polygon[a]!;
      const [bx, by] = polygon[b]!;
      if (ay > sy !== by > sy && sx < ((bx - ax) * (sy - ay)) / (by - ay) + ax) inside = !inside;
    }
    if (inside) out.push(i);
  }
  return out;
}
