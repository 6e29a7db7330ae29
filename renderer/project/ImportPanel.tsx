// Import: server-side paths typed in, or files dropped/picked here (uploaded first, since
// in browser mode the core cannot read the browser's disk). One background task with a
// progress bar, a cancel button and per-file errors in plain words; when it ends, what each
// file gave: windows, why some got none (with a length that fits, one click to re-cut), and
// the gaps and overlaps found in its streams.
import { useEffect, useRef, useState } from 'react';
import type { Input, Output } from '../../core/common/api/index.js';
import type { WindowsCutResult } from '../../core/common/api/windows.js';
import type { ImportedFile, ImportResult } from '../../core/common/importResult.js';
import type { WindowNotice } from '../../core/common/windowPlan.js';
import { useSessionStore } from '../stores/useSessionStore.js';
import { uploadFile } from './upload.js';

type Task = Output<'tasks.get'>;
/** Re-cuts a file's streams with a notice's proposal; resolves to the number of new windows (null on failure). */
type Recut = (file: ImportedFile, notice: WindowNotice) => Promise<number | null>;

// Gaps listed per file before the rest is folded away: a damaged day can hold thousands.
const GAPS_SHOWN = 10;
const fileName = (path: string): string => path.split(/[\\/]/).pop() || path;

/** One imported file: its windows, windowing notices with a re-cut button, gaps and overlaps. */
function FileReport({ file, onRecut }: { file: ImportedFile; onRecut: Recut }) {
  const [done, setDone] = useState<Record<number, string>>({});
  const gaps = file.gaps.slice(0, GAPS_SHOWN);
  const more = file.gapCount - gaps.length;
  return (
    <li data-testid="import-file">
      <strong>{fileName(file.file)}</strong>
      {`: ${file.streams} stream(s), ${file.windows} window(s)`}
      {file.labels > 0 && `, ${file.labels} label(s)`}
      {file.completed && ' — finished an import that was interrupted'}
      {file.notices.map((n, i) => (
        <div key={i} className="notice" data-testid="import-notice" data-kind={n.kind}>
          {n.message}
          {n.proposal && done[i] === undefined && (
            <button
              type="button"
              className="link"
              data-testid="recut"
              onClick={() => void onRecut(file, n).then((created) => created !== null && setDone((d) => ({ ...d, [i]: `re-cut: ${created} new window(s) of ${n.proposal!.lengthSeconds} s` })))}
            >
              cut {n.proposal.lengthSeconds} s windows every {n.proposal.stepSeconds} s
            </button>
          )}
          {done[i] !== undefined && <span className="muted"> — {done[i]}</span>}
        </div>
      ))}
      {file.warnings.length > 0 && (
        <ul className="muted">{file.warnings.map((w, i) => <li key={i}>{w}</li>)}</ul>
      )}
      {file.gapCount > 0 && (
        <details data-testid="import-gaps" open={file.gapCount <= 3}>
          <summary>{file.gapCount} gap(s)/overlap(s) between records: each starts a new stream, and no window spans one</summary>
          <ul>
            {gaps.map((g, i) => (
              <li key={i}>{`${g.kind} of ${g.seconds.toFixed(3)} s in ${g.streamId} at ${new Date(g.at).toISOString()}`}</li>
            ))}
            {more > 0 && <li className="muted">{`… and ${more} more (seislabel info lists the streams)`}</li>}
          </ul>
        </details>
      )}
    </li>
  );
}

