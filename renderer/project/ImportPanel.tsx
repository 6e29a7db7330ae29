// Import: server-side paths typed in, or files dropped/picked here (uploaded first, since
// in browser mode the core cannot read the browser's disk). One background task with a
// progress bar, a cancel button and per-file errors in plain words.
import { useEffect, useRef, useState } from 'react';
import type { CoreClient } from '../../core/common/api/client.js';
import { UPLOAD_CHUNK_BYTES } from '../../core/common/api/imports.js';
import type { Output } from '../../core/common/api/index.js';
import { useSessionStore } from '../stores/useSessionStore.js';

type Task = Output<'tasks.get'>;

/** A slice of the file's bytes as base64 (the data-URL prefix removed). */
function readBase64(file: File, start: number, end: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).slice(String(r.result).indexOf(',') + 1));
    r.onerror = () => reject(new Error(`${file.name}: cannot be read by the browser`));
    r.readAsDataURL(file.slice(start, end));
  });
}

/** Uploads one file in chunks (the host bounds the size of a message); returns its path on the host. */
async function uploadFile(client: CoreClient, file: File): Promise<string> {
  for (let offset = 0; ; offset += UPLOAD_CHUNK_BYTES) {
    const end = Math.min(file.size, offset + UPLOAD_CHUNK_BYTES);
    const last = end >= file.size;
    const { path } = await client.call('imports.upload', { name: file.name, base64: await readBase64(file, offset, end), offset, last });
    if (last) return path;
  }
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

  const start = async (list: string[]) => {
    if (!client || list.length === 0) return;
    setNote(null);
    try {
      const len = Number(lengthS);
      const step = Number(stepS);
      const num = (v: string) => Number(v);
      const windowing = !(len > 0)
        ? { mode: 'none' as const }
        : mode === 'trigger'
          ? { mode: 'trigger' as const, lengthSeconds: len, staSeconds: num(trig.sta), ltaSeconds: num(trig.lta), on: num(trig.on), off: num(trig.off), preSeconds: num(trig.pre) }
          : { mode: 'fixed' as const, lengthSeconds: len, stepSeconds: step > 0 ? step : len };
      const { taskId } = await client.call('imports.start', { paths: list, windowing, importLabels });
      setTask(await client.call('tasks.get', { id: taskId }));
    } catch (e) {
      setNote((e as Error).message);
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
        </div>
      )}
    </section>
  );
}
