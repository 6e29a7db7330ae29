// Training sets and labels out, from the app: a SeisBench training set (waveforms.hdf5 +
// metadata.csv, as a .tar), the current labels as CSV, or every label and pick event as JSON.
// The export runs as a background task on the host (progress, cancel); the finished file is
// read back in pieces and saved as a download (the desktop app asks where to save it).
import { useEffect, useRef, useState } from 'react';
import type { CoreClient } from '../../core/common/api/client.js';
import type { Output } from '../../core/common/api/index.js';
import type { ExportResult } from '../../core/common/api/exports.js';
import { base64ToBytes } from '../../core/common/base64.js';
import { ModelImport } from './ModelImport.js';

type Task = Output<'tasks.get'>;
type Kind = 'seisbench' | 'mseed' | 'mseed3' | 'sac' | 'labels-csv' | 'labels-json' | 'model';
/** Exports of labeled windows, which take the class and confidence filters. */
const WINDOWS: readonly Kind[] = ['seisbench', 'mseed', 'mseed3', 'sac'];
const PIECE = 2 * 1024 * 1024;

/** Reads a finished export from the host and hands it to the browser as a download. */
async function download(client: CoreClient, r: ExportResult, onProgress: (done: number) => void): Promise<void> {
  const parts: Uint8Array[] = [];
  for (let offset = 0; offset < r.bytes; ) {
    const piece = await client.call('exports.read', { downloadId: r.downloadId, offset, length: PIECE });
    const bytes = base64ToBytes(piece.base64);
    parts.push(bytes);
    offset += bytes.length;
    onProgress(offset);
    if (bytes.length === 0) break;
  }
  const type = r.fileName.endsWith('.csv') ? 'text/csv' : r.fileName.endsWith('.json') ? 'application/json' : 'application/x-tar';
  const url = URL.createObjectURL(new Blob(parts as BlobPart[], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = r.fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  await client.call('exports.forget', { downloadId: r.downloadId });
}

export function ExportPanel({ client, classNames }: { client: CoreClient; classNames: string[] }) {
  const [kind, setKind] = useState<Kind>('seisbench');
  const [only, setOnly] = useState<string[]>([]);
  const [minConfidence, setMinConfidence] = useState('0');
  const [seed, setSeed] = useState('1');
  const [onlyWindows, setOnlyWindows] = useState<'' | 'gold' | 'reviewed'>('');
  const [task, setTask] = useState<Task | null>(null);
  const [note, setNote] = useState<string | null>(null);
  // Only this panel's own export is saved (another person's export is theirs).
  const mine = useRef<string | null>(null);

  /** Saves our export once its task is done (whichever comes first: the event or the answer). */
  const finish = (t: Task) => {
    if (t.status !== 'done' || t.id !== mine.current) return;
    mine.current = null;
    const r = t.result as ExportResult;
    setNote(`saving ${r.fileName}…`);
    download(client, r, (done) => setNote(`saving ${r.fileName}: ${Math.round((100 * done) / Math.max(1, r.bytes))} %`))
      .then(() => setNote(`${r.fileName}: ${kindRef.current === 'model' ? 'model' : `${r.rows} ${WINDOWS.includes(kindRef.current) ? 'windows' : 'rows'}`}, ${(r.bytes / 1e6).toFixed(2)} MB — saved as a download`))
      .catch((e: Error) => setNote(`export not saved: ${e.message}`));
  };
  const kindRef = useRef(kind);
  kindRef.current = kind;
  const finishRef = useRef(finish);
  finishRef.current = finish;

  useEffect(
    () =>
      client.on('task.progress', (t) => {
        setTask((cur) => (cur && cur.id === t.id ? t : cur));
        finishRef.current(t);
      }),
    [client],
  );

  const start = async () => {
    setNote(null);
    try {
      const conf = Number(minConfidence);
      const { taskId } = (await client.call('exports.start', {
        kind,
        ...(kind !== 'model' && kind !== 'labels-json' && onlyWindows ? { only: onlyWindows } : {}),
        ...(WINDOWS.includes(kind) ? { classes: only.length ? only : undefined, minConfidence: conf > 0 ? conf : undefined } : {}),
        ...(kind === 'seisbench' ? { seed: Number(seed) || 0 } : {}),
      }));
      mine.current = taskId;
      const t = await client.call('tasks.get', { id: taskId });
      setTask(t);
      finish(t);
    } catch (e) {
      setNote((e as Error).message);
    }
  };
  const running = task?.status === 'running';
  return (
    <section className="card" aria-labelledby="export-h" data-testid="export-panel">
      <h2 id="export-h">Export</h2>
      <p className="muted">A training set for SeisBench / PyTorch, the labels with who made them, when, and how, or the newest trained model for another project.</p>
      <label>
        what{' '}
        <select value={kind} onChange={(e) => setKind(e.target.value as Kind)} data-testid="export-kind">
          <option value="seisbench">SeisBench training set (waveforms.hdf5 + metadata.csv, .tar)</option>
          <option value="mseed">windows as miniSEED 2 (Steim-2 or float32, one file per window, .tar)</option>
          <option value="mseed3">windows as miniSEED 3 (one file per window, .tar)</option>
          <option value="sac">windows as SAC (one file per channel, picks in the header, .tar)</option>
          <option value="labels-csv">current labels (CSV)</option>
          <option value="labels-json">every label and pick event (JSON)</option>
          <option value="model">trained model (feature model .json; CNN as TensorFlow.js model.json + weights.bin, .tar)</option>
        </select>
      </label>
      {kind !== 'model' && kind !== 'labels-json' && (
        <label title="Gold: windows an expert labeled as reference. Reviewed: windows a person judged (not labels that came with an imported dataset or from a model).">
          windows{' '}
          <select value={onlyWindows} onChange={(e) => setOnlyWindows(e.target.value as '' | 'gold' | 'reviewed')} data-testid="export-only" aria-label="which windows">
            <option value="">all labeled</option>
            <option value="gold">only gold</option>
            <option value="reviewed">only reviewed by a person</option>
          </select>
        </label>
      )}
      {WINDOWS.includes(kind) && (
        <div className="export-options">
          <fieldset>
            <legend>classes (none ticked: all)</legend>
            {classNames.map((c) => (
              <label key={c}>
                <input type="checkbox" checked={only.includes(c)} onChange={(e) => setOnly(e.target.checked ? [...only, c] : only.filter((x) => x !== c))} /> {c}
              </label>
            ))}
          </fieldset>
          <label title="Leave out windows whose label has less agreement than this (share of the votes)">
            minimum confidence <input type="number" min={0} max={1} step={0.05} value={minConfidence} onChange={(e) => setMinConfidence(e.target.value)} aria-label="minimum confidence" />
          </label>
          {kind === 'seisbench' && (
            <label title="Seed of the train/dev/test split, which keeps each station on one side">
              split seed <input type="number" value={seed} onChange={(e) => setSeed(e.target.value)} aria-label="split seed" />
            </label>
          )}
        </div>
      )}
      <p>
        <button type="button" onClick={() => void start()} disabled={running} data-testid="export-start">Export</button>{' '}
        {running && (
          <>
            <progress max={task.total || 1} value={task.done} /> {task.message}{' '}
            <button type="button" onClick={() => void client.call('tasks.cancel', { id: task.id })} data-testid="export-cancel">cancel</button>
          </>
        )}
      </p>
      {task?.status === 'failed' && <p className="error" role="alert">{task.message}</p>}
      {task?.errors.map((e, i) => <p key={i} className="error">{e.message}</p>)}
      {note && <p role="status" data-testid="export-note">{note}</p>}
      <ModelImport client={client} />
    </section>
  );
}
