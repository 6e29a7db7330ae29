// The labeling screen: where the next windows come from (active-learning queue or project
// order) and the model's status, traces + spectrogram, toolbar, verdict panel, progress,
// and the one-key flow (Prodigy style): a verdict key saves and moves on at once.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { mayCall } from '../../core/common/api/index.js';
import { goldClassFor } from '../lib/gold.js';
import { acceptsSuggestion, verdictKey } from '../lib/hotkeys.js';
import { markKey } from '../lib/perf.js';
import { FILTER_PRESETS } from '../lib/signal.js';
import { provenance } from '../lib/suggestion.js';
import { fmtUtc } from '../traces/timeAxis.js';
import { snapToOnset } from '../../core/common/dsp/aicPick.js';
import { WindowCache } from '../lib/windowCache.js';
import { isReviewMode } from '../lib/queue.js';
import { ClassManager } from '../project/ClassManager.js';
import { currentWindow, useLabelingStore } from '../stores/useLabelingStore.js';
import { useModelStore } from '../stores/useModelStore.js';
import { useSessionStore } from '../stores/useSessionStore.js';
import { useSuggestionStore } from '../stores/useSuggestionStore.js';
import { useVolunteerStore } from '../volunteer/useVolunteerStore.js';
import { HelpOverlay } from './HelpOverlay.js';
import { ModelStatus } from './ModelStatus.js';
import { ProgressBar } from './ProgressBar.js';
import { QueueBar } from './QueueBar.js';
import { SidePanel } from './SidePanel.js';
import { Toolbar } from './Toolbar.js';
import { TraceView, type TraceController } from './TraceView.js';
import { useLabelingSession } from './useLabelingSession.js';
import { useWindowVotes } from './useWindowVotes.js';
import { CrowdPanel } from './CrowdPanel.js';
import { ReviewNote } from './ReviewNote.js';
import { HistoryPanel } from './HistoryPanel.js';
import { useGoldStore } from '../stores/useGoldStore.js';

import { isTyping } from '../lib/typing.js';
// Reasons are looked up for the window on screen and a few ahead, so the panel never lags.
const REASONS_AHEAD = 5;

