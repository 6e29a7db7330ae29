// The map's pure parts: colours and legend counts, view and hit testing, lasso, exports,
// and the neighbour overlap used to compare maps from different seeds.
import { describe, expect, it } from 'vitest';
import { neighbourOverlap } from '../../core/common/embed/quality.js';
import { mulberry32 } from '../../core/common/embed/random.js';
import type { ClassInfo, WindowSummary } from '../../core/common/model.js';
import { byLabel, byUncertainty, colourOf, viridis } from '../../renderer/map/mapColours.js';
import { mapCsv, mapSvg } from '../../renderer/map/mapExport.js';
import { PointGrid, pointsInPolygon, toData, toScreen, zoomAt } from '../../renderer/map/mapGeometry.js';

const cls = (id: number, name: string, colour: string): ClassInfo => ({ id, name, colour, hotkey: null, description: '', position: id, exampleWindowIds: [] });
const win = (id: number, label: WindowSummary['label']): WindowSummary => ({
  id, sourceId: null, origin: 'demo', network: 'XX', station: 'A', location: '', channels: ['HHZ'], startTime: null, samplingRate: 100, nSamples: 10, groupKey: '', picks: [], meta: {}, label,
});
const lab = (kind: 'class' | 'unsure' | 'skip', classId: number | null) => ({ kind, classId, annotatorId: 1, eventId: 1, listened: false });

describe('map colours', () => {
  it('gives each label its class colour and counts the legend from the same values', () => {
    const classes = [cls(7, 'earthquake', '#0072B2'), cls(9, 'noise', '#009E73')];
    const c = byLabel([win(1, lab('class', 9)), win(2, lab('class', 7)), win(3, null), win(4, lab('unsure', null)), win(5, lab('class', 9))], classes);
    expect(Array.from(c.values)).toEqual([1, 0, 4, 2, 1]);
    expect(c.legend.map((e) => [e.name, e.count])).toEqual([['earthquake', 1], ['noise', 2], ['unsure', 1], ['skip', 0], ['not labeled', 1]]);
    expect(colourOf(c, 0)).toBe('#009E73');
  });
  it('maps entropy to [0, 1]: a sure prediction 0, a tie 1', () => {
    const c = byUncertainty([[1, 0], [0.5, 0.5], null]);
    expect(Array.from(c.values)).toEqual([0, 1, 0]);
    expect(colourOf(c, 1)).toBe(viridis()[63]);
    expect(c.legend[0]!.count).toBe(1);
  });
});

describe('map geometry', () => {
  const random = mulberry32(3);
  const n = 2000;
  const x = Float32Array.from({ length: n }, () => random() * 2 - 1);
  const y = Float32Array.from({ length: n }, () => random() * 2 - 1);
  it('zooms around the pointer and finds the nearest point like a full scan', () => {
    const v = zoomAt({ scale: 100, tx: 200, ty: 150 }, 80, 60, 2.5);
    expect(toData(v, 80, 60)[0]).toBeCloseTo(toData({ scale: 100, tx: 200, ty: 150 }, 80, 60)[0], 9);
    const grid = new PointGrid(x, y);
    for (let q = 0; q < 50; q++) {
      const qx = random() * 2 - 1, qy = random() * 2 - 1;
      let best = -1, bestD = 0.05 ** 2;
      for (let i = 0; i < n; i++) { const d = (x[i]! - qx) ** 2 + (y[i]! - qy) ** 2; if (d <= bestD) { bestD = d; best = i; } }
      expect(grid.nearest(qx, qy, 0.05)).toBe(best);
    }
  });
  it('selects exactly the points inside a lasso (a triangle here)', () => {
    const v = { scale: 100, tx: 100, ty: 100 };
    const tri: [number, number][] = [[0, 0], [200, 0], [0, 200]];
    const got = pointsInPolygon(x, y, v, tri);
    const want = Array.from(x.keys()).filter((i) => { const [sx, sy] = toScreen(v, x[i]!, y[i]!); return sx >= 0 && sy >= 0 && sx + sy < 200; });
    expect(got).toEqual(want);
    expect(got.length).toBeGreaterThan(n / 4);
  });
});

describe('map exports and comparison', () => {
  const random = mulberry32(9);
  it('writes one CSV row per window, quoting where needed, and one SVG circle per point', () => {
    const csv = mapCsv([{ windowId: 3, x: 0.5, y: -1, station: 'XX.A', label: 'a, "b"', cluster: 0, colourValue: 'noise' }], 'colour_label');
    expect(csv).toBe('window_id,x,y,station,label,cluster,colour_label\n3,0.5,-1,XX.A,"a, ""b""",1,noise\n');
    const svg = mapSvg(Float32Array.of(0, 0, 1, 1, 2, 0), byLabel([undefined, undefined, undefined], []));
    expect(svg.match(/<circle /g)).toHaveLength(3);
  });
  it('neighbour overlap is 1 for the same map, about k/n for unrelated maps', () => {
    const a = Float32Array.from({ length: 2 * 1000 }, () => random());
    const b = Float32Array.from({ length: 2 * 1000 }, () => random());
    expect(neighbourOverlap(a, Float32Array.from(a, (v) => v * 3 + 1), 1000, 10)).toBe(1);
    expect(neighbourOverlap(a, b, 1000, 10)).toBeLessThan(0.05);
  });
});
