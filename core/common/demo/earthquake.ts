// A local earthquake as an analyst knows it: an impulsive P strongest on the vertical,
// an S about distance/8 s later that is stronger and lower in frequency on the
// horizontals, then a coda that decays exponentially. Amplitude and duration follow the
// magnitude; each phase is band-limited Gaussian noise under an envelope, which has the
// irregular look of real scattered waves that a sum of clean sinusoids lacks.

import { bandPass, shapedNoise } from './filters.js';
import type { DemoRandom } from './random.js';
import { zeros3, type DemoSource } from './source.js';

const VP_KM_S = 6.0;
const VP_VS = 1.73;
/** S–P seconds per km of hypocentral distance (≈ 1/8.2). */
const SP_SECONDS_PER_KM = VP_VS / VP_KM_S - 1 / VP_KM_S;
/** Nominal ground-motion units per mm of Wood–Anderson amplitude: sets events against the noise. */
const NOMINAL_PER_MM = 7;
/** Windows keep events whose P stands above the background and whose S is not absurdly large. */
const MIN_P_TO_NOISE = 3;
const MAX_S_TO_NOISE = 3000;
/** Share of events whose S also stands out of the microseism on the unfiltered trace. */
const SHARE_VISIBLE_UNFILTERED = 0.8;

/** Noise levels of the recording station, nominal units. */
export interface StationLevels {
  /** Broadband background rms, against which P must stand out once filtered. */
  background: number;
  /** Microseism rms, which hides small events on unfiltered traces. */
  microseism: number;
}

/** Wood–Anderson amplitude (mm) of a local event, from the ML attenuation of Hutton & Boore (1987). */
export function woodAndersonMm(magnitude: number, hypocentralKm: number): number {
  const r = hypocentralKm;
  return 10 ** (magnitude - (1.11 * Math.log10(r / 100) + 0.00189 * (r - 100) + 3));
}

interface EventDraw {
  magnitude: number;
  distanceKm: number;
  hypocentralKm: number;
  sPeak: number;
  pPeak: number;
}

// Gutenberg–Richter magnitudes (b = 1) at random distances, kept only when the event
// would be visible at this station: small events are far more common, but only close
// ones make it into a catalogue, just as in real data.
// A fifth of the events are left for the analyst to find by filtering.
function drawEvent(random: DemoRandom, maxSp: number, levels: StationLevels): EventDraw {
  const psRatio = random.range(1.6, 3.2);
  const noiseLevel = levels.background;
  const minS = random.chance(SHARE_VISIBLE_UNFILTERED) ? levels.microseism : 0;
  const maxHypo = maxSp / SP_SECONDS_PER_KM;
  for (let attempt = 0; attempt < 200; attempt++) {
    const magnitude = 0.5 - Math.log(1 - random.next()) / Math.LN10;
    if (magnitude > 4.6) continue;
    const distanceKm = random.range(2, 110);
    const hypocentralKm = Math.hypot(distanceKm, random.range(2, 15));
    if (hypocentralKm > maxHypo) continue;
    const sPeak = NOMINAL_PER_MM * woodAndersonMm(magnitude, hypocentralKm);
    const pPeak = sPeak / psRatio;
    if (pPeak < MIN_P_TO_NOISE * noiseLevel || sPeak < minS || sPeak > MAX_S_TO_NOISE * noiseLevel) continue;
    return { magnitude, distanceKm, hypocentralKm, sPeak, pPeak };
  }
  // Rare: nothing fitted (a very short window). Place a clear event as near as the window
  // allows and give it the magnitude that amplitude implies.
  const hypocentralKm = Math.min(20, 0.8 * maxHypo);
  const distanceKm = hypocentralKm * 0.8;
  const sPeak = Math.max(10 * MIN_P_TO_NOISE * noiseLevel * psRatio, minS);
  const magnitude = Math.log10(sPeak / NOMINAL_PER_MM / woodAndersonMm(0, hypocentralKm));
  return { magnitude, distanceKm, hypocentralKm, sPeak, pPeak: sPeak / psRatio };
}

