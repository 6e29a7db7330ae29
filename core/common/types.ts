// Domain types shared by every layer. Times are epoch milliseconds (UTC); NaN when the
// source does not say (e.g. SAC files without a reference time).

/** One phase pick, in seconds after the start of the trace or window it belongs to. */
export interface PhasePick {
  phase: string;
  offsetSeconds: number;
  /** Who placed it: absent for picks the source file brought. */
  annotatorId?: number;
  /** ± seconds, when the analyst gave one. */
  uncertaintySeconds?: number;
}

/** A contiguous run of samples of one stream (NET.STA.LOC.CHA). */
export interface Trace {
  network: string;
  station: string;
  location: string;
  channel: string;
  samplingRate: number;
  startTime: number;
  samples: Float32Array;
  picks: PhasePick[];
}

/** A break in a stream between two traces: a gap (missing time) or an overlap. */
export interface Discontinuity {
  streamId: string;
  kind: 'gap' | 'overlap';
  /** End of the earlier trace, epoch ms. */
  at: number;
  seconds: number;
}

export type RecordingFormat = 'mseed' | 'sac' | 'wav';

/** What a parser found in one continuous-data file. */
export interface ParsedRecording {
  format: RecordingFormat;
  traces: Trace[];
  discontinuities: Discontinuity[];
  warnings: string[];
  /** Format-specific header information kept with the source (e.g. miniSEED 3 extra headers and exact times). */
  meta?: Record<string, unknown>;
}

/** A problem with an input file: the message names the file and says what is wrong. */
export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'InputError';
  }
}

export const streamId = (t: Pick<Trace, 'network' | 'station' | 'location' | 'channel'>): string =>
  `${t.network}.${t.station}.${t.location}.${t.channel}`;
