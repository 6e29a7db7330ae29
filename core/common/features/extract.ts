// Per-window feature extraction. One forward real FFT per channel gives both the spectrum
// and, after weighting by the zero-phase band-pass gain |H(f)|² and dropping negative
// frequencies, the band-passed analytic signal (one inverse FFT): its real part is the
// filtered trace and its modulus the envelope. A one-sided spectrum fits in half the
// sampling rate, so the inverse FFT has half the length and yields every second sample
// exactly (the band-pass gain is 0 at Nyquist): filtered-trace features run at fs/2.
// Everything else is O(n) on those buffers.
//
// Aggregation over channels (documented choices):
// * amplitudes and energies: mean over active channels (so a vertical-only station is
//   comparable with a 3-component one); the peak is the largest over channels;
// * envelope: root-mean-square of the channel envelopes (a 3-C amplitude);
// * spectrum: sum of the channel power spectra; STA/LTA: max over channels;
// * kurtosis and zero-crossing rates: mean over channels;
// * H/V: vertical = code ending in Z, horizontals = N/E/1/2; without both, H/V is 0 (ratio 1);
// * polarisation: covariance of the filtered Z and up to two horizontals (any three
//   active channels when codes are unknown); incidence needs a known vertical, else 45°.
// A channel that is all zero (or constant) is absent. A window with no data gets zeros
// everywhere (component_count = 0 marks it). Non-finite samples count as 0.

import { designBandpass, zeroPhaseGain } from '../dsp/butterworth.js';
import { FftPlan, nextPow2, RealFftPlan } from '../dsp/fft.js';
import { tukeyWindow } from '../dsp/preprocess.js';
import { classicStaLta } from '../dsp/stalta.js';
import { FEATURE_INDEX as F, FEATURES } from './definitions.js';
import { cumulativeEnergy, meanEnergy, strongestOnset, type Onset } from './onset.js';
import { polarisation, selectKth, shapeMoments } from './stats.js';

/** What computeFeatures needs from a window: equal-length channels, their codes and rate. */
export interface FeatureWindow {
  channels: Float32Array[];
  /** SEED channel codes (e.g. "EHZ"); empty string when unknown or absent. */
  channelCodes: string[];
  samplingRate: number;
}

/** Component of a channel from the last letter of its code. */
export function componentOf(code: string | undefined): 'vertical' | 'horizontal' | 'unknown' {
  const c = (code ?? '').trim().slice(-1).toUpperCase();
  if (c === 'Z') return 'vertical';
  if (c === 'N' || c === 'E' || c === '1' || c === '2') return 'horizontal';
  return 'unknown';
}

/** The event band used for envelope, STA/LTA and H/V at sampling rate fs: 2–20 Hz at 100 Hz, 2–8 Hz at 20 Hz. */
export function eventBand(fs: number): [number, number] {
  const hi = Math.min(20, 0.8 * (fs / 2));
  return [Math.min(2, hi / 4), hi];
}

const NOISE_PERCENTILE = 0.2;
const NOISE_FACTOR = 4;
/** Window on each side of a candidate onset (s): short enough to resolve an S a second after P. */
const ONSET_STEP_S = 0.3;
const TAPER_ALPHA = 0.1;
/** Segments of the temporal profile (eighths: half a second each in a 4 s window). */
const SEGMENTS = 8;
/** A segment counts as loud with at least this share of the loudest segment's energy. */
const LOUD_SHARE = 0.1;
const BANDS: [number, number, number][] = [
  [F.band_share_0_1_1hz, 0.1, 1],
  [F.band_share_1_5hz, 1, 5],
  [F.band_share_5_10hz, 5, 10],
  [F.band_share_10_20hz, 10, 20],
  [F.band_share_above_20hz, 20, Infinity],
];

interface Plan {
  n: number;
  fs: number;
  /** Length and rate of the half-rate filtered trace and envelope. */
  nh: number;
  rateH: number;
  nfft: number;
  bins: number;
  rfft: RealFftPlan;
  ifft: FftPlan;
  taper: Float64Array;
  gain: Float64Array;
  freqs: Float64Array;
  nsta: number;
  nlta: number;
}