// A fast but smooth onset: sin² ramp over `rise` seconds.
const ramp = (t: number, rise: number): number => (t <= 0 ? 0 : t >= rise ? 1 : Math.sin((Math.PI * t) / (2 * rise)) ** 2);

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/** A local earthquake in a window of n samples, as recorded by a station with these noise levels. */
export function localEarthquake(random: DemoRandom, n: number, fs: number, levels: StationLevels): DemoSource {
  const seconds = n / fs;
  const ev = drawEvent(random, Math.max(0.6, (seconds - 5) * 0.5), levels);
  const sp = ev.hypocentralKm * SP_SECONDS_PER_KM;
  const pLatest = Math.min(0.4 * seconds, seconds - sp - 4);
  const pIndex = Math.round(random.range(1.5, Math.max(1.6, pLatest)) * fs);
  const sIndex = pIndex + Math.max(1, Math.round(sp * fs));

  // Larger events have lower corner frequencies; distance strips the high frequencies.
  const m = ev.magnitude;
  const pHigh = clamp(14 * 10 ** (-0.25 * (m - 1.5)) * Math.exp(-ev.hypocentralKm / 250), 5, 0.4 * fs);
  const pLow = clamp(2.5 * 10 ** (-0.2 * (m - 1.5)), 0.7, pHigh / 2.5);
  const sLow = 0.6 * pLow;
  const sHigh = 0.55 * pHigh;
  const pBand = bandPass(pLow, pHigh, fs, 2);
  const sBand = bandPass(sLow, sHigh, fs, 2);

  // Coda duration from the duration-magnitude relation M = -0.87 + 2 log D + 0.0035 Δ.
  const durationS = 10 ** ((m + 0.87 - 0.0035 * ev.distanceKm) / 2);
  const tauCoda = Math.max(0.8, durationS / 4.5);
  const tauP = clamp(0.3 + 0.15 * tauCoda, 0.3, 2);
  const tauS = clamp(0.4 + 0.25 * tauCoda, 0.5, 3);
  const riseP = random.range(0.02, 0.1);
  const riseS = random.range(0.1, 0.35);

  const warmup = Math.round(fs);
  const pWave = shapedNoise(random, n, pBand, warmup);
  const sv = shapedNoise(random, n, sBand, warmup);
  const sh = shapedNoise(random, n, sBand, warmup);
  const sAmpSv = random.range(0.4, 0.9);
  const sAmpSh = Math.sqrt(1 - sAmpSv * sAmpSv);

  // Near-vertical incidence: P moves mostly the vertical, S mostly the horizontals.
  const incidenceP = random.range(0.15, 0.6);
  const incidenceS = random.range(0.15, 0.45);
  const backAzimuth = random.range(0, 2 * Math.PI);
  const cosB = Math.cos(backAzimuth);
  const sinB = Math.sin(backAzimuth);

  // The first motion: one clean cycle with a polarity, as the direct P arrives.
  const pulseHz = Math.sqrt(pLow * pHigh);
  const polarity = random.chance(0.5) ? 1 : -1;

  const [z, north, east] = zeros3(n);
  for (let i = pIndex; i < n; i++) {
    const t = (i - pIndex) / fs;
    const envP = ev.pPeak * ramp(t, riseP) * (0.75 * Math.exp(-t / tauP) + 0.25 * Math.exp(-t / tauCoda));
    let p = envP * pWave[i];
    if (t < 2 / pulseHz) p += 1.6 * ev.pPeak * polarity * Math.sin(2 * Math.PI * pulseHz * t) * Math.exp(-1.5 * pulseHz * t);
    let radial = Math.sin(incidenceP) * p;
    let transverse = 0;
    z[i] = Math.cos(incidenceP) * p;
    if (i >= sIndex) {
      const ts = (i - sIndex) / fs;
      const envS = ev.sPeak * ramp(ts, riseS) * Math.exp(-ts / tauS);
      z[i] += Math.sin(incidenceS) * sAmpSv * envS * sv[i];
      radial += Math.cos(incidenceS) * sAmpSv * envS * sv[i];
      transverse += sAmpSh * envS * sh[i];
    }
    north[i] = cosB * radial - sinB * transverse;
    east[i] = sinB * radial + cosB * transverse;
  }

  // Scattered energy: a little on every component after P, then the S coda, which is
  // almost isotropic and slightly weaker on the vertical.
  const codaWeight = [0.75, 1, 1];
  const out = [z, north, east];
  for (let c = 0; c < 3; c++) {
    const scatterP = shapedNoise(random, n, pBand, warmup);
    const coda = shapedNoise(random, n, sBand, warmup);
    const x = out[c];
    for (let i = pIndex; i < n; i++) {
      const t = (i - pIndex) / fs;
      x[i] += 0.2 * ev.pPeak * ramp(t, riseP) * Math.exp(-t / tauCoda) * scatterP[i];
      if (i >= sIndex) {
        const ts = (i - sIndex) / fs;
        x[i] += codaWeight[c] * 0.45 * ev.sPeak * ramp(ts, riseS) * Math.exp(-ts / tauCoda) * coda[i];
      }
    }
  }

  return {
    signal: [z, north, east],
    picks: [
      { phase: 'P', offsetSeconds: pIndex / fs },
      { phase: 'S', offsetSeconds: sIndex / fs },
    ],
    magnitude: Math.round(ev.magnitude * 10) / 10,
    distanceKm: Math.round(ev.distanceKm * 10) / 10,
    band: pBand,
  };
}
