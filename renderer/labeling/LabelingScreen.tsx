// The labeling screen: traces + spectrogram, toolbar, verdict panel, progress, and the
// one-key flow (Prodigy style): a verdict key saves and moves on at once.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { markKey } from '../lib/perf.js';
import { FILTER_PRESETS } from '../lib/signal.js';
import { WindowCache } from '../lib/windowCache.js';
import { useLabelingStore } from '../stores/useLabelingStore.js';
import { useSessionStore } from '../stores/useSessionStore.js';
import { HelpOverlay } from './HelpOverlay.js';
import { ProgressBar } from './ProgressBar.js';
import { SidePanel } from './SidePanel.js';
import { Toolbar } from './Toolbar.js';
import { TraceView, type TraceController } from './TraceView.js';

const isTyping = (t: EventTarget | null) => t instanceof HTMLElement && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);

export function LabelingScreen() {
  const client = useSessionStore((s) => s.client)!;
  const project = useSessionStore((s) => s.project)!;
  const classes = useSessionStore((s) => s.classes);
  const annotator = useSessionStore((s) => s.annotator)!;
  const { windows, cursor, helpOpen, saveError } = useLabelingStore();
  const cache = useMemo(() => new WindowCache(client), [client]);
  const controller = useRef<TraceController | null>(null);
  const [playing, setPlaying] = useState(false);
  const [loading, setLoading] = useState(true);
  const current = windows[cursor];

  useEffect(() => {
    setLoading(true);
    void useLabelingStore.getState().load(client, project.path, annotator.id).finally(() => setLoading(false));
    const offLabels = client.on('labels.changed', (e) => useLabelingStore.getState().applyRemote(e.windowId, e.current));
    const offWindows = client.on('windows.changed', () => void useLabelingStore.getState().load(client, project.path, annotator.id));
    return () => {
      offLabels();
      offWindows();
    };
  }, [client, project.path, annotator.id]);

  const togglePlay = useCallback(() => {
    const c = controller.current;
    if (!c) return;
    if (c.player.playing) {
      c.player.stop();
      setPlaying(false);
      return;
    }
    const v = c.slots.visibleProcessed();
    if (!v) return;
    const { spectrogramChannel, speed, markListened } = useLabelingStore.getState();
    // The sound is the channel shown in the spectrogram (the vertical by default).
    const ch = v.channels[Math.min(spectrogramChannel, v.channels.length - 1)]!;
    markListened(v.id);
    setPlaying(true);
    c.player.play(ch, v.fs, speed, () => setPlaying(false));
  }, []);

  const verdict = useCallback(
    (kind: 'class' | 'unsure' | 'skip', classId?: number) => {
      setPlaying(false);
      useLabelingStore.getState().label(client, annotator.id, kind, classId);
    },
    [client, annotator.id],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.altKey || e.metaKey) return;
      const s = useLabelingStore.getState();
      if (s.helpOpen) {
        if (e.key === 'Escape' || e.key === '?') s.setHelp(false);
        return;
      }
      if (e.ctrlKey) {
        if (e.key === 'z') {
          e.preventDefault();
          markKey();
          s.undo(client, annotator.id);
        }
        return;
      }
      const cls = classes.find((c) => c.hotkey === e.key);
      if (cls) {
        markKey();
        verdict('class', cls.id);
      } else if (e.key === 'u') {
        markKey();
        verdict('unsure');
      } else if (e.key === 's') {
        markKey();
        verdict('skip');
      } else if (e.key === 'Backspace') {
        e.preventDefault();
        markKey();
        s.undo(client, annotator.id);
      } else if (e.key === 'ArrowRight') {
        e.preventDefault();
        markKey();
        s.go(s.cursor + 1);
      } else if (e.key === 'ArrowLeft') {
        e.preventDefault();
        markKey();
        s.go(s.cursor - 1);
      } else if (e.key === ' ') {
        // Space must not also press the focused button.
        e.preventDefault();
        togglePlay();
      } else if (e.key === 'f') {
        const i = FILTER_PRESETS.findIndex((p) => JSON.stringify(p.setting) === JSON.stringify(s.filter));
        s.setFilter(FILTER_PRESETS[(i + 1) % FILTER_PRESETS.length]!.setting);
      } else if (e.key === '?') {
        s.setHelp(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [client, annotator.id, classes, verdict, togglePlay]);

  if (!loading && windows.length === 0) {
    return (
      <main className="empty">
        <p>This project has no windows yet. Import files or cut windows from a stream in the trace browser.</p>
        <button type="button" onClick={() => useSessionStore.getState().setScreen('project')}>Import files</button>
      </main>
    );
  }

  return (
    <main className="labeling" aria-label="Labeling">
      <ProgressBar windows={windows} classes={classes} cursor={cursor} />
      <div className="labeling-body">
        <section className="traces" aria-label="Traces">
          <Toolbar channels={current?.channels ?? []} fs={current?.samplingRate ?? 100} playing={playing} onPlay={togglePlay} />
          <div className="window-title">
            <strong>{current ? `${current.network}.${current.station}` : ''}</strong>
            <span>{current?.channels.join(' · ')}</span>
            <span>{current?.startTime != null ? new Date(current.startTime).toISOString().replace('T', ' ').slice(0, 23) : ''}</span>
            <span>{current ? `${current.samplingRate} Hz` : ''}</span>
            <button type="button" onClick={() => useLabelingStore.getState().go(cursor - 1)} aria-label="Previous window (←)">←</button>
            <button type="button" onClick={() => useLabelingStore.getState().go(cursor + 1)} aria-label="Next window (→)">→</button>
            <button type="button" onClick={() => useLabelingStore.getState().setHelp(true)} aria-label="Keyboard help (?)">?</button>
          </div>
          <TraceView cache={cache} controller={controller} />
          {saveError && <p className="error" role="alert">{saveError}</p>}
        </section>
        <SidePanel window={current} classes={classes} onVerdict={verdict} />
      </div>
      {helpOpen && <HelpOverlay classes={classes} onClose={() => useLabelingStore.getState().setHelp(false)} />}
    </main>
  );
}
