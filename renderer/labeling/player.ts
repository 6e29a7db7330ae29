// Plays the visible window's (filtered) samples sped up and moves one playhead across all
// channels (they share the time axis, so one line serves every trace).
import { playSamples, type Playback } from '../lib/audio.js';

export class Player {
  private playback: Playback | null = null;
  private frame = 0;

  constructor(private readonly playhead: HTMLElement) {}

  get playing(): boolean {
    return this.playback !== null;
  }

  /** Starts playing (stopping any sound first); `onEnd` runs when it finishes or stops. */
  play(samples: Float32Array, fs: number, speed: number, onEnd: () => void): void {
    this.stop();
    const seconds = samples.length / fs;
    const pb = playSamples(samples, fs, speed);
    this.playback = pb;
    this.playhead.hidden = false;
    const tick = () => {
      const t = pb.position();
      if (t === null || this.playback !== pb) return;
      this.playhead.style.left = `${(100 * t) / seconds}%`;
      this.playhead.dataset.position = t.toFixed(3);
      this.frame = requestAnimationFrame(tick);
    };
    tick();
    void pb.done.then(() => {
      if (this.playback === pb) this.finish();
      onEnd();
    });
  }

  /** Stops the sound and hides the playhead. */
  stop(): void {
    this.playback?.stop();
    this.finish();
  }

  private finish(): void {
    cancelAnimationFrame(this.frame);
    this.playback = null;
    this.playhead.hidden = true;
  }
}
