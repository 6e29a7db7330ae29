// The shared trace renderer's arithmetic: columns span their samples' extremes and meet
// their neighbours, the renderer chooses a line below one sample per pixel and an envelope
// above, and the spectrogram's axes and ranges follow the data.
import { describe, expect, it } from 'vitest';
import { drawTrace, fmtAmplitude, sampleColumns } from '../../renderer/traces/traceDraw.js';
import { frequencyRange, linearTicks, logTicks } from '../../renderer/traces/spectrogramView.js';

/** A 2-D context that records what was called (enough for drawTrace). */
function recorder() {
  const calls: string[] = [];
  const points: [number, number][] = [];
  const ctx = {
    fillStyle: '', strokeStyle: '', lineWidth: 1, lineJoin: 'miter',
    beginPath: () => calls.push('beginPath'),
    moveTo: (x: number, y: number) => points.push([x, y]),
    lineTo: (x: number, y: number) => points.push([x, y]),
    closePath: () => calls.push('closePath'),
    fill: () => calls.push('fill'),
    stroke: () => calls.push('stroke'),
  };
  return { ctx: ctx as unknown as CanvasRenderingContext2D, calls, points };
}

describe('sampleColumns', () => {
  it('gives each column the extremes of its samples and of the sample before it', () => {
    const x = [0, 5, -3, 2, 8, -8, 1, 1];
    const min = new Float32Array(4);
    const max = new Float32Array(4);
    sampleColumns(x, 0, 8, 4, min, max);
    expect(Array.from(max)).toEqual([5, 5, 8, 1]);
    expect(Array.from(min)).toEqual([0, -3, -8, -8]);
  });
  it('marks columns beyond the data as empty', () => {
    const min = new Float32Array(4);
    const max = new Float32Array(4);
    sampleColumns([1, 2], 0, 8, 4, min, max);
    expect(Number.isNaN(min[3]!)).toBe(true);
    expect(max[0]).toBe(2);
  });
});

describe('drawTrace', () => {
  it('draws a line through every sample when they are fewer than the pixels', () => {
    const r = recorder();
    drawTrace(r.ctx, [0, 1, 0, -1], { x: 0, y: 0, w: 100, h: 20 }, { centre: 0, half: 1 });
    expect(r.calls).toContain('stroke');
    expect(r.calls).not.toContain('fill');
    expect(r.points.map(([, y]) => +y.toFixed(2))).toEqual([10, 0.5, 10, 19.5]);
    expect(r.points.map(([x]) => x)).toEqual([12.5, 37.5, 62.5, 87.5]);
  });
  it('fills one connected min/max envelope when samples outnumber the pixels', () => {
    const r = recorder();
    const x = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i / 7));
    drawTrace(r.ctx, x, { x: 0, y: 0, w: 50, h: 40 }, { centre: 0, half: 1 });
    expect(r.calls.filter((c) => c === 'fill')).toHaveLength(1);
    expect(r.calls.filter((c) => c === 'closePath')).toHaveLength(1);
    // Along the top edge and back along the bottom: four points a column.
    expect(r.points).toHaveLength(1 + 4 * 50);
    expect(Math.min(...r.points.map(([, y]) => y))).toBeCloseTo(1, 0);
  });
  it('clips a fixed scale at the edges instead of spilling over', () => {
    const r = recorder();
    drawTrace(r.ctx, [0, 100, -100], { x: 0, y: 10, w: 30, h: 20 }, { centre: 0, half: 1 });
    expect(r.points.map(([, y]) => y)).toEqual([20, 10, 30]);
  });
});

describe('axes', () => {
  it('writes amplitudes in few characters', () => {
    expect(fmtAmplitude(1234)).toBe('1.23e3');
    expect(fmtAmplitude(12.5)).toBe('12.5');
    expect(fmtAmplitude(0.00042)).toBe('4.2e-4');
    expect(fmtAmplitude(0)).toBe('0');
  });
  it('spans the spectrogram to Nyquist, or to 1.5× a high corner below it', () => {
    expect(frequencyRange(100, null)).toBe(50);
    expect(frequencyRange(100, 10)).toBe(15);
    expect(frequencyRange(20, 8)).toBe(10);
  });
  it('ticks frequencies on round values, linear and logarithmic', () => {
    expect(linearTicks(50, 5)).toEqual([0, 10, 20, 30, 40, 50]);
    expect(linearTicks(15, 4)).toEqual([0, 5, 10, 15]);
    expect(logTicks(0.78, 50)).toEqual([1, 2, 5, 10, 20, 50]);
  });
});