export function LabelingScreen() {
  const client = useSessionStore((s) => s.client)!;
  const project = useSessionStore((s) => s.project)!;
  const classes = useSessionStore((s) => s.classes);
  const annotator = useSessionStore((s) => s.annotator)!;
  const { windows, order, cursor, mode, fetching, helpOpen, saveError, review } = useLabelingStore();
  const current = useLabelingStore(currentWindow);
  const cache = useMemo(() => new WindowCache(client), [client]);
  const controller = useRef<TraceController | null>(null);
  const soundStrip = useRef<HTMLDivElement | null>(null);
  const [playing, setPlaying] = useState(false);
  const loading = useLabelingSession(client, project.path, annotator.id);
  const [classesOpen, setClassesOpen] = useState(false);
  const classesOpenRef = useRef(classesOpen);
  classesOpenRef.current = classesOpen;

  useEffect(() => useModelStore.getState().watch(client), [client]);

  // Gold windows and everyone's votes: for those who read the project; marking is the owner's.
  const role = useSessionStore((s) => s.me?.role) ?? 'volunteer';
  const canRead = mayCall(role, 'consensus.get');
  const canMark = mayCall(role, 'gold.set');
  const gold = useGoldStore((s) => s.gold);
  const goldError = useGoldStore((s) => s.error);
  useEffect(() => {
    if (canRead) void useGoldStore.getState().load(client);
  }, [client, canRead]);
  const { votes, error: votesError } = useWindowVotes(client, current?.id, canRead);
  const currentGold = current ? gold.get(current.id) : undefined;
  const markAs = canMark && current ? goldClassFor(votes?.windowId === current.id ? votes.labels : null, annotator.id, current.label) : undefined;
  const toggleGold = useRef<() => void>(() => undefined);
  toggleGold.current = () => {
    if (!current || markAs === undefined) return;
    if (currentGold !== undefined) void useGoldStore.getState().set(client, current.id, null);
    else if (markAs !== null) void useGoldStore.getState().set(client, current.id, markAs);
    else setPickNote('label the window with a class before marking it gold');
  };

  useEffect(() => {
    useLabelingStore.getState().loadReasons(client, order.slice(cursor, cursor + REASONS_AHEAD));
  }, [client, order, cursor]);

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

  const [pickNote, setPickNote] = useState<string | null>(null);
  // Picks set elsewhere (another window of the app, another person, another host of a team database) show at once.
  useEffect(() => client.on('picks.changed', ({ windowId, picks }) => {
    cache.setPicks(windowId, picks);
    controller.current?.slots.setPicks(windowId, picks);
    useLabelingStore.getState().applyPicks(windowId, picks);
  }), [client, cache]);
  /** Stores a pick (or removes it: null) and shows the window's picks as the core now has them. */
  const setPick = useCallback(
    (windowId: number, phase: string, seconds: number | null) => {
      if (phase !== 'P' && phase !== 'S') return;
      client
        .call('picks.set', { windowId, annotatorId: annotator.id, phase, offsetSeconds: seconds === null ? null : Math.max(0, seconds) })
        .then(({ picks }) => {
          cache.setPicks(windowId, picks);
          controller.current?.slots.setPicks(windowId, picks);
          useLabelingStore.getState().applyPicks(windowId, picks);
          setPickNote(null);
        })
        .catch((e: Error) => setPickNote(`pick not saved: ${e.message}`));
    },
    [client, annotator.id, cache],
  );

  /** P or S at the pointer (snapped to the onset nearby when asked), or Delete the pick under it. */
  const pickKey = useCallback(
    (key: 'P' | 'S' | 'Delete') => {
      const c = controller.current;
      const id = currentWindow(useLabelingStore.getState())?.id;
      if (!c || id === undefined) return;
      const x = c.pointerX;
      if (key === 'Delete') {
        const near = x === null ? null : c.slots.pickNear(x, 12);
        if (near) setPick(id, near.phase, null);
        else setPickNote('point at a pick on the traces, then press Delete to remove it');
        return;
      }
      const t = x === null ? null : c.slots.secondsAt(x);
      if (t === null) {
        setPickNote(`point at the onset on the traces, then press Shift+${key}`);
        return;
      }
      const v = c.slots.visibleProcessed();
      let at = t;
      if (v && useLabelingStore.getState().snapPicks) {
        // P is sharpest on the vertical, S on a horizontal component.
        const w = currentWindow(useLabelingStore.getState())!;
        const z = w.channels.findIndex((ch) => ch.endsWith('Z'));
        const ch = key === 'P' ? Math.max(0, z) : (w.channels.findIndex((_, i) => i !== z) + 1 || 1) - 1;
        at = snapToOnset(v.channels[ch]!, v.fs, t, 1);
      }
      setPick(id, key, at);
    },
    [setPick],
  );

  const verdict = useCallback(
    (kind: 'class' | 'unsure' | 'skip', classId?: number, accepted = false) => {
      setPlaying(false);
      const s = useLabelingStore.getState();
      const w = currentWindow(s);
      s.label(client, annotator.id, kind, classId, w ? provenance(useSuggestionStore.getState().shown, w.id, accepted) : null, 'full');
    },
    [client, annotator.id],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.altKey || e.metaKey) return;
      const s = useLabelingStore.getState();
      if (classesOpenRef.current) {
        if (e.key === 'Escape') setClassesOpen(false);
        return;
      }
      if (s.helpOpen) {
        if (e.key === 'Escape' || e.key === '?') s.setHelp(false);
        return;
      }
      const shown = useSuggestionStore.getState().shown;
      if (acceptsSuggestion(e) && shown && shown.windowId === currentWindow(s)?.id) {
        // Enter takes the suggestion on screen, not whatever button has the focus.
        e.preventDefault();
        markKey();
        verdict('class', shown.suggestion.classId, true);
        return;
      }
      const v = verdictKey(e, classes);
      if (v) {
        // Undo and Space must not also press the focused button or go back in history.
        e.preventDefault();
        if (v.kind === 'play') togglePlay();
        else {
          markKey();
          if (v.kind === 'undo') s.undo(client, annotator.id);
          else verdict(v.kind, v.kind === 'class' ? v.classId : undefined);
        }
      } else if (e.ctrlKey) {
        return;
      } else if (e.key === 'ArrowRight') {
        e.preventDefault();
        markKey();
        s.go(s.cursor + 1);
        s.ensureAhead(client);
      } else if (e.key === 'ArrowLeft') {
        e.preventDefault();
        markKey();
        s.go(s.cursor - 1);
      } else if (e.key === 'Home' || e.key === 'End') {
        e.preventDefault();
        markKey();
        s.go(e.key === 'Home' ? 0 : s.order.length - 1);
        s.ensureAhead(client);
      } else if (e.key === 'P' || e.key === 'S' || e.key === 'Delete') {
        e.preventDefault();
        pickKey(e.key);
      } else if (e.key === 'f') {
        const i = FILTER_PRESETS.findIndex((p) => JSON.stringify(p.setting) === JSON.stringify(s.filter));
        s.setFilter(FILTER_PRESETS[(i + 1) % FILTER_PRESETS.length]!.setting);
      } else if (e.key === '?') {
        s.setHelp(true);
      } else if (e.key === 'g') {
        toggleGold.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [client, annotator.id, classes, verdict, togglePlay, pickKey]);

  if (!loading && windows.length === 0) {
    return (
      <main className="empty">
        <p>This project has no windows yet. Import files or cut windows from a stream in the trace browser.</p>
        <button type="button" onClick={() => useSessionStore.getState().setScreen('project')}>Import files</button>
      </main>
    );
  }

  const go = (i: number) => {
    const s = useLabelingStore.getState();
    s.go(i);
    s.ensureAhead(client);
  };
  return (
    <main className="labeling" aria-label="Labeling">
      <ProgressBar windows={windows} classes={classes} position={{ mode, cursor, length: order.length }} />
      <div className="queue-row">
        <QueueBar client={client} />
        <ModelStatus client={client} />
      </div>
      <div className="labeling-body">
        <section className="traces" aria-label="Traces">
          <Toolbar channels={current?.channels ?? []} fs={current?.samplingRate ?? 100} playing={playing} onPlay={togglePlay} soundStrip={soundStrip} />
          <div className="window-title" data-testid="window-title" data-window-id={current?.id ?? ''}>
            <strong>{current ? `${current.network}.${current.station}` : ''}</strong>
            <span className="muted">{current ? `window #${current.id}` : ''}</span>
            <span>{current?.channels.join(' · ')}</span>
            <span title="UTC time of the first sample">{current?.startTime != null ? fmtUtc(current.startTime) : ''}</span>
            <span>{current ? `${current.samplingRate} Hz` : ''}</span>
            {currentGold !== undefined && (
              <span className="gold-badge" data-testid="gold-badge" title="An expert settled this window: its class anchors the consensus">
                ★ gold: {classes.find((c) => c.id === currentGold)?.name ?? `class ${currentGold}`}
              </span>
            )}
            <button type="button" onClick={() => go(cursor - 1)} aria-label="Previous window (←)">←</button>
            <button type="button" onClick={() => go(cursor + 1)} aria-label="Next window (→)">→</button>
            <button type="button" onClick={() => useLabelingStore.getState().setHelp(true)} aria-label="Keyboard help (?)">?</button>
            <button type="button" onClick={() => useVolunteerStore.getState().setView('volunteer')} title="A plot, the sound and big class buttons, as for citizen-science volunteers" data-testid="simple-view">simple view</button>
          </div>
          {!current && !loading && (
            <p className="queue-waiting" data-testid="queue-waiting" role="status">
              {fetching
                ? 'Choosing the next windows…'
                : mode === 'queue'
                  ? 'The queue is empty: every window is labeled, or press “new batch”.'
                  : mode === 'contested'
                    ? 'End of the contested windows: “reload list” builds it again from the labels as they are now.'
                    : mode === 'issues' ? 'End of the probable label errors: “reload list” looks again.' : ''}
            </p>
          )}
          <TraceView cache={cache} controller={controller} soundStrip={soundStrip} onPickMoved={setPick} />
          {saveError && <p className="error" role="alert">{saveError}</p>}
          {pickNote && <p className="warn" role="status" data-testid="pick-note">{pickNote}</p>}
        </section>
        <SidePanel
          client={client} window={current} classes={classes} onVerdict={verdict} onEditClasses={() => setClassesOpen(true)}
          crowd={current && (<>
            {canRead && isReviewMode(mode) && review.has(current.id) && <ReviewNote client={client} windowId={current.id} note={review.get(current.id)!} classes={classes} of={order.length} />}
            {canRead && (
              <CrowdPanel window={current} classes={classes} votes={votes?.windowId === current.id ? votes : null} gold={currentGold} markAs={markAs}
                onToggleGold={() => toggleGold.current()} error={goldError ?? votesError} />
            )}
            <HistoryPanel client={client} windowId={current.id} classes={classes} everyone={mayCall(role, 'labels.history')} annotatorId={annotator.id}
              picksKey={JSON.stringify(current.picks)} />
          </>)}
        />
      </div>
      {helpOpen && <HelpOverlay classes={classes} onClose={() => useLabelingStore.getState().setHelp(false)} />}
      {classesOpen && (
        <div className="overlay" role="dialog" aria-modal="true" aria-label="Edit classes" data-testid="classes-dialog">
          <div className="overlay-card wide">
            <ClassManager client={client} classes={classes} onChanged={() => useSessionStore.getState().reloadClasses()} />
            <button type="button" onClick={() => setClassesOpen(false)} data-testid="close-classes">Close</button>
          </div>
        </div>
      )}
    </main>
  );
}
