// Digital Butterworth filters as second-order sections (SOS), designed the classic way:
// analog prototype poles → frequency transform (low/high/band-pass) → pre-warped bilinear
// transform. The transfer function equals scipy.signal.butter(..., output='sos'); the gain
// is spread over the sections (each has unit gain at the reference frequency) rather than
// put in the first one, which keeps intermediate values well scaled.

/** Which frequencies a filter keeps. */
export type FilterKind = 'lowpass' | 'highpass' | 'bandpass';

/** A designed filter: apply it many times with sosfilt / sosfiltfilt / ZeroPhaseFilter. */
export interface SosFilter {
  readonly kind: FilterKind;
  readonly order: number;
  /** Corner frequencies in Hz (one, or [low, high] for a band-pass). */
  readonly corners: readonly number[];
  readonly samplingRate: number;
  /** Six coefficients per section: b0 b1 b2 a0(=1) a1 a2. */
  readonly sections: Float64Array;
  readonly sectionCount: number;
  /** Effective number of taps (as scipy counts it) — sets the edge padding of sosfiltfilt. */
  readonly ntaps: number;
}

type C = [number, number];
const cmul = (a: C, b: C): C => [a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]];
const cdiv = (a: C, b: C): C => {
  const d = b[0] * b[0] + b[1] * b[1];
  return [(a[0] * b[0] + a[1] * b[1]) / d, (a[1] * b[0] - a[0] * b[1]) / d];
};
const csqrt = (a: C): C => {
  const r = Math.hypot(a[0], a[1]);
  const re = Math.sqrt((r + a[0]) / 2);
  const im = Math.sqrt(Math.max(0, (r - a[0]) / 2));
  return [re, a[1] < 0 ? -im : im];
};
// Bilinear transform with the normalised sampling rate 2 (frequencies are fractions of Nyquist).
const bilinear = (s: C): C => cdiv([4 + s[0], s[1]], [4 - s[0], -s[1]]);

const MAX_ORDER = 16;

function checkInputs(kind: FilterKind, order: number, corners: readonly number[], fs: number): void {
  if (!Number.isInteger(order) || order < 1 || order > MAX_ORDER) {
    throw new Error(`Butterworth order must be an integer from 1 to ${MAX_ORDER}, got ${order}`);
  }
  if (!(fs > 0) || !Number.isFinite(fs)) throw new Error(`sampling rate must be a positive number, got ${fs}`);
  const nyq = fs / 2;
  for (const f of corners) {
    if (!(f > 0) || !Number.isFinite(f)) throw new Error(`${kind} corner frequency must be positive, got ${f} Hz`);
    if (f >= nyq) {
      throw new Error(`${kind} corner ${f} Hz is at or above the Nyquist frequency ${nyq} Hz (sampling rate ${fs} Hz)`);
    }
  }
  if (kind === 'bandpass' && !(corners[0] < corners[1])) {
    throw new Error(`band-pass needs low < high, got ${corners[0]}–${corners[1]} Hz`);
  }
}

