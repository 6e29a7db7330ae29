// Practice on gold windows: the volunteer answers as they will later, and after each answer
// is told the expert's class (the core tells it only once the answer is saved). The answers
// are ordinary labels: they measure each volunteer against gold from the first minute.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { CoreClient } from '../../core/common/api/client.js';
import { base64ToF32 } from '../../core/common/base64.js';
import type { ClassInfo, LabelKind } from '../../core/common/model.js';
import { Player } from '../labeling/player.js';
import { verdictKey } from '../lib/hotkeys.js';
import { processChannels } from '../lib/signal.js';
import { isTyping } from '../lib/typing.js';
import { useLabelingStore } from '../stores/useLabelingStore.js';
import { volunteerChannel } from './answers.js';
import type { GuideStatus } from './useGuideStore.js';
import { WavePlot } from './WavePlot.js';

interface Props {
  client: CoreClient;
  name: string;
  classes: ClassInfo[];
  status: GuideStatus;
  onDone(): void;
}

interface Answer {
  kind: LabelKind;
  classId: number | null;
  expertClassId: number | null;
}

export function Practice({ client, name, classes, status, onDone }: Props) {
  const filter = useLabelingStore((s) => s.filter);
  const speed = useLabelingStore((s) => s.speed);
  const ids = status.practice.map((p) => p.windowId);
  // Resume at the first practice window not answered yet (a reload mid-practice).
  const [index, setIndex] = useState(() => Math.max(0, status.practice.findIndex((p) => !p.labeled)));
  const windowId = ids[index];
  const [trace, setTrace] = useState<{ windowId: number; samples: Float32Array; fs: number } | null>(null);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [playing, setPlaying] = useState(false);
  const listened = useRef(false);
  const playheadRef = useRef<HTMLDivElement>(null);
  const stripRef = useRef<HTMLDivElement>(null);
  const player = useRef<Player | null>(null);

  useEffect(() => {
    if (ids.length === 0) onDone();
  }, [ids.length, onDone]);

  useLayoutEffect(() => {
    const p = new Player(playheadRef.current!, stripRef.current);
    player.current = p;
    return () => p.destroy();
  }, []);

  useEffect(() => {
    if (windowId === undefined) return;
    let live = true;
    player.current?.stop();
    listened.current = false;
    setAnswer(null);
    client
      .call('windows.get', { id: windowId })
      .then((w) => {
        if (!live) return;
        const k = volunteerChannel(w.channels);
        const [samples] = processChannels([base64ToF32(w.samples[k]!)], w.samplingRate, filter);
        setTrace({ windowId, samples: samples!, fs: w.samplingRate });
      })
      .catch((e: Error) => live && setError(`cannot load practice window #${windowId}: ${e.message}`));
    return () => {
      live = false;
    };
  }, [client, windowId, filter]);

  const shown = trace && trace.windowId === windowId ? trace : null;
  const togglePlay = useCallback(() => {
    const p = player.current;
    if (!p || !shown) return;
    if (p.playing) {
      p.stop();
      return;
    }
    listened.current = true;
    setPlaying(true);
    p.play(shown.samples, shown.fs, speed, () => setPlaying(false));
  }, [shown, speed]);

  const respond = useCallback(
    async (kind: LabelKind, classId?: number) => {
      if (windowId === undefined || answer || saving) return;
      player.current?.stop();
      setSaving(true);
      try {
        await client.call('labels.add', { windowId, kind, classId: classId ?? null, listened: listened.current });
        const fb = await client.call('guide.feedback', { windowId });
        setAnswer({ kind, classId: classId ?? null, expertClassId: fb?.expertClassId ?? null });
        setError(null);
      } catch (e) {
        setError(`answer not saved: ${(e as Error).message}`);
      } finally {
        setSaving(false);
      }
    },
    [client, windowId, answer, saving],
  );

  const last = index >= ids.length - 1;
  const next = useCallback(() => (last ? onDone() : setIndex((i) => i + 1)), [last, onDone]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.altKey || e.metaKey) return;
      if (answer) {
        if (e.key === 'Enter' || e.key === 'ArrowRight') {
          e.preventDefault();
          next();
        }
        return;
      }
      const v = verdictKey(e, classes);
      if (!v || v.kind === 'undo') return;
      e.preventDefault();
      if (v.kind === 'play') togglePlay();
      else void respond(v.kind, v.kind === 'class' ? v.classId : undefined);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [answer, classes, next, respond, togglePlay]);

  const className = (id: number | null) => classes.find((c) => c.id === id)?.name ?? `class ${id}`;
  const said = answer ? (answer.kind === 'class' ? className(answer.classId) : answer.kind === 'unsure' ? 'not sure' : 'skip') : '';
  const right = answer !== null && answer.kind === 'class' && answer.classId === answer.expertClassId;
  const seconds = shown ? shown.samples.length / shown.fs : 0;
  return (
    <main className="volunteer guide" aria-label="Practice" data-testid="guide-practice" data-window-id={windowId ?? ''} data-drawn-id={shown?.windowId ?? ''}>
      <header className="vol-header">
        <strong className="brand">Seislabel</strong>
        <span className="vol-count" data-testid="practice-position">practice <strong>{Math.min(index + 1, ids.length)}</strong> of {ids.length}</span>
        <span className="vol-name" data-testid="signed-in-as">{name}</span>
      </header>
      <p className="vol-help">An expert has classified these recordings. Listen, look, answer: you will then see the expert&apos;s answer.</p>
      <section className="vol-signal" aria-label="Signal">
        <WavePlot samples={shown?.samples ?? null} windowId={shown?.windowId ?? null} seconds={seconds} playheadRef={playheadRef} />
        <div className="vol-sound">
          <button type="button" className="vol-play" onClick={togglePlay} disabled={!shown} aria-pressed={playing} data-testid="practice-play">{playing ? '❚❚ Stop' : '▶ Play'}</button>
          <div className="sound-strip vol-sound-strip" ref={stripRef} />
        </div>
      </section>
      {answer ? (
        <section className={`guide-feedback ${right ? 'right' : 'wrong'}`} role="status" data-testid="practice-feedback" data-right={right}>
          {answer.expertClassId !== null ? (
            <p>The expert label was <strong data-testid="practice-expert">{className(answer.expertClassId)}</strong>. You said <strong>{said}</strong>{right ? ' — right!' : '.'}</p>
          ) : (
            <p>Your answer is saved.</p>
          )}
          <button type="button" className="vol-play" onClick={next} data-testid="practice-next">{last ? 'Start classifying' : 'Next'}</button>
        </section>
      ) : (
        <>
          <section className="vol-choices" aria-label="What is it?">
            {classes.map((c) => (
              <button key={c.id} type="button" className="vol-class" style={{ borderTopColor: c.colour }} disabled={!shown || saving}
                onClick={() => void respond('class', c.id)} data-testid={`practice-class-${c.name}`}>
                <span className="vol-class-name">{c.hotkey && <kbd>{c.hotkey}</kbd>} {c.name}</span>
                {c.description && <span className="vol-class-desc">{c.description}</span>}
              </button>
            ))}
          </section>
          <div className="vol-other">
            <button type="button" onClick={() => void respond('unsure')} disabled={!shown || saving} data-testid="practice-unsure"><kbd>u</kbd> not sure</button>
          </div>
        </>
      )}
      {error && <p className="error" role="alert">{error}</p>}
    </main>
  );
}