function makePlan(n: number, fs: number): Plan {
  // A quarter of padding keeps the circular filter's wrap-around in the zeros.
  const nfft = nextPow2(Math.ceil(1.25 * n));
  const bins = nfft / 2 + 1;
  const freqs = new Float64Array(bins);
  for (let k = 0; k < bins; k++) freqs[k] = (k * fs) / nfft;
  const [lo, hi] = eventBand(fs);
  const gain = zeroPhaseGain(designBandpass(4, lo, hi, fs), freqs);
  const nh = Math.ceil(n / 2);
  const rateH = fs / 2;
  const nsta = Math.max(1, Math.round(0.5 * rateH));
  const nlta = Math.max(nsta + 1, Math.round(Math.min(5 * rateH, nh / 2)));
  const ifft = new FftPlan(nfft / 2);
  return { n, fs, nh, rateH, nfft, bins, rfft: new RealFftPlan(nfft), ifft, taper: tukeyWindow(n, TAPER_ALPHA), gain, freqs, nsta, nlta };
}

/** Sample indices (at the half rate) of the envelope peak and of the onsets features refer to. */
interface Arrivals {
  ipk: number;
  /** Sharpest energy step of the whole window. */
  onset: number;
  /** The earlier and later of the two sharpest steps at least 0.5 s apart. */
  early: number;
  late: number;
  /** Sharpest energy step in the middle half of the window. */
  centre: number;
}

const log10Ratio = (a: number, b: number): number => {
  const tiny = 1e-12 * (a + b) + 1e-300;
  return Math.log10((a + tiny) / (b + tiny));
};
const safeLog10 = (v: number): number => Math.log10(Math.max(v, 1e-30));

/** Reusable extractor: caches FFT plans per (length, rate) and all scratch buffers. */
export class FeatureExtractor {
  private readonly plans = new Map<string, Plan>();
  private size = 0;
  private tbuf = new Float64Array(0);
  private re = new Float64Array(0);
  private im = new Float64Array(0);
  private cre = new Float64Array(0);
  private cim = new Float64Array(0);
  private spec = new Float64Array(0);
  private env = new Float64Array(0);
  private sel = new Float64Array(0);
  private cf = new Float64Array(0);
  private cum = new Float64Array(0);
  private bp: Float64Array[] = [];
  /** Mean 3-C envelope energy per segment of the current window (temporal profile). */
  private readonly segEnergy = new Float64Array(SEGMENTS);
  private envSq: Float64Array[] = [];

  private plan(n: number, fs: number): Plan {
    const key = `${n}@${fs}`;
    let p = this.plans.get(key);
    if (!p) {
      if (this.plans.size >= 16) this.plans.delete(this.plans.keys().next().value as string);
      p = makePlan(n, fs);
      this.plans.set(key, p);
    }
    // Grow only, so alternating window lengths do not reallocate on every call.
    if (this.size < p.nfft) {
      this.size = p.nfft;
      this.tbuf = new Float64Array(p.nfft);
      this.re = new Float64Array(p.bins);
      this.im = new Float64Array(p.bins);
      this.cre = new Float64Array(p.nfft);
      this.cim = new Float64Array(p.nfft);
      this.spec = new Float64Array(p.bins);
      this.env = new Float64Array(p.nfft);
      this.sel = new Float64Array(p.nfft);
      this.cf = new Float64Array(p.nfft);
      this.cum = new Float64Array(p.nfft + 1);
      this.bp = [];
      this.envSq = [];
    }
    return p;
  }

  private slot(j: number): void {
    while (this.bp.length <= j) {
      this.bp.push(new Float64Array(this.size));
      this.envSq.push(new Float64Array(this.size));
    }
  }

