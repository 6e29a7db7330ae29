// A spike: someone stepping or something knocking next to the sensor. Very short,
// broadband, with the high-frequency ringing of the pier and the sensor, usually
// strongest on one component, sometimes with a few weaker footsteps before or after.

import { highPass } from './filters.js';
import type { DemoRandom } from './random.js';
import { zeros3, type DemoSource } from './source.js';

/** How long one impact rings, seconds: everything is below 1 % by then. */
const IMPACT_SECONDS = 0.45;

/** A spike in a window of n samples; `noiseLevel` is the station's background rms. */
export function spike(random: DemoRandom, n: number, fs: number, noiseLevel: number): DemoSource {
  const seconds = n / fs;
  const signal = zeros3(n);
  const main = random.range(0.8, seconds - 1.2);
  const amplitude = noiseLevel * random.logRange(12, 300);

  // Which component takes the blow: the vertical when stepped on, a horizontal when kicked.
  const dominant = random.chance(0.4) ? 0 : random.chance(0.5) ? 1 : 2;
  const weights = [0, 1, 2].map((c) => (c === dominant ? 1 : random.range(0.08, 0.35)));

  // Ringing modes shared by every impact at this spot (same pier, same sensor).
  const top = Math.min(40, 0.4 * fs);
  const modes = [0, 1, 2].map(() => ({
    hz: random.range(Math.min(8, 0.5 * top), top),
    tau: random.range(0.02, 0.09),
    level: random.range(0.4, 1),
  }));

  const impacts = [{ at: main, level: 1 }];
  if (random.chance(0.5)) {
    const steps = random.int(1, 3);
    const direction = random.chance(0.7) ? 1 : -1;
    let at = main;
    for (let k = 0; k < steps; k++) {
      at += direction * random.range(0.45, 0.75);
      if (at > 0.1 && at < seconds - IMPACT_SECONDS) impacts.push({ at, level: random.range(0.08, 0.3) });
    }
  }

  for (const impact of impacts) {
    const start = Math.round(impact.at * fs);
    const len = Math.min(n - start, Math.round(IMPACT_SECONDS * fs));
    for (let c = 0; c < 3; c++) {
      const g = amplitude * impact.level * weights[c] * (random.chance(0.5) ? 1 : -1);
      const phases = modes.map(() => random.range(0, 2 * Math.PI));
      const x = signal[c];
      // A one-sample kick carries the broadband part; the modes ring after it.
      x[start] += g * 1.2;
      if (start + 1 < n) x[start + 1] -= g * 0.7;
      for (let i = 0; i < len; i++) {
        const t = i / fs;
        let v = 0;
        for (let k = 0; k < modes.length; k++) {
          const mo = modes[k];
          v += mo.level * Math.exp(-t / mo.tau) * Math.sin(2 * Math.PI * mo.hz * t + phases[k]);
        }
        // A short ramp avoids a step at the first sample of a mode with a random phase.
        x[start + i] += g * v * Math.min(1, (i + 1) / 3);
      }
    }
  }
  return { signal, picks: [], band: [highPass(5, fs), highPass(5, fs)] };
}
