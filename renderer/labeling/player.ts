// Plays a window's (filtered) samples sped up, with wavesurfer.js doing what it is made for:
// playing the sound and showing its waveform with a moving progress cursor in a small strip
// beside the Play button. One playhead line also moves across the traces (they share the
// time axis, so one line serves every channel). The sound is a WAV made here at fs·speed
// samples per second, so every frequency is shifted up by `speed` (see lib/audio.ts).
import WaveSurfer from 'wavesurfer.js';
import { writeWav } from '../../core/common/formats/wav.js';
import { audioSamples } from '../lib/audio.js';

export class Player {
  private ws: WaveSurfer | null = null;
  private current: { seconds: number; onEnd: () => void } | null = null;
  private frame = 0;

  /** `playhead` moves over the traces; `strip`, when given, holds wavesurfer's sound waveform. */
  constructor(
    private readonly playhead: HTMLElement,
    private readonly strip: HTMLElement | null = null,
  ) {}

  get playing(): boolean {
    return this.current !== null;
  }

  /** Starts playing (stopping any sound first); `onEnd` runs when it finishes or stops. */
  play(samples: Float32Array, fs: number, speed: number, onEnd: () => void): void {
    this.stop();
    const ws = this.instance();
    const { data, rate } = audioSamples(samples, fs, speed);
    const wav = writeWav([data], rate, 'int16');
    const seconds = samples.length / fs;
    const playing = { seconds, onEnd };
    this.current = playing;
    this.playhead.hidden = false;
    this.playhead.style.left = '0%';
    void ws
      .loadBlob(new Blob([wav.buffer as ArrayBuffer], { type: 'audio/wav' }))
      .then(() => (this.current === playing ? ws.play() : undefined))
      .catch(() => this.current === playing && this.end());
    const tick = () => {
      if (this.current !== playing) return;
      const d = ws.getDuration();
      if (d > 0) {
        // Trace time heard now: the sound's progress on the trace's own time axis.
        const t = Math.min(seconds, (ws.getCurrentTime() / d) * seconds);
        this.playhead.style.left = `${(100 * t) / seconds}%`;
        this.playhead.dataset.position = t.toFixed(3);
      }
      this.frame = requestAnimationFrame(tick);
    };
    tick();
  }

  /** Stops the sound and hides the playhead. */
  stop(): void {
    if (!this.current) return;
    this.ws?.pause();
    this.end();
  }

  destroy(): void {
    this.stop();
    this.ws?.destroy();
    this.ws = null;
  }

  private instance(): WaveSurfer {
    if (!this.ws) {
      const container = this.strip ?? document.createElement('div');
      this.ws = WaveSurfer.create({
        container,
        height: this.strip ? 'auto' : 0,
        waveColor: '#9fb7cc',
        progressColor: '#0072B2',
        cursorColor: '#D55E00',
        cursorWidth: 2,
        interact: false,
        normalize: true,
      });
      this.ws.on('finish', () => this.end());
    }
    return this.ws;
  }

  private end(): void {
    cancelAnimationFrame(this.frame);
    const c = this.current;
    this.current = null;
    this.playhead.hidden = true;
    c?.onEnd();
  }
}
