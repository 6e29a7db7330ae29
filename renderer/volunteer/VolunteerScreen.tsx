// The volunteer view (as in Earthquake Detective): one big plot, the sped-up sound and a
// few big choices. It drives the same labeling store, queue, player and label writes as
// the full view; only what is shown and which keys exist differ.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { LabelKind } from '../../core/common/model.js';
import { Player } from '../labeling/player.js';
import { useLabelingSession } from '../labeling/useLabelingSession.js';
import { SPEEDS } from '../lib/audio.js';
import { verdictKey } from '../lib/hotkeys.js';
import { markKey, markShown } from '../lib/perf.js';
import { filterApplies, filterLabel } from '../lib/signal.js';
import { WindowCache } from '../lib/windowCache.js';
import { currentWindow, useLabelingStore } from '../stores/useLabelingStore.js';
import { useSessionStore } from '../stores/useSessionStore.js';
import { answeredBy } from './answers.js';
import { useShownTrace } from './useShownTrace.js';
import { useVolunteerStore } from './useVolunteerStore.js';
import { useGuideStore } from './useGuideStore.js';
import { HistoryPanel } from '../labeling/HistoryPanel.js';
import { mayCall } from '../../core/common/api/index.js';
import { WavePlot } from './WavePlot.js';
import './volunteer.css';

import { isTyping } from '../lib/typing.js';

