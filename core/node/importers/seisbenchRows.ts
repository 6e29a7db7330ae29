// From one metadata row (+ the file's data_format) to what a window needs: identity, channel
// codes, sampling rate, start, picks and the remaining columns. SeisBench and STEAD name
// the same things differently; the aliases below are the column mapping both importers and
// the exporter agree on.
import { InputError, type PhasePick } from '../../common/types.js';

/** Column names per field, SeisBench's first, then STEAD/EQTransformer's. */
export const COLUMN_ALIASES = {
  network: ['station_network_code', 'network_code'],
  station: ['station_code', 'receiver_code'],
  location: ['station_location_code'],
  // station_type holds the band + instrument code ("BH") in SeisBench's example datasets.
  channel: ['trace_channel', 'receiver_type', 'station_type'],
  samplingRate: ['trace_sampling_rate_hz', 'sampling_rate'],
  startTime: ['trace_start_time'],
  componentOrder: ['trace_component_order'],
} as const;

/** STEAD is 100 Hz, 60 s, E-N-Z (Mousavi et al. 2019) but its files do not say so. */
const STEAD_RATE = 100;
const STEAD_COMPONENTS = 'ENZ';

/** Everything about one trace except its samples. */
export interface RowLayout {
  network: string;
  station: string;
  location: string;
  /** Channel codes in the order the file stores the components. */
  channels: string[];
  dimensionOrder: 'CW' | 'WC' | null;
  samplingRate: number;
  startTime: number | null;
  meta: Record<string, string | number>;
  warnings: string[];
}

const first = (row: Record<string, string>, names: readonly string[]): string => {
  for (const n of names) {
    const v = row[n]?.trim();
    if (v) return v;
  }
  return '';
};

/** Epoch ms of SeisBench/STEAD times: "2007/01/01 01:42:45.08", "2006-07-23 15:59:00.960000", ISO with Z. */
export function parseTraceTime(s: string): number | null {
  const m = /^(\d{4})[-/](\d\d)[-/](\d\d)[T ](\d\d):(\d\d):(\d\d)(\.\d+)?(Z|[+-]00:?00)?$/.exec(s.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, sec, frac] = m;
  // Fractions are added in ms with sub-ms digits kept; Date.parse would drop them.
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec)) + (frac ? Number(frac) * 1000 : 0);
}

const asValue = (v: string): string | number => (v !== '' && Number.isFinite(Number(v)) ? Number(v) : v);
const PICK_COLUMN = /^trace_(.+)_arrival_sample$/;
const STEAD_PICK_COLUMN = /^([ps])_arrival_sample$/;

/** The phase a column holds arrival samples of ("trace_Pg_arrival_sample" -> "Pg", STEAD "p_arrival_sample" -> "P"), else null. */
export function pickPhase(column: string): string | null {
  const m = PICK_COLUMN.exec(column);
  if (m) return m[1]!;
  const s = STEAD_PICK_COLUMN.exec(column);
  return s ? s[1]!.toUpperCase() : null;
}

/** A function giving the picks of a row, from the arrival-sample columns among `columns`. */
export function pickColumns(columns: string[]): (row: Record<string, string>, rate: number) => PhasePick[] {
  const cols = columns.map((c) => [c, pickPhase(c)] as const).filter((x): x is readonly [string, string] => x[1] !== null);
  return (row, rate) => {
    const picks: PhasePick[] = [];
    for (const [c, phase] of cols) {
      const v = Number(row[c]);
      if (row[c]?.trim() && Number.isFinite(v)) picks.push({ phase, offsetSeconds: v / rate });
    }
    return picks;
  };
}

/** Identity, channels, rate, start and metadata of one row; `where` names the row in messages. */
export function rowLayout(row: Record<string, string>, dataFormat: Record<string, string | number>, where: string): RowLayout {
  const warnings: string[] = [];
  const stead = row.receiver_code !== undefined && row.station_code === undefined;
  let rate = Number(first(row, COLUMN_ALIASES.samplingRate) || dataFormat.sampling_rate);
  if (!(rate > 0)) {
    if (!stead) throw new InputError(where, 'no sampling rate: neither a trace_sampling_rate_hz column nor data_format/sampling_rate in the HDF5 file');
    rate = STEAD_RATE;
    warnings.push(`sampling rate not stated; assumed ${STEAD_RATE} Hz (STEAD)`);
  }
  let components = first(row, COLUMN_ALIASES.componentOrder) || String(dataFormat.component_order ?? '');
  if (!components) {
    components = STEAD_COMPONENTS;
    warnings.push(`component order not stated; assumed ${STEAD_COMPONENTS.split('').join('|')} (STEAD/EQTransformer convention)`);
  }
  const dim = String(dataFormat.dimension_order ?? '').toUpperCase();
  // Some datasets write "NCW"/"NWC" for the buckets; the trace's own axes are what matters.
  const dimensionOrder = dim.endsWith('CW') ? 'CW' : dim.endsWith('WC') ? 'WC' : null;
  let prefix = first(row, COLUMN_ALIASES.channel);
  if (!/^[A-Z0-9]{1,3}$/.test(prefix)) prefix = '';
  if (prefix.length === 3 && components.includes(prefix[2]!)) prefix = prefix.slice(0, 2);
  const startText = first(row, COLUMN_ALIASES.startTime);
  const startTime = startText ? parseTraceTime(startText) : null;
  if (startText && startTime === null) warnings.push(`trace_start_time "${startText}" not understood; windows have no absolute time`);
  const meta: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(row)) {
    if (v === '' || /^(none|nan)$/i.test(v) || pickPhase(k) !== null) continue;
    meta[k] = asValue(v);
  }
  return {
    network: first(row, COLUMN_ALIASES.network),
    station: first(row, COLUMN_ALIASES.station),
    location: first(row, COLUMN_ALIASES.location),
    channels: components.split('').map((c) => `${prefix}${c}`),
    dimensionOrder, samplingRate: rate, startTime, meta, warnings,
  };
}

/** One Float32Array per component from a trace's values in file order. */
export function splitChannels(values: ArrayLike<number>, shape: number[], layout: RowLayout, where: string): Float32Array[] {
  const c = layout.channels.length;
  if (shape.length === 1) {
    if (c !== 1) throw new InputError(where, `is one-dimensional but the component order names ${c} components`);
    return [Float32Array.from(values)];
  }
  if (shape.length !== 2) throw new InputError(where, `has ${shape.length} axes; expected channels x samples`);
  // Without a stated dimension order, the axis as long as the component list is the channel axis.
  const order = layout.dimensionOrder ?? (shape[0] === c && shape[1] !== c ? 'CW' : 'WC');
  const [nc, w] = order === 'CW' ? [shape[0]!, shape[1]!] : [shape[1]!, shape[0]!];
  if (nc !== c) throw new InputError(where, `has ${nc} channels (shape [${shape.join(', ')}], ${order}) but the component order names ${c}`);
  const out = Array.from({ length: c }, () => new Float32Array(w));
  for (let k = 0; k < c; k++) {
    const ch = out[k]!;
    if (order === 'CW') for (let t = 0; t < w; t++) ch[t] = values[k * w + t]!;
    else for (let t = 0; t < w; t++) ch[t] = values[t * c + k]!;
  }
  return out;
}