  /** Feature vector of one window (length FEATURES.length, always finite); writes into out when given. */
  compute(win: FeatureWindow, out: Float64Array = new Float64Array(FEATURES.length)): Float64Array {
    const fs = win.samplingRate;
    if (!(fs > 0) || !Number.isFinite(fs)) throw new Error(`sampling rate must be a positive number, got ${fs}`);
    if (out.length < FEATURES.length) throw new Error(`output needs ${FEATURES.length} values, got ${out.length}`);
    out.fill(0, 0, FEATURES.length);
    let n = Infinity;
    for (const ch of win.channels) n = Math.min(n, ch.length);
    if (!(n >= 4)) return out;

    // Active channels: not constant (zero-filled channels are absent per the data format).
    const active: number[] = [];
    const means: number[] = [];
    for (let c = 0; c < win.channels.length; c++) {
      const x = win.channels[c];
      let s = 0;
      let first = NaN;
      let varies = false;
      for (let i = 0; i < n; i++) {
        const v = Number.isFinite(x[i]) ? x[i] : 0;
        s += v;
        if (i === 0) first = v;
        else if (v !== first) varies = true;
      }
      if (varies) {
        active.push(c);
        means.push(s / n);
      }
    }
    const na = active.length;
    if (na === 0) return out;

    const p = this.plan(n, fs);
    const { nfft, bins, gain, nh } = p;
    const dt = 1 / fs;
    const T = n * dt;
    const { tbuf, re, im, cre, cim, spec } = this;
    spec.fill(0);
    let peak = 0;
    let sumSq = 0;
    let bandSumSq = 0;
    let zcr = 0;
    let zcrBand = 0;
    let kurt = 0;
    let staLtaMax = 0;
    const chanBandEnergy: number[] = [];

    for (let j = 0; j < na; j++) {
      this.slot(j);
      const x = win.channels[active[j]];
      const m = means[j];
      let prevPos = false;
      let crossings = 0;
      for (let i = 0; i < n; i++) {
        const v = (Number.isFinite(x[i]) ? x[i] : 0) - m;
        const a = Math.abs(v);
        if (a > peak) peak = a;
        sumSq += v * v;
        const pos = v >= 0;
        if (i > 0 && pos !== prevPos) crossings++;
        prevPos = pos;
        tbuf[i] = v * p.taper[i];
      }
      zcr += crossings / T;
      p.rfft.forward(tbuf.subarray(0, n), re, im);
      const half = nfft / 2;
      for (let k = 0; k < bins; k++) spec[k] += re[k] * re[k] + im[k] * im[k];
      // Analytic spectrum: DC once, positive frequencies twice; the half-length inverse
      // transform is scaled by 2/nfft instead of 1/nfft, hence the factor 1/2.
      for (let k = 0; k < half; k++) {
        const g = gain[k] * (k === 0 ? 0.5 : 1);
        cre[k] = re[k] * g;
        cim[k] = im[k] * g;
      }
      p.ifft.transform(cre, cim, true);
      const bp = this.bp[j];
      const es = this.envSq[j];
      let e = 0;
      let bc = 0;
      let bpPos = false;
      for (let i = 0; i < nh; i++) {
        const r = cre[i];
        bp[i] = r;
        es[i] = r * r + cim[i] * cim[i];
        e += r * r;
        const pos = r >= 0;
        if (i > 0 && pos !== bpPos) bc++;
        bpPos = pos;
      }
      chanBandEnergy.push(e);
      bandSumSq += e;
      zcrBand += bc / T;
      kurt += shapeMoments(bp, nh).kurtosis;
      classicStaLta(bp.subarray(0, nh), p.nsta, p.nlta, this.cf);
      for (let i = 0; i < nh; i++) if (this.cf[i] > staLtaMax) staLtaMax = this.cf[i];
    }

    const rms = Math.sqrt(sumSq / (na * n));
    const bandRms = Math.sqrt(bandSumSq / (na * nh));
    out[F.log_peak_amplitude] = safeLog10(peak);
    out[F.log_rms_amplitude] = safeLog10(rms);
    out[F.log_energy] = safeLog10((sumSq / na) * dt);
    out[F.peak_to_rms] = rms > 0 ? peak / rms : 0;
    out[F.log_band_rms] = safeLog10(bandRms);
    out[F.event_band_share] = rms > 0 ? bandRms / rms : 0;
    out[F.signal_kurtosis] = kurt / na;
    out[F.sta_lta_max] = staLtaMax;
    out[F.zero_crossing_rate] = zcr / na;
    out[F.zero_crossing_rate_band] = zcrBand / na;

    const { ipk, onset, early, late, centre } = this.envelopeFeatures(nh, na, p.rateH, out);
    this.spectralFeatures(p, out);
    this.componentFeatures(win.channelCodes, active, nh, p.rateH, { ipk, onset, early, late, centre }, chanBandEnergy, out);
    out[F.component_count] = na;
    for (let f = 0; f < FEATURES.length; f++) if (!Number.isFinite(out[f])) out[f] = 0;
    return out;
  }

