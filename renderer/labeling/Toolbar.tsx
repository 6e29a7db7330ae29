// Display and sound settings above the traces: filter (presets or custom corners, refused
// in plain words where they cannot apply), amplitude scaling, speed-up, and the spectrogram's
// channel and frequency scale.
import { useState, type RefObject } from 'react';
import { SPEEDS } from '../lib/audio.js';
import { FILTER_PRESETS, filterKey, filterProblem, highCorner, type FilterSetting } from '../lib/signal.js';
import { useLabelingStore } from '../stores/useLabelingStore.js';

type CustomKind = 'band' | 'highpass' | 'lowpass';

/** The setting typed into the custom fields, or why it is not one. */
function customSetting(kind: CustomKind, lo: string, hi: string): FilterSetting | string {
  const l = Number(lo);
  const h = Number(hi);
  const f: FilterSetting = kind === 'band' ? { kind, lo: l, hi: h } : kind === 'highpass' ? { kind, lo: l } : { kind, hi: h };
  // Checked at a rate with no Nyquist limit: only the corners themselves are judged here.
  return filterProblem(f, Infinity) ?? f;
}

export function Toolbar({ channels, fs, playing, onPlay, soundStrip }: { channels: string[]; fs: number; playing: boolean; onPlay(): void; soundStrip: RefObject<HTMLDivElement | null> }) {
  const { filter, scaling, speed, spectrogramChannel, logFrequency, snapPicks, setFilter, setScaling, setSpeed, setSpectrogramChannel, setLogFrequency, setSnapPicks } = useLabelingStore();
  const [custom, setCustom] = useState<{ kind: CustomKind; lo: string; hi: string }>({ kind: 'band', lo: '0.5', hi: '5' });
  const [customOpen, setCustomOpen] = useState(false);
  const presetId = FILTER_PRESETS.find((p) => filterKey(p.setting) === filterKey(filter))?.id;
  const preset = customOpen || !presetId ? 'custom' : presetId;
  const typed = customSetting(custom.kind, custom.lo, custom.hi);
  const editCustom = (next: { kind: CustomKind; lo: string; hi: string }) => {
    setCustom(next);
    const f = customSetting(next.kind, next.lo, next.hi);
    if (typeof f !== 'string') setFilter(f);
  };
  const choose = (id: string) => {
    const p = FILTER_PRESETS.find((x) => x.id === id);
    setCustomOpen(!p);
    if (p) setFilter(p.setting);
    else editCustom(custom);
  };
  const problem = filterProblem(filter, fs);
  const top = highCorner(filter);
  return (
    <div className="toolbar" role="toolbar" aria-label="Display and sound">
      <button type="button" onClick={onPlay} aria-pressed={playing} title="Play the window sped up (Space)" data-testid="play">
        {playing ? '❚❚ pause' : '▶ play'}
      </button>
      <div className="sound-strip" ref={soundStrip} data-testid="sound-strip" title="The sound as played (sped up), with its progress" />
      <label>
        speed
        <select value={speed} onChange={(e) => setSpeed(Number(e.target.value))} data-testid="speed" title="Speed-up factor of the sound">
          {SPEEDS.map((s) => <option key={s} value={s}>{s}×</option>)}
        </select>
      </label>
      <span className="hint" title="Frequencies heard: the pass band multiplied by the speed-up">
        {`hear ${fmtHz((!problem && (filter.kind === 'band' || filter.kind === 'highpass') ? filter.lo : 0) * speed)}–${fmtHz((!problem && top !== null ? top : fs / 2) * speed)}`}
      </span>
      <label>
        filter
        <select value={preset} onChange={(e) => choose(e.target.value)} data-testid="filter" title="Zero-phase Butterworth filter (order 4) applied to the traces, spectrogram and sound; f cycles the presets">
          {FILTER_PRESETS.map((p) => <option key={p.id} value={p.id}>{p.label}</option>)}
          <option value="custom">custom…</option>
        </select>
      </label>
      {preset === 'custom' && (
        <span className="custom-band">
          <select aria-label="custom filter type" value={custom.kind} onChange={(e) => editCustom({ ...custom, kind: e.target.value as CustomKind })} data-testid="custom-kind">
            <option value="band">band-pass</option>
            <option value="highpass">high-pass</option>
            <option value="lowpass">low-pass</option>
          </select>
          {custom.kind !== 'lowpass' && <input aria-label="low corner (Hz)" size={4} value={custom.lo} onChange={(e) => editCustom({ ...custom, lo: e.target.value })} />}
          {custom.kind === 'band' && '–'}
          {custom.kind !== 'highpass' && <input aria-label="high corner (Hz)" size={4} value={custom.hi} onChange={(e) => editCustom({ ...custom, hi: e.target.value })} />} Hz
          {typeof typed === 'string' && <span className="warn" role="alert" data-testid="filter-error"> {typed}</span>}
        </span>
      )}
      {problem && <span className="warn" role="alert" data-testid="filter-problem">{filterKey(filter)} not applied: {problem}</span>}
      <label>
        scale
        <select
          value={scaling.kind}
          data-testid="scaling"
          onChange={(e) => {
            const k = e.target.value;
            setScaling(k === 'fixed' ? { kind: 'fixed', amplitude: 1000 } : { kind: k as 'trace' | 'shared' });
          }}
        >
          <option value="trace">per trace</option>
          <option value="shared">shared</option>
          <option value="fixed">fixed</option>
        </select>
      </label>
      {scaling.kind === 'fixed' && (
        <input
          aria-label="fixed amplitude (counts)"
          type="number"
          min={0}
          size={7}
          value={scaling.amplitude}
          onChange={(e) => Number(e.target.value) > 0 && setScaling({ kind: 'fixed', amplitude: Number(e.target.value) })}
        />
      )}
      <label>
        spectrogram
        <select value={spectrogramChannel} onChange={(e) => setSpectrogramChannel(Number(e.target.value))} data-testid="spectrogram-channel">
          {channels.map((c, i) => <option key={i} value={i}>{c || `channel ${i + 1}`}</option>)}
        </select>
      </label>
      <label title="Frequency axis of the spectrogram on a logarithmic scale">
        <input type="checkbox" checked={logFrequency} onChange={(e) => setLogFrequency(e.target.checked)} data-testid="log-frequency" />
        log Hz
      </label>
      <label title="Picks placed with Shift+P / Shift+S snap to the onset within 1 s (AIC picker)">
        <input type="checkbox" checked={snapPicks} onChange={(e) => setSnapPicks(e.target.checked)} data-testid="snap-picks" />
        snap picks
      </label>
    </div>
  );
}

const fmtHz = (hz: number): string => (hz >= 1000 ? `${(hz / 1000).toFixed(hz >= 10_000 ? 0 : 1)} kHz` : `${Math.round(hz)} Hz`);