export function ImportPanel() {
  const { client, info, refreshInfo, setScreen } = useSessionStore();
  const [paths, setPaths] = useState('');
  const [lengthS, setLengthS] = useState('30');
  const [stepS, setStepS] = useState('15');
  const [mode, setMode] = useState<'fixed' | 'trigger'>('fixed');
  const [trig, setTrig] = useState({ sta: '0.5', lta: '10', on: '3.5', off: '1.5', pre: '5' });
  const [importLabels, setImportLabels] = useState(true);
  const [task, setTask] = useState<Task | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!client) return;
    return client.on('task.progress', (t) => {
      setTask((cur) => (cur && cur.id === t.id ? t : cur));
      if (t.status !== 'running') void refreshInfo();
    });
  }, [client, refreshInfo]);

  /** The windowing the form describes. */
  const windowingOf = () => {
    const len = Number(lengthS);
    const step = Number(stepS);
    const num = (v: string) => Number(v);
    return !(len > 0)
      ? { mode: 'none' as const }
      : mode === 'trigger'
        ? { mode: 'trigger' as const, lengthSeconds: len, staSeconds: num(trig.sta), ltaSeconds: num(trig.lta), on: num(trig.on), off: num(trig.off), preSeconds: num(trig.pre) }
        : { mode: 'fixed' as const, lengthSeconds: len, stepSeconds: step > 0 ? step : len };
  };

  const start = async (list: string[]) => {
    if (!client || list.length === 0) return;
    setNote(null);
    try {
      const { taskId } = await client.call('imports.start', { paths: list, windowing: windowingOf(), importLabels });
      setTask(await client.call('tasks.get', { id: taskId }));
    } catch (e) {
      setNote((e as Error).message);
    }
  };

  /** Runs a `windows.cut` task to its end, showing its progress in the note. */
  const runCut = async (input: Input<'windows.cut'>): Promise<WindowsCutResult> => {
    if (!client) throw new Error('not connected');
    const { taskId } = await client.call('windows.cut', input);
    let off = () => {};
    const ended = new Promise<Task>((resolve) => {
      off = client.on('task.progress', (t) => {
        if (t.id !== taskId) return;
        if (t.status === 'running') setNote(`cutting windows: ${t.message}`);
        else resolve(t);
      });
    });
    try {
      // The task may have ended before the listener was attached.
      const now = await client.call('tasks.get', { id: taskId });
      const t = now.status === 'running' ? await ended : now;
      if (t.status !== 'done') throw new Error(`cutting windows ${t.status}: ${t.message}`);
      return t.result as WindowsCutResult;
    } finally {
      off();
    }
  };

  // Every stored stream cut again with the form's settings; windows already there are kept.
  const recutAll = async () => {
    if (!client) return;
    setNote('cutting windows…');
    try {
      const r = await runCut({ windowing: windowingOf() });
      setNote(`cut ${r.created} new window(s)${r.skipped ? `, ${r.skipped} already there` : ''}${r.notices.length ? ` — ${r.notices.map((n) => n.message).join('; ')}` : ''}`);
      await refreshInfo();
    } catch (e) {
      setNote((e as Error).message);
    }
  };

  // Re-cut one source with the length the notice proposes; windows already there are kept.
  const recut: Recut = async (file, notice) => {
    if (!client || !notice.proposal) return null;
    try {
      const { lengthSeconds, stepSeconds } = notice.proposal;
      const r = await runCut({ windowing: { mode: 'fixed', lengthSeconds, stepSeconds }, sourceIds: [file.sourceId] });
      setNote(`${fileName(file.file)}: cut ${r.created} window(s) of ${lengthSeconds} s${r.notices.length ? ` — ${r.notices.map((n) => n.message).join('; ')}` : ''}`);
      await refreshInfo();
      return r.created;
    } catch (e) {
      setNote((e as Error).message);
      return null;
    }
  };

  const upload = async (files: File[]) => {
    if (!client || files.length === 0) return;
    setNote(`uploading ${files.length} file(s)…`);
    try {
      const uploaded: string[] = [];
      for (const f of files) uploaded.push(await uploadFile(client, f));
      await start(uploaded);
    } catch (e) {
      setNote((e as Error).message);
    }
  };

  const running = task?.status === 'running';
  const result = task && !running ? (task.result as ImportResult | undefined) : undefined;
  const pct = task && task.total > 0 ? Math.round((100 * task.done) / task.total) : 0;
  return (
    <section className="card" aria-labelledby="import-h">
      <h2 id="import-h">Import</h2>
      <p className="muted" data-testid="project-summary">
        {info ? `${info.sources.length} file(s), ${info.streams.length} stream(s), ${info.windows} window(s), ${info.labeled} labeled` : ''}
      </p>
      <label className="field">
        Files or folders on the machine that runs Seislabel (one per line)
        <textarea rows={4} value={paths} onChange={(e) => setPaths(e.target.value)} data-testid="import-paths" placeholder="/data/2025/CH.BALST..LHE.D.2025.314" />
      </label>
      <div className="row">
        <label>
          windows{' '}
          <select value={mode} onChange={(e) => setMode(e.target.value as 'fixed' | 'trigger')} data-testid="windowing-mode">
            <option value="fixed">every step (fixed)</option>
            <option value="trigger">around STA/LTA triggers</option>
          </select>
        </label>
        <label>window length (s) <input size={5} value={lengthS} onChange={(e) => setLengthS(e.target.value)} /></label>
        {mode === 'fixed' ? (
          <label>step (s) <input size={5} value={stepS} onChange={(e) => setStepS(e.target.value)} /></label>
        ) : (
          <>
            <label title="short-term average window">STA (s) <input size={4} value={trig.sta} onChange={(e) => setTrig({ ...trig, sta: e.target.value })} /></label>
            <label title="long-term average window">LTA (s) <input size={4} value={trig.lta} onChange={(e) => setTrig({ ...trig, lta: e.target.value })} /></label>
            <label title="the trigger fires when STA/LTA rises above this">on <input size={4} value={trig.on} onChange={(e) => setTrig({ ...trig, on: e.target.value })} /></label>
            <label title="the trigger ends when STA/LTA falls below this">off <input size={4} value={trig.off} onChange={(e) => setTrig({ ...trig, off: e.target.value })} /></label>
            <label title="seconds kept before the trigger">before (s) <input size={4} value={trig.pre} onChange={(e) => setTrig({ ...trig, pre: e.target.value })} /></label>
          </>
        )}
        <span className="muted">continuous data is cut into windows; windowed sets keep theirs. Length 0 = no windows.</span>
      </div>
      <label className="row" title="Windowed-array sets (windows.f32 + .csv) may carry labels; leave this off to label them yourself from scratch">
        <input type="checkbox" checked={importLabels} onChange={(e) => setImportLabels(e.target.checked)} data-testid="import-labels" /> import the labels of windowed sets
      </label>
      <div
        className={`dropzone${dragging ? ' dragging' : ''}`}
        data-testid="dropzone"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          void upload([...e.dataTransfer.files]);
        }}
      >
        Drop miniSEED, SAC or WAV files here, or{' '}
        <button type="button" className="link" onClick={() => fileInput.current?.click()}>choose files</button>
        <input ref={fileInput} type="file" multiple hidden data-testid="file-input" onChange={(e) => void upload([...(e.target.files ?? [])])} />
      </div>
      <div className="buttons">
        <button type="button" disabled={running || !paths.trim()} onClick={() => void start(paths.split('\n').map((p) => p.trim()).filter(Boolean))} data-testid="import-start">
          Import
        </button>
        {running && <button type="button" onClick={() => void client?.call('tasks.cancel', { id: task.id })} data-testid="import-cancel">Cancel</button>}
        <button type="button" disabled={running || !info?.streams.length || !(Number(lengthS) > 0)} onClick={() => void recutAll()} data-testid="recut-all" title="Cut the streams already in the project into windows with the settings above; windows already there are kept">
          Re-cut streams
        </button>
        <button type="button" onClick={() => setScreen('label')} disabled={!info?.windows} data-testid="go-label">Start labeling</button>
        <button type="button" onClick={() => setScreen('browse')} disabled={!info?.streams.length}>Browse streams</button>
      </div>
      {note && <p className="muted" role="status">{note}</p>}
      {task && (
        <div className="task" data-testid="import-task" data-status={task.status}>
          <progress max={100} value={pct} aria-label="import progress" /> <span>{task.status === 'running' ? `${pct} % — ${task.message}` : task.message}</span>
          {task.errors.length > 0 && (
            <ul className="errors" data-testid="import-errors">
              {task.errors.map((e, i) => <li key={i}>{e.message}</li>)}
            </ul>
          )}
          {result && result.imported.length > 0 && (
            <ul className="import-report" data-testid="import-report">
              {result.imported.map((f) => <FileReport key={`${f.sourceId}-${f.file}`} file={f} onRecut={recut} />)}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
