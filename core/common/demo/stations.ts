// The fictional network "XX" of the demo project. Each station has a character an analyst
// learns to recognise: a noisy coastal site, a town with machinery, a quiet vault… and
// gains that differ by orders of magnitude, as raw counts of real networks do.

/** A narrow spectral line from a machine near a station. */
export interface MachineLine {
  hz: number;
  /** Amplitude in nominal units at full daytime activity. */
  level: number;
  /** Runs day and night (a pump), rather than with the working day. */
  allDay: boolean;
}

/** The noise character and recording gain of one demo station. */
export interface DemoStation {
  code: string;
  /** Counts per nominal ground-motion unit. */
  gain: number;
  /** Microseism rms in nominal units; coastal sites are higher. */
  microseism: number;
  /** Peak frequency of the microseism at this site, Hz. */
  microseismHz: number;
  /** Broadband background rms in nominal units (wind, instrument, distant sources). */
  background: number;
  /** Corner of the background's low-pass colouring, Hz. */
  backgroundHz: number;
  /** How much the town's broadband hum adds to the background at the busiest hour (1 = doubles it). */
  culturalHum: number;
  /** Passing vehicles per minute at the busiest hour. */
  trafficPerMinute: number;
  /** Typical traffic burst amplitude relative to the background. */
  trafficLevel: number;
  lines: MachineLine[];
}

export const DEMO_NETWORK = 'XX';

/** The demo stations, in the order windows cycle through them. */
export const DEMO_STATIONS: readonly DemoStation[] = [
  {
    code: 'ALDR', // on a headland: large microseism, little else
    gain: 4.2e3,
    microseism: 3.0,
    microseismHz: 0.17,
    background: 0.1,
    backgroundHz: 8,
    culturalHum: 0.3,
    trafficPerMinute: 0.3,
    trafficLevel: 1.5,
    lines: [{ hz: 3.7, level: 0.008, allDay: false }],
  },
  {
    code: 'BRNK', // in a town: pumps, a workshop, traffic
    gain: 2.6e5,
    microseism: 1.0,
    microseismHz: 0.21,
    background: 0.15,
    backgroundHz: 15,
    culturalHum: 2.0,
    trafficPerMinute: 2.5,
    trafficLevel: 3,
    lines: [
      { hz: 12.5, level: 0.03, allDay: true },
      { hz: 6.1, level: 0.025, allDay: false },
    ],
  },
  {
    code: 'CAVE', // a quiet vault in an old mine gallery
    gain: 3.1e4,
    microseism: 0.7,
    microseismHz: 0.23,
    background: 0.015,
    backgroundHz: 20,
    culturalHum: 0.1,
    trafficPerMinute: 0.05,
    trafficLevel: 2,
    lines: [],
  },
  {
    code: 'DUNE', // open, windy plain with a wind turbine
    gain: 9.5e3,
    microseism: 0.5,
    microseismHz: 0.2,
    background: 0.12,
    backgroundHz: 6,
    culturalHum: 0.3,
    trafficPerMinute: 0.2,
    trafficLevel: 1.5,
    lines: [{ hz: 2.45, level: 0.03, allDay: true }],
  },
  {
    code: 'ESKR', // low-gain site beside a railway (16.7 Hz traction supply) and a quarry
    gain: 650,
    microseism: 0.6,
    microseismHz: 0.19,
    background: 0.12,
    backgroundHz: 12,
    culturalHum: 1.2,
    trafficPerMinute: 1.0,
    trafficLevel: 4,
    lines: [{ hz: 16.7, level: 0.02, allDay: false }],
  },
];

/** Offset of the network's local time from UTC, hours (a fictional site at UTC+0). */
export const LOCAL_UTC_OFFSET_HOURS = 0;

/**
 * Human activity at a local hour, 0 (dead of night) to 1 (mid-afternoon). Cultural noise
 * follows the working day: quiet from late evening to early morning.
 */
export function dailyActivity(localHour: number): number {
  const h = ((localHour % 24) + 24) % 24;
  const day = h > 6 && h < 22 ? Math.sin((Math.PI * (h - 6)) / 16) ** 2 : 0;
  return 0.06 + 0.94 * day;
}

/** Local hour of day (fractional) of an epoch-ms time. */
export const localHourOf = (epochMs: number): number =>
  ((((epochMs / 3_600_000 + LOCAL_UTC_OFFSET_HOURS) % 24) + 24) % 24);
