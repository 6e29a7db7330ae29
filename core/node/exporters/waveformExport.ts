// Labeled windows as seismic files for tools that read waveforms rather than training sets
// (ObsPy, SAC, SeisComP…): one miniSEED 2 or 3 file per window holding all its channels, or
// one SAC file per channel with the picks in its header, named `<window>_<label>.NET.STA.LOC`
// (+ `.CHA.SAC`), and index.csv saying which file holds which window with its label. The
// windows are those of the SeisBench export's filters.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeMiniSeed2, writeMiniSeed3, chooseEncoding } from '../../common/formats/mseedWrite.js';
import { writeSac } from '../../common/formats/sac.js';
import type { Trace } from '../../common/types.js';
import type { ProjectStore } from '../store/project.js';
import { throwIfCancelled, yieldToLoop, type TaskContext } from '../tasks.js';
import { selectLabeledWindows, type ExportFilter } from './exportSelection.js';
import { csvCell } from './windowTable.js';

export type WaveformFormat = 'mseed' | 'mseed3' | 'sac';
export const WAVEFORM_FORMATS: readonly WaveformFormat[] = ['mseed', 'mseed3', 'sac'];

/** Characters kept in a file name: a label or code may hold anything. */
const safe = (s: string) => s.replace(/[^\w.+-]/g, '_');

/** Writes the chosen windows into outDir; returns how many windows and files were written. */
export async function exportWaveforms(store: ProjectStore, outDir: string, format: WaveformFormat, filter: ExportFilter, ctx: TaskContext) {
  const { windows, labels, classNames } = selectLabeledWindows(store, filter);
  mkdirSync(outDir, { recursive: true });
  const head = ['window_id', 'label', 'label_confidence', 'label_gold', 'files', 'network', 'station', 'location', 'channels', 'start_time', 'sampling_rate_hz', 'n_samples', 'encoding', 'picks'];
  const rows: unknown[][] = [];
  let files = 0;
  let skipped = 0;
  for (const [i, w] of windows.entries()) {
    const l = labels.get(w.id)!;
    const label = classNames.get(l.classId) ?? `class ${l.classId}`;
    const win = store.loadWindow(w.id);
    // A window without an absolute time (some windowed sets) starts at the epoch in miniSEED,
    // which must state one; SAC leaves its reference time undefined. index.csv says so.
    const start = w.startTime ?? (format === 'sac' ? NaN : 0);
    const traces: Trace[] = win.channels.map((cha, k) => ({
      network: w.network, station: w.station, location: w.location, channel: cha, samplingRate: w.samplingRate, startTime: start, samples: win.data[k]!,
      picks: w.picks,
    }));
    const stem = `${w.id}_${safe(label)}.${safe(w.network)}.${safe(w.station)}.${safe(w.location)}`;
    const written: string[] = [];
    try {
      if (format === 'sac') {
        for (const t of traces) {
          const name = `${stem}.${safe(t.channel)}.SAC`;
          writeFileSync(join(outDir, name), writeSac(t));
          written.push(name);
        }
      } else {
        const parts = traces.map((t) => (format === 'mseed' ? writeMiniSeed2(t) : writeMiniSeed3(t)));
        const name = `${stem}.${format}`;
        writeFileSync(join(outDir, name), Buffer.concat(parts));
        written.push(name);
      }
    } catch (e) {
      // A code too long for the format (miniSEED 2 has 2-letter networks, SAC 8-letter codes): this window is left out, the others go on.
      ctx.error(`window ${w.id}`, `not written as ${format}: ${(e as Error).message}`);
      skipped++;
      continue;
    }
    files += written.length;
    const enc = format === 'sac' ? 'float32' : [...new Set(traces.map((t) => chooseEncoding(t.samples)))].join('|');
    rows.push([
      w.id, label, l.confidence.toFixed(3), l.gold ? 1 : 0, written.join('|'), w.network, w.station, w.location, win.channels.join('|'),
      w.startTime === null ? '' : new Date(w.startTime).toISOString(), w.samplingRate, w.nSamples, enc,
      w.picks.map((p) => `${p.phase}@${Math.round(p.offsetSeconds * w.samplingRate)}`).join('|'),
    ]);
    if (i % 20 === 19 || i === windows.length - 1) {
      ctx.progress(i + 1, windows.length, `wrote ${i + 1} of ${windows.length} windows`);
      await yieldToLoop();
      throwIfCancelled(ctx.signal);
    }
  }
  writeFileSync(join(outDir, 'index.csv'), `${[head, ...rows].map((r) => r.map(csvCell).join(',')).join('\n')}\n`);
  return { windows: rows.length, files, skipped, outDir };
}
