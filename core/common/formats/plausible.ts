// Plausibility checks shared by every parser. A header field that parses is not yet a
// value to trust: a flipped bit turns delta 0.01 into 1e30 or a year into 1800, and such a
// file must be refused with the file, the field and the value named, not imported as
// garbage that later stalls the window cutter or the screen.
import { InputError, streamId, type ParsedRecording, type Trace } from '../types.js';

/** Sampling rates outside this range are not recordings (1e-4 Hz: one sample in 2.8 h). */
export const MIN_RATE_HZ = 1e-4;
export const MAX_RATE_HZ = 1e6;
/** Absolute times must fall in the years 1900 … 2100 (inclusive). */
export const MIN_TIME_MS = Date.UTC(1900, 0, 1);
export const MAX_TIME_MS = Date.UTC(2101, 0, 1);

/** A value as it appears in a message: numbers short, strings quoted with escapes visible. */
export const show = (v: unknown): string => {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v !== 'number' || !Number.isFinite(v) || v === 0) return String(v);
  const a = Math.abs(v);
  return a >= 1e6 || a < 1e-3 ? v.toExponential(Number.isInteger(v) && a < 1e21 ? undefined : 3).replace(/\.?0+e/, 'e') : String(Number(v.toPrecision(6)));
};

/** Refuses a sampling rate that is not finite or outside MIN_RATE_HZ … MAX_RATE_HZ. */
export function checkRate(file: string, field: string, rate: number, detail = ''): void {
  if (Number.isFinite(rate) && rate >= MIN_RATE_HZ && rate <= MAX_RATE_HZ) return;
  throw new InputError(file, `implausible sampling rate: ${field} = ${show(rate)} Hz${detail} (expected ${show(MIN_RATE_HZ)} … ${show(MAX_RATE_HZ)} Hz)`);
}

/** Refuses an absolute time (epoch ms) outside 1900 … 2100; NaN means "no absolute time" and passes. */
export function checkTime(file: string, field: string, ms: number): void {
  if (Number.isNaN(ms)) return;
  if (Number.isFinite(ms) && ms >= MIN_TIME_MS && ms < MAX_TIME_MS) return;
  const when = Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : show(ms);
  throw new InputError(file, `implausible time: ${field} = ${when} (expected a time in the years 1900 … 2100)`);
}

/** Refuses a network/station/location/channel code holding anything but printable ASCII. */
export function checkCode(file: string, field: string, code: string): void {
  for (let i = 0; i < code.length; i++) {
    const c = code.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) {
      throw new InputError(file, `${field} = ${show(code)} holds a non-printable character (code ${c} at position ${i + 1})`);
    }
  }
}

/** Refuses samples that are NaN or infinite: no filter, feature or drawing survives them. */
export function checkSamples(file: string, what: string, samples: Float32Array): void {
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i]!;
    // v - v is 0 for finite v and NaN for NaN/±Infinity: one comparison per sample.
    if (v - v !== 0) throw new InputError(file, `${what}: sample ${i} is ${show(v)} (not a finite number)`);
  }
}

/** Checks what every parser returns: codes, rates, start times and samples of each trace. */
export function checkRecording(file: string, rec: ParsedRecording): void {
  for (const t of rec.traces) checkTrace(file, t);
}

function checkTrace(file: string, t: Trace): void {
  checkCode(file, 'network code', t.network);
  checkCode(file, 'station code', t.station);
  checkCode(file, 'location code', t.location);
  checkCode(file, 'channel code', t.channel);
  const id = streamId(t);
  checkRate(file, `sampling rate of ${id}`, t.samplingRate);
  checkTime(file, `start time of ${id}`, t.startTime);
  if (Number.isFinite(t.startTime)) checkTime(file, `end time of ${id}`, t.startTime + (t.samples.length / t.samplingRate) * 1000);
  checkSamples(file, id, t.samples);
}
