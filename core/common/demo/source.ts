// What each signal generator (earthquake, tremor, spike) hands back to the window builder.

import type { Biquad } from './filters.js';

/** Z, N, E samples in nominal ground-motion units. */
export type ThreeComponents = [Float64Array, Float64Array, Float64Array];

/** An analyst's pick of a seismic phase, seconds after the window start. */
export interface DemoPick {
  phase: 'P' | 'S';
  offsetSeconds: number;
}

/** A synthetic signal to add on top of a station's noise. */
export interface DemoSource {
  signal: ThreeComponents;
  picks: DemoPick[];
  magnitude?: number;
  distanceKm?: number;
  /** The band the signal lives in; its SNR is measured there. */
  band: Biquad[];
}

/** Three zeroed components of n samples. */
export const zeros3 = (n: number): ThreeComponents => [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