/** `guide`: an invited volunteer, who has the field guide and hears the expert's class of gold windows when the owner allows it. */
export function VolunteerScreen({ guide = false }: { guide?: boolean }) {
  const client = useSessionStore((s) => s.client)!;
  const project = useSessionStore((s) => s.project)!;
  const classes = useSessionStore((s) => s.classes);
  const annotator = useSessionStore((s) => s.annotator)!;
  const owner = useSessionStore((s) => s.me?.role === 'owner');
  const { windows, order, cursor, fetching, filter, speed, saveError } = useLabelingStore();
  const current = useLabelingStore(currentWindow);
  const loading = useLabelingSession(client, project.path, annotator.id);
  const cache = useMemo(() => new WindowCache(client), [client]);
  const shown = useShownTrace(cache, order, cursor, filter);
  // What is drawn may lag the cursor by one fetch: sound and plot only for the current window.
  const trace = shown && shown.windowId === current?.id ? shown : null;
  const playheadRef = useRef<HTMLDivElement>(null);
  const soundStripRef = useRef<HTMLDivElement>(null);
  const player = useRef<Player | null>(null);
  const [playing, setPlaying] = useState(false);
  const answered = answeredBy(windows, annotator.id);
  const [gold, setGold] = useState<{ windowId: number; expert: number; said: number | null } | null>(null);

  // After each of their answers the core is asked whether it may tell the expert's class:
  // only for a gold window, and only when the owner turned gold feedback on.
  useEffect(() => {
    if (!guide) return;
    return client.on('labels.changed', (e) => {
      if (e.by !== annotator.id || !e.own || e.own.kind === 'skip') return;
      const said = e.own.kind === 'class' ? e.own.classId : null;
      client
        .call('guide.feedback', { windowId: e.windowId })
        .then((f) => setGold(f ? { windowId: f.windowId, expert: f.expertClassId, said } : null))
        .catch(() => undefined);
    });
  }, [client, guide, annotator.id]);

  useLayoutEffect(() => {
    const p = new Player(playheadRef.current!, soundStripRef.current);
    player.current = p;
    return () => p.destroy();
  }, []);

  // A new window silences the old one's sound.
  useEffect(() => {
    player.current?.stop();
    setPlaying(false);
  }, [current?.id]);

  useEffect(() => {
    if (trace) markShown(trace.windowId);
  }, [trace]);

  const togglePlay = useCallback(() => {
    const p = player.current;
    if (!p) return;
    if (p.playing) {
      p.stop();
      setPlaying(false);
      return;
    }
    if (!trace) return;
    const s = useLabelingStore.getState();
    s.markListened(trace.windowId);
    setPlaying(true);
    p.play(trace.samples, trace.fs, s.speed, () => setPlaying(false));
  }, [trace]);

  const verdict = useCallback(
    (kind: LabelKind, classId?: number) => useLabelingStore.getState().label(client, annotator.id, kind, classId, null, 'volunteer'),
    [client, annotator.id],
  );
  const undo = useCallback(() => useLabelingStore.getState().undo(client, annotator.id), [client, annotator.id]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.altKey || e.metaKey) return;
      const v = verdictKey(e, classes);
      if (!v) return;
      // Space must not also press the button that has the focus (the last one clicked).
      e.preventDefault();
      if (v.kind === 'play') togglePlay();
      else if (v.kind === 'undo') undo();
      else {
        markKey();
        verdict(v.kind, v.kind === 'class' ? v.classId : undefined);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [classes, verdict, undo, togglePlay]);

  const seconds = current ? current.nSamples / current.samplingRate : 0;
  const band = current && filter.kind === 'band' && filterApplies(filter, current.samplingRate) ? `filtered to ${filterLabel(filter)}` : 'unfiltered';
  return (
    <main className="volunteer" aria-label="Classify signals">
      <header className="vol-header">
        <strong className="brand">Seislabel</strong>
        <span className="vol-count" data-testid="volunteer-count" data-count={answered}>
          <strong>{answered}</strong> classified
        </span>
        {guide && (
          <button type="button" className="link" onClick={() => useGuideStore.getState().openTutorial()} data-testid="volunteer-guide"
            title="What each class looks and sounds like">
            field guide
          </button>
        )}
        {owner ? (
          <>
            <label className="vol-name">
              your name
              <input
                key={annotator.id}
                defaultValue={annotator.name}
                size={12}
                onBlur={(e) => void useSessionStore.getState().setAnnotatorName(e.target.value)}
                onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
              />
            </label>
            <button
              type="button"
              className="link"
              onClick={() => {
                useVolunteerStore.getState().setView('full');
                useSessionStore.getState().setScreen('label');
              }}
              data-testid="full-view"
            >
              full view
            </button>
          </>
        ) : (
          // An invited volunteer labels under the name the owner gave them, and has only this view.
          <span className="vol-name" data-testid="signed-in-as">{annotator.name}</span>
        )}
      </header>
      <p className="vol-help">
        Press <kbd>Space</kbd> or Play to hear the ground motion sped up: an earthquake sounds like a crack and a rumble, tremor
        like a hum, noise like a hiss. Then pick what you saw and heard; each button shows its key. <kbd>Backspace</kbd> undoes
        your last answer.
      </p>
      {gold && (
        <p className={`guide-feedback ${gold.said === gold.expert ? 'right' : 'wrong'}`} role="status" data-testid="gold-feedback" data-window-id={gold.windowId}>
          <span>
            That one was checked by an expert: it is <strong data-testid="gold-feedback-expert">{classes.find((c) => c.id === gold.expert)?.name ?? `class ${gold.expert}`}</strong>
            {gold.said === gold.expert ? ', as you said.' : `; you said ${gold.said === null ? 'not sure' : (classes.find((c) => c.id === gold.said)?.name ?? '?')}.`}
          </span>
          <button type="button" className="link" onClick={() => setGold(null)}>dismiss</button>
        </p>
      )}
      {!loading && !current && (
        <p className="vol-waiting" role="status" data-testid="volunteer-waiting">
          {windows.length === 0 ? 'There is nothing to classify in this project yet.' : fetching ? 'Finding the next signal…' : 'Every signal here is classified. Thank you!'}
        </p>
      )}
      <section className="vol-signal" aria-label="Signal" data-testid="volunteer-plot" data-window-id={current?.id ?? ''} data-drawn-id={trace?.windowId ?? ''} hidden={!current}>
        <WavePlot samples={trace?.samples ?? null} windowId={trace?.windowId ?? null} seconds={seconds} playheadRef={playheadRef} />
        <div className="vol-sound">
          <button type="button" className="vol-play" onClick={togglePlay} disabled={!trace} aria-pressed={playing} data-testid="volunteer-play">
            {playing ? '❚❚ Stop' : '▶ Play'}
          </button>
          <div className="sound-strip vol-sound-strip" ref={soundStripRef} data-testid="volunteer-sound-strip" title="The sound as played, with its progress" />
          <span className="muted">
            {seconds > 0 ? `${seconds.toFixed(0)} s of up-and-down ground motion, ${band}` : ''}
          </span>
          <label className="muted vol-speed">
            sped up
            <select value={speed} onChange={(e) => useLabelingStore.getState().setSpeed(Number(e.target.value))} data-testid="volunteer-speed">
              {SPEEDS.map((s) => <option key={s} value={s}>{s}×</option>)}
            </select>
          </label>
        </div>
      </section>
      <section className="vol-choices" aria-label="What is it?" hidden={!current}>
        {classes.map((c) => (
          <button key={c.id} type="button" className="vol-class" style={{ borderTopColor: c.colour }} onClick={() => verdict('class', c.id)} data-testid={`volunteer-class-${c.name}`}>
            <span className="vol-class-name">{c.hotkey && <kbd>{c.hotkey}</kbd>} {c.name}</span>
            {c.description && <span className="vol-class-desc">{c.description}</span>}
          </button>
        ))}
      </section>
      <div className="vol-other">
        <button type="button" onClick={() => verdict('unsure')} disabled={!current} data-testid="volunteer-unsure"><kbd>u</kbd> not sure</button>
        <button type="button" onClick={() => verdict('skip')} disabled={!current} data-testid="volunteer-skip"><kbd>s</kbd> skip</button>
        <button type="button" onClick={undo} data-testid="volunteer-undo"><kbd>⌫</kbd> undo</button>
      </div>
      {current && (
        <HistoryPanel client={client} windowId={current.id} classes={classes} everyone={mayCall(useSessionStore.getState().me?.role ?? 'volunteer', 'labels.history')}
          annotatorId={annotator.id} />
      )}
      {saveError && <p className="error" role="alert">{saveError}</p>}
    </main>
  );
}