  // Envelope shape and timing on n samples at `rate` Hz; returns the envelope peak and the
  // onset of the arrival holding it (where the envelope last rose above the noise level).
  private envelopeFeatures(n: number, na: number, rate: number, out: Float64Array): Arrivals {
    const env = this.env;
    const sel = this.sel;
    let ipk = 0;
    let emax = 0;
    let eSum = 0;
    let tSum = 0;
    let firstHalf = 0;
    let secondHalf = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < na; j++) s += this.envSq[j][i];
      s /= na;
      const e = Math.sqrt(s);
      env[i] = e;
      sel[i] = e;
      if (e > emax) {
        emax = e;
        ipk = i;
      }
      eSum += s;
      tSum += s * i;
      if (i < n / 2) firstHalf += s;
      else secondHalf += s;
    }
    const noise = selectKth(sel, n, Math.floor(NOISE_PERCENTILE * (n - 1)));
    const median = selectKth(sel, n, Math.floor(0.5 * (n - 1)));
    // Floor at 1 % of the peak so a perfectly quiet background still gives a finite duration.
    const thr = Math.max(NOISE_FACTOR * noise, 0.01 * emax);
    let above = 0;
    for (let i = 0; i < n; i++) if (env[i] > thr) above++;
    let start = ipk;
    while (start > 0 && env[start - 1] > thr) start--;
    let end = ipk;
    while (end < n - 1 && env[end + 1] > thr) end++;
    let before = 0;
    for (let i = 0; i < ipk; i++) before += env[i] * env[i];
    const after = eSum - before;
    const { skewness, kurtosis } = shapeMoments(env, n);
    out[F.log_envelope_peak_to_median] = median > 0 ? Math.log10(emax / median) : 0;
    out[F.duration_above_noise] = above / rate;
    out[F.duration_fraction] = above / n;
    out[F.envelope_peak_time] = ipk / (n - 1);
    out[F.envelope_rise_time] = (ipk - start) / rate;
    out[F.envelope_decay_time] = (end - ipk) / rate;
    out[F.envelope_centroid_time] = eSum > 0 ? tSum / eSum / (n - 1) : 0.5;
    out[F.log_energy_after_before_peak] = log10Ratio(after, before);
    out[F.log_energy_second_first_half] = log10Ratio(secondHalf, firstHalf);
    out[F.envelope_skewness] = skewness;
    out[F.envelope_kurtosis] = kurtosis;
    // Main onset: the sharpest step up of the 3-C energy (see onset.ts). Features around it
    // compare the arrival with what came just before, which is what tells a P out of quiet
    // noise from an S out of the P coda, whatever the station's gain.
    // sel is free again (selectKth has scrambled it): reuse it for the energy.
    for (let i = 0; i < n; i++) sel[i] = env[i] * env[i];
    const cum = cumulativeEnergy(sel, n, this.cum);
    const step = Math.max(1, Math.round(ONSET_STEP_S * rate));
    const onset = strongestOnset(cum, n, step, step);
    // The strongest other step at least half a second away, then both in time order: a
    // window may hold P then S, and which of the two is the larger step varies.
    const gap = Math.max(1, Math.round(0.5 * rate));
    const other = strongestOnset(cum, n, step, step, [onset.index - gap, onset.index + gap]);
    const [early, late] = other.index < onset.index ? [other, onset] : [onset, other];
    out[F.first_onset_time] = early.index / rate;
    out[F.log_first_onset_jump] = early.logJump;
    out[F.later_onset_delay] = (late.index - early.index) / rate;
    out[F.log_later_onset_jump] = late.logJump;
    // The arrival in the middle half: where a window cut around a pick has the picked phase.
    const centre = strongestOnset(cum, n, step, step, undefined, [Math.floor(n / 4), Math.ceil((3 * n) / 4)]);
    const w = Math.max(1, Math.round(rate));
    const level = (a: Onset) => {
      const o = a.index;
      let peakAfter = 0;
      for (let i = o; i < Math.min(n, o + w); i++) peakAfter = Math.max(peakAfter, env[i]);
      return {
        time: o / rate,
        preToPeak: 0.5 * log10Ratio(meanEnergy(cum, Math.max(0, o - w), o), peakAfter * peakAfter),
        snr: 0.5 * log10Ratio(meanEnergy(cum, o, Math.min(n, o + w)), meanEnergy(cum, Math.max(0, o - w), o)),
      };
    };
    const m = level(onset);
    out[F.log_pre_onset_to_peak] = m.preToPeak;
    out[F.onset_time] = m.time;
    out[F.log_onset_jump] = onset.logJump;
    out[F.log_onset_snr] = m.snr;
    const c = level(centre);
    out[F.log_pre_centre_onset_to_peak] = c.preToPeak;
    out[F.centre_onset_time] = c.time;
    out[F.log_centre_onset_jump] = centre.logJump;
    out[F.log_centre_onset_snr] = c.snr;
    const o = centre.index;
    out[F.log_pre_centre_onset_amplitude] = 0.5 * safeLog10(meanEnergy(cum, Math.max(0, o - w), o));
    out[F.log_centre_onset_amplitude] = 0.5 * safeLog10(meanEnergy(cum, o, Math.min(n, o + w)));

    // Temporal profile: mean energy per segment, located relative to the loudest one.
    const seg = this.segEnergy;
    let loud = 0;
    let quiet = 0;
    for (let s = 0; s < SEGMENTS; s++) {
      seg[s] = meanEnergy(cum, Math.floor((s * n) / SEGMENTS), Math.floor(((s + 1) * n) / SEGMENTS));
      if (seg[s] > seg[loud]) loud = s;
      if (seg[s] < seg[quiet]) quiet = s;
    }
    let firstLoud = 0;
    while (firstLoud < loud && seg[firstLoud] < LOUD_SHARE * seg[loud]) firstLoud++;
    out[F.loudest_segment_time] = loud / (SEGMENTS - 1);
    out[F.quietest_segment_time] = quiet / (SEGMENTS - 1);
    out[F.first_loud_segment_time] = firstLoud / (SEGMENTS - 1);
    out[F.log_segment_range] = 0.5 * log10Ratio(seg[quiet], seg[loud]);
    out[F.log_quiet_segment_amplitude] = 0.5 * safeLog10(seg[quiet]);
    return { ipk, onset: onset.index, early: early.index, late: late.index, centre: centre.index };
  }

  private spectralFeatures(p: Plan, out: Float64Array): void {
    const spec = this.spec;
    const { freqs, gain, bins } = p;
    let total = 0;
    let fSum = 0;
    let kMax = 1;
    let bandP = 0;
    let bandF = 0;
    for (let k = 1; k < bins; k++) {
      const v = spec[k];
      total += v;
      fSum += v * freqs[k];
      if (v > spec[kMax]) kMax = k;
      bandP += v * gain[k];
      bandF += v * gain[k] * freqs[k];
    }
    if (!(total > 0)) return;
    const centroid = fSum / total;
    let var2 = 0;
    let cum = 0;
    let rolloff = freqs[bins - 1];
    let logSum = 0;
    const eps = (total / bins) * 1e-12;
    const shares = new Array<number>(BANDS.length).fill(0);
    // A band starting at or above Nyquist gets nothing (not even the Nyquist bin itself).
    const nyq = p.fs / 2;
    for (let k = 1; k < bins; k++) {
      const v = spec[k];
      const f = freqs[k];
      var2 += v * (f - centroid) ** 2;
      if (cum < 0.85 * total && cum + v >= 0.85 * total) rolloff = f;
      cum += v;
      logSum += Math.log(v + eps);
      for (let b = 0; b < BANDS.length; b++) if (f >= BANDS[b][1] && f < BANDS[b][2] && BANDS[b][1] < nyq) shares[b] += v;
    }
    const m = bins - 1;
    out[F.dominant_frequency] = freqs[kMax];
    out[F.spectral_centroid] = centroid;
    out[F.spectral_bandwidth] = Math.sqrt(var2 / total);
    out[F.spectral_rolloff] = rolloff;
    out[F.spectral_flatness] = Math.min(1, Math.exp(logSum / m) / (total / m + eps));
    out[F.band_spectral_centroid] = bandP > 0 ? bandF / bandP : 0;
    for (let b = 0; b < BANDS.length; b++) out[BANDS[b][0]] = shares[b] / total;
  }

  // H/V, polarisation and frequency at the peak, on the filtered traces (n samples at `rate` Hz).
  private componentFeatures(codes: string[], active: number[], n: number, rate: number, arr: Arrivals, energy: number[], out: Float64Array): void {
    const { ipk, onset, early, late, centre } = arr;
    const vert: number[] = [];
    const horiz: number[] = [];
    active.forEach((c, j) => {
      const kind = componentOf(codes[c]);
      if (kind === 'vertical') vert.push(j);
      else if (kind === 'horizontal') horiz.push(j);
    });
    const half = Math.floor(n / 2);
    const w = Math.round(0.5 * rate);
    const s0 = Math.max(0, ipk - w);
    const s1 = Math.min(n, ipk + w + 1);
    // Around the main onset: one second before and after for H/V and frequency (enough
    // cycles at 2 Hz), half a second after for polarisation (the first motion, before
    // scattering and the next phase mix in).
    const sec = Math.max(1, Math.round(rate));
    const z = vert.length > 0 ? vert[0] : -1;
    const segEnergy = (j: number, a: number, b: number) => {
      const bp = this.bp[j];
      let e = 0;
      for (let i = a; i < b; i++) e += bp[i] * bp[i];
      return e;
    };
    // Unknown (no vertical or no horizontal): the middle, like a uniform guess.
    out[F.most_horizontal_segment_time] = 0.5;
    if (z >= 0 && horiz.length > 0) {
      const hv = (a: number, b: number, full?: boolean) => {
        let eh = 0;
        for (const h of horiz) eh += full ? energy[h] : segEnergy(h, a, b);
        eh /= horiz.length;
        return 0.5 * log10Ratio(eh, full ? energy[z] : segEnergy(z, a, b));
      };
      out[F.log_hv_ratio] = hv(0, n, true);
      out[F.log_hv_ratio_first_half] = hv(0, half);
      out[F.log_hv_ratio_second_half] = hv(half, n);
      out[F.log_hv_ratio_at_peak] = hv(s0, s1);
      // H/V in the second after an onset, and its change from the second before.
      const around = (o: number, after: number, change: number) => {
        const a1 = Math.min(n, o + sec);
        out[after] = hv(o, a1);
        if (o > 0) out[change] = hv(o, a1) - hv(Math.max(0, o - sec), o);
      };
      around(onset, F.log_hv_ratio_after_onset, F.log_hv_change_at_onset);
      around(centre, F.log_hv_after_centre_onset, F.log_hv_change_at_centre_onset);
      // The most horizontal of the loud segments: S energy is mostly horizontal, P vertical.
      const seg = this.segEnergy;
      let loudest = 0;
      for (let s = 1; s < SEGMENTS; s++) if (seg[s] > seg[loudest]) loudest = s;
      let best = -Infinity;
      for (let s = 0; s < SEGMENTS; s++) {
        if (seg[s] < LOUD_SHARE * seg[loudest]) continue;
        const r = hv(Math.floor((s * n) / SEGMENTS), Math.floor(((s + 1) * n) / SEGMENTS));
        if (r > best) {
          best = r;
          out[F.most_horizontal_segment_time] = s / (SEGMENTS - 1);
        }
      }
      // The sharpest rise of horizontal energy alone: an S wave is a step up on the
      // horizontals even when the P before it gave the larger 3-component step.
      const eh = this.sel;
      for (let i = 0; i < n; i++) {
        let v = 0;
        for (const h of horiz) v += this.envSq[h][i];
        eh[i] = v / horiz.length;
      }
      const step = Math.max(1, Math.round(ONSET_STEP_S * rate));
      const ho = strongestOnset(cumulativeEnergy(eh, n, this.cum), n, step, step).index;
      out[F.h_onset_delay] = (ho - onset) / rate;
      out[F.log_hv_after_h_onset] = hv(ho, Math.min(n, ho + sec));
      if (ho > 0) out[F.log_hv_change_at_h_onset] = hv(ho, Math.min(n, ho + sec)) - hv(Math.max(0, ho - sec), ho);
      out[F.log_hv_after_first_onset] = hv(early, Math.min(n, early + sec));
      out[F.log_hv_after_later_onset] = hv(late, Math.min(n, late + sec));
    }
    // Polarisation: vertical first so direction[0] is the vertical part of the main motion.
    const comps = z >= 0 ? [z, ...horiz.slice(0, 2)] : active.map((_, j) => j).slice(0, 3);
    if (z >= 0 && comps.length < Math.min(3, active.length)) {
      for (let j = 0; j < active.length && comps.length < 3; j++) if (!comps.includes(j)) comps.push(j);
    }
    const atPeak = this.polarise(comps, s0, s1);
    const whole = this.polarise(comps, 0, n);
    const afterOnset = this.polarise(comps, onset, Math.min(n, onset + w));
    const afterCentre = this.polarise(comps, centre, Math.min(n, centre + w));
    const incidence = (pol: typeof atPeak) =>
      pol && z >= 0 && comps.length > 1 ? (Math.acos(Math.min(1, Math.abs(pol.direction[0]))) * 180) / Math.PI : 45;
    out[F.rectilinearity_at_peak] = atPeak ? atPeak.rectilinearity : 0;
    out[F.planarity_at_peak] = atPeak ? atPeak.planarity : 0;
    out[F.incidence_at_peak] = incidence(atPeak);
    out[F.incidence_after_onset] = incidence(afterOnset);
    out[F.rectilinearity_after_onset] = afterOnset ? afterOnset.rectilinearity : 0;
    out[F.incidence_after_centre_onset] = incidence(afterCentre);
    out[F.rectilinearity_after_centre_onset] = afterCentre ? afterCentre.rectilinearity : 0;
    out[F.rectilinearity] = whole ? whole.rectilinearity : 0;

    // Frequency of the strongest arrival: zero crossings of the channel strongest at the peak.
    let ref = 0;
    for (let j = 1; j < active.length; j++) if (this.envSq[j][ipk] > this.envSq[ref][ipk]) ref = j;
    const bp = this.bp[ref];
    out[F.frequency_at_peak] = crossingFrequency(bp, s0, s1, rate);

    // Frequency after the onset against before it, on the channel strongest after it:
    // S is lower-frequency than the P coda it follows; P is usually higher than the noise.
    const frequencies = (o: number, after: number, change: number) => {
      const a1 = Math.min(n, o + sec);
      let ref = 0;
      for (let j = 1; j < active.length; j++) if (segEnergy(j, o, a1) > segEnergy(ref, o, a1)) ref = j;
      const fAfter = crossingFrequency(this.bp[ref], o, a1, rate);
      const fBefore = crossingFrequency(this.bp[ref], Math.max(0, o - sec), o, rate);
      out[after] = fAfter;
      out[change] = fAfter > 0 && fBefore > 0 ? Math.log2(fAfter / fBefore) : 0;
    };
    frequencies(onset, F.frequency_after_onset, F.log_frequency_change_at_onset);
    frequencies(centre, F.frequency_after_centre_onset, F.log_frequency_change_at_centre_onset);
  }

  private polarise(comps: number[], a: number, b: number): ReturnType<typeof polarisation> {
    const d = comps.length;
    const cov = new Float64Array(d * d);
    for (let r = 0; r < d; r++) {
      const x = this.bp[comps[r]];
      for (let c = r; c < d; c++) {
        const y = this.bp[comps[c]];
        let s = 0;
        for (let i = a; i < b; i++) s += x[i] * y[i];
        cov[r * d + c] = s;
        cov[c * d + r] = s;
      }
    }
    return polarisation(cov, d);
  }
}

/** Frequency from zero crossings of x in [a, b) at `rate` Hz (0 for fewer than two samples). */
function crossingFrequency(x: Float64Array, a: number, b: number, rate: number): number {
  if (b - a < 2) return 0;
  let crossings = 0;
  for (let i = a + 1; i < b; i++) if (x[i] >= 0 !== x[i - 1] >= 0) crossings++;
  return crossings / 2 / ((b - a - 1) / rate);
}

const shared = new FeatureExtractor();

/** Features of one window in FEATURES order (shares one cached extractor; not re-entrant across threads). */
export function computeFeatures(win: FeatureWindow, out?: Float64Array): Float64Array {
  return shared.compute(win, out);
}
