// Display and sound settings above the traces: band-pass, amplitude scaling, speed-up,
// and which channel the spectrogram shows.
import { useState } from 'react';
import { SPEEDS } from '../lib/audio.js';
import { FILTER_PRESETS, filterApplies, type FilterSetting } from '../lib/signal.js';
import { useLabelingStore } from '../stores/useLabelingStore.js';

export function Toolbar({ channels, fs, playing, onPlay }: { channels: string[]; fs: number; playing: boolean; onPlay(): void }) {
  const { filter, scaling, speed, spectrogramChannel, setFilter, setScaling, setSpeed, setSpectrogramChannel } = useLabelingStore();
  const [custom, setCustom] = useState({ lo: '0.5', hi: '5' });
  const preset = filter.kind === 'off' ? 'off' : (FILTER_PRESETS.find((p) => p.setting.kind === 'band' && p.setting.lo === filter.lo && p.setting.hi === filter.hi)?.id ?? 'custom');
  const applyCustom = (lo: string, hi: string) => {
    setCustom({ lo, hi });
    const l = Number(lo);
    const h = Number(hi);
    if (l > 0 && h > l) setFilter({ kind: 'band', lo: l, hi: h });
  };
  const choose = (id: string) => {
    const p = FILTER_PRESETS.find((x) => x.id === id);
    if (p) setFilter(p.setting);
    else applyCustom(custom.lo, custom.hi);
  };
  const unusable: FilterSetting | null = filterApplies(filter, fs) ? null : filter;
  return (
    <div className="toolbar" role="toolbar" aria-label="Display and sound">
      <button type="button" onClick={onPlay} aria-pressed={playing} title="Play the window sped up (Space)" data-testid="play">
        {playing ? '❚❚ pause' : '▶ play'}
      </button>
      <label>
        speed
        <select value={speed} onChange={(e) => setSpeed(Number(e.target.value))} data-testid="speed" title="Speed-up factor of the sound">
          {SPEEDS.map((s) => <option key={s} value={s}>{s}×</option>)}
        </select>
      </label>
      <span className="hint" title="Frequencies heard: the pass band multiplied by the speed-up">
        {filter.kind === 'band' ? `hear ${fmtHz(filter.lo * speed)}–${fmtHz(filter.hi * speed)}` : `hear ≤ ${fmtHz((fs / 2) * speed)}`}
      </span>
      <label>
        band-pass
        <select value={preset} onChange={(e) => choose(e.target.value)} data-testid="filter">
          {FILTER_PRESETS.map((p) => <option key={p.id} value={p.id}>{p.label}</option>)}
          <option value="custom">custom…</option>
        </select>
      </label>
      {preset === 'custom' && (
        <span className="custom-band">
          <input aria-label="low corner (Hz)" size={4} value={custom.lo} onChange={(e) => applyCustom(e.target.value, custom.hi)} />–
          <input aria-label="high corner (Hz)" size={4} value={custom.hi} onChange={(e) => applyCustom(custom.lo, e.target.value)} /> Hz
        </span>
      )}
      {unusable && <span className="warn">band above Nyquist ({fs / 2} Hz): shown unfiltered</span>}
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
    </div>
  );
}

const fmtHz = (hz: number): string => (hz >= 1000 ? `${(hz / 1000).toFixed(hz >= 10_000 ? 0 : 1)} kHz` : `${Math.round(hz)} Hz`);