/** Designs a Butterworth filter; corners in Hz (two for a band-pass). Throws on corners ≥ Nyquist. */
export function designButterworth(kind: FilterKind, order: number, corners: readonly number[], fs: number): SosFilter {
  checkInputs(kind, order, corners, fs);
  const warp = (f: number) => 4 * Math.tan((Math.PI * (f / (fs / 2))) / 2);
  // Analog prototype poles in the upper half plane plus the real pole of odd orders.
  const upper: C[] = [];
  for (let k = 0; k < Math.floor(order / 2); k++) {
    const ang = (Math.PI * (2 * k + 1)) / (2 * order);
    upper.push([-Math.sin(ang), Math.cos(ang)]);
  }
  const hasReal = order % 2 === 1;

  // Each section: [poles (z-plane), zero type]; zero type 'lp' = (z+1)², 'hp' = (z-1)², 'bp' = z²-1.
  const secs: { poles: C[]; zeros: 'lp' | 'hp' | 'bp' }[] = [];
  let refOmega: number;
  if (kind === 'bandpass') {
    const w1 = warp(corners[0]);
    const w2 = warp(corners[1]);
    const bw = w2 - w1;
    const wo2 = w1 * w2;
    const split = (p: C): [C, C] => {
      const h: C = [(p[0] * bw) / 2, (p[1] * bw) / 2];
      const d = csqrt([h[0] * h[0] - h[1] * h[1] - wo2, 2 * h[0] * h[1]]);
      return [
        [h[0] + d[0], h[1] + d[1]],
        [h[0] - d[0], h[1] - d[1]],
      ];
    };
    for (const p of upper) {
      for (const s of split(p)) {
        const z = bilinear(s);
        secs.push({ poles: [z, [z[0], -z[1]]], zeros: 'bp' });
      }
    }
    if (hasReal) {
      const [s1, s2] = split([-1, 0]);
      secs.push({ poles: [bilinear(s1), bilinear(s2)], zeros: 'bp' });
    }
    refOmega = 2 * Math.atan(Math.sqrt(wo2) / 4);
  } else {
    const wc = warp(corners[0]);
    const zeros = kind === 'lowpass' ? 'lp' : 'hp';
    const analog = (p: C): C => (kind === 'lowpass' ? [p[0] * wc, p[1] * wc] : cdiv([wc, 0], p));
    for (const p of upper) {
      const z = bilinear(analog(p));
      secs.push({ poles: [z, [z[0], -z[1]]], zeros });
    }
    if (hasReal) secs.push({ poles: [bilinear(analog([-1, 0]))], zeros });
    refOmega = kind === 'lowpass' ? 0 : Math.PI;
  }
  // Poles nearest the unit circle last, as scipy orders them (best numerical behaviour).
  secs.sort((a, b) => Math.hypot(...a.poles[0]) - Math.hypot(...b.poles[0]));

  const count = secs.length;
  const sos = new Float64Array(6 * count);
  let firstOrder = 0;
  for (let i = 0; i < count; i++) {
    const { poles, zeros } = secs[i];
    let b: number[];
    let a: number[];
    if (poles.length === 1) {
      firstOrder++;
      a = [1, -poles[0][0], 0];
      b = zeros === 'lp' ? [1, 1, 0] : [1, -1, 0];
    } else {
      const [p, q] = poles;
      a = [1, -(p[0] + q[0]), cmul(p, q)[0]];
      b = zeros === 'lp' ? [1, 2, 1] : zeros === 'hp' ? [1, -2, 1] : [1, 0, -1];
    }
    const g = 1 / Math.hypot(...sectionResponse(b, a, refOmega));
    sos.set([b[0] * g, b[1] * g, b[2] * g, 1, a[1], a[2]], 6 * i);
  }
  const filter: SosFilter = {
    kind,
    order,
    corners: [...corners],
    samplingRate: fs,
    sections: sos,
    sectionCount: count,
    ntaps: 2 * count + 1 - firstOrder,
  };
  // Unit magnitude per section leaves the overall sign free; Butterworth gain is +1 at the reference.
  if (sosResponseAt(filter, refOmega)[0] < 0) for (let j = 0; j < 3; j++) sos[j] = -sos[j];
  return filter;
}

/** Band-pass Butterworth of the given order (scipy butter(order, [lo, hi], 'bandpass', fs=fs)). */
export const designBandpass = (order: number, lo: number, hi: number, fs: number): SosFilter =>
  designButterworth('bandpass', order, [lo, hi], fs);

/** Low-pass Butterworth (scipy butter(order, fc, 'lowpass', fs=fs)). */
export const designLowpass = (order: number, fc: number, fs: number): SosFilter => designButterworth('lowpass', order, [fc], fs);

/** High-pass Butterworth (scipy butter(order, fc, 'highpass', fs=fs)). */
export const designHighpass = (order: number, fc: number, fs: number): SosFilter => designButterworth('highpass', order, [fc], fs);

function sectionResponse(b: ArrayLike<number>, a: ArrayLike<number>, omega: number): C {
  const c1 = Math.cos(omega);
  const s1 = -Math.sin(omega);
  const c2 = Math.cos(2 * omega);
  const s2 = -Math.sin(2 * omega);
  const num: C = [b[0] + b[1] * c1 + b[2] * c2, b[1] * s1 + b[2] * s2];
  const den: C = [a[0] + a[1] * c1 + a[2] * c2, a[1] * s1 + a[2] * s2];
  return cdiv(num, den);
}

function sosResponseAt(f: SosFilter, omega: number): C {
  let h: C = [1, 0];
  for (let i = 0; i < f.sectionCount; i++) {
    const o = 6 * i;
    h = cmul(h, sectionResponse(f.sections.subarray(o, o + 3), f.sections.subarray(o + 3, o + 6), omega));
  }
  return h;
}

/** Complex response [re, im] of the (one-pass) filter at frequency f in Hz. */
export function sosResponse(filter: SosFilter, f: number): [number, number] {
  return sosResponseAt(filter, (2 * Math.PI * f) / filter.samplingRate);
}

/** |H(f)|² at each frequency: the gain of the zero-phase (forward-backward) filter. */
export function zeroPhaseGain(filter: SosFilter, freqs: ArrayLike<number>, out = new Float64Array(freqs.length)): Float64Array {
  for (let i = 0; i < freqs.length; i++) {
    const [re, im] = sosResponse(filter, freqs[i]);
    out[i] = re * re + im * im;
  }
  return out;
}
