// Fetch from an FDSN data centre: codes and a time range, a list of the channels the centre
// holds, then one background task that downloads in chunks and imports, with progress, a
// cancel button and one line per failed request (no data, timeout, rate limit…).
import { useEffect, useState } from 'react';
import type { Output } from '../../core/common/api/index.js';
import { DATA_CENTRES } from '../../core/common/fdsnCentres.js';
import { useSessionStore } from '../stores/useSessionStore.js';

type Task = Output<'tasks.get'>;
type Channel = Output<'fetch.stations'>[number];

/** What the fetch task returns (core/node/fdsn/fetchTask.ts), as far as the panel shows it. */
interface FetchSummary {
  service: string;
  requests: number;
  downloaded: number;
  fromCache: number;
  alreadyImported: number;
  bytes: number;
  failures: unknown[];
  import: { imported: { windows: number }[] } | null;
}

const iso = (ms: number | null): string => (ms === null ? 'open' : new Date(ms).toISOString().replace('.000Z', 'Z'));

const summary = (r: FetchSummary): string =>
  `${r.requests} request(s): ${r.downloaded} downloaded (${(r.bytes / 1e6).toFixed(2)} MB), ${r.fromCache} from the cache, ${r.failures.length} failed` +
  `; ${r.import ? r.import.imported.reduce((a, f) => a + f.windows, 0) : 0} new window(s)` +
  (r.alreadyImported ? `; ${r.alreadyImported} chunk(s) were already in the project` : '');

export function FetchPanel() {
  const { client, refreshInfo } = useSessionStore();
  const [form, setForm] = useState({ service: 'GFZ', network: '', station: '', location: '*', channel: '', start: '', end: '', window: '30', step: '15', chunk: '3600', timeout: '60' });
  const [channels, setChannels] = useState<Channel[] | null>(null);
  const [task, setTask] = useState<Task | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!client) return;
    return client.on('task.progress', (t) => {
      setTask((cur) => (cur && cur.id === t.id ? t : cur));
      if (t.kind === 'fetch' && t.status !== 'running') void refreshInfo();
    });
  }, [client, refreshInfo]);

  const field = (name: keyof typeof form, label: string, props: { size?: number; placeholder?: string; title?: string } = {}) => (
    <label title={props.title}>
      {label} <input size={props.size ?? 6} value={form[name]} placeholder={props.placeholder} onChange={(e) => setForm({ ...form, [name]: e.target.value })} data-testid={`fetch-field-${name}`} />
    </label>
  );
  const query = () => ({ service: form.service.trim(), network: form.network.trim(), station: form.station.trim(), location: form.location.trim(), channel: form.channel.trim(), start: form.start.trim(), end: form.end.trim() });

  const findChannels = async () => {
    if (!client) return;
    setNote(null);
    setBusy(true);
    try {
      setChannels(await client.call('fetch.stations', query()));
    } catch (e) {
      setChannels(null);
      setNote((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const start = async () => {
    if (!client) return;
    setNote(null);
    try {
      const len = Number(form.window);
      const windowing = len > 0 ? { mode: 'fixed' as const, lengthSeconds: len, stepSeconds: Number(form.step) > 0 ? Number(form.step) : len } : { mode: 'none' as const };
      const { taskId } = await client.call('fetch.start', { ...query(), windowing, chunkSeconds: Math.round(Number(form.chunk)), timeoutSeconds: Number(form.timeout) });
      setTask(await client.call('tasks.get', { id: taskId }));
    } catch (e) {
      setNote((e as Error).message);
    }
  };

  const running = task?.status === 'running';
  const pct = task && task.total > 0 ? Math.round((100 * task.done) / task.total) : 0;
  const result = task?.status === 'done' || task?.status === 'failed' ? (task.result as FetchSummary | undefined) : undefined;
  return (
    <section className="card" aria-labelledby="fetch-h">
      <h2 id="fetch-h">Fetch from a data centre (FDSN)</h2>
      <div className="row">
        <label title="A data centre by name, or the base URL of any FDSN web service">
          service{' '}
          <input list="fdsn-centres" size={28} value={form.service} onChange={(e) => setForm({ ...form, service: e.target.value })} data-testid="fetch-field-service" />
          <datalist id="fdsn-centres">{Object.keys(DATA_CENTRES).map((n) => <option key={n} value={n}>{DATA_CENTRES[n]}</option>)}</datalist>
        </label>
        {field('network', 'network', { size: 4, placeholder: 'CH' })}
        {field('station', 'station', { placeholder: 'BALST' })}
        {field('location', 'location', { size: 4, title: 'empty for the blank location code, * for any' })}
        {field('channel', 'channel', { size: 5, placeholder: 'HH?' })}
      </div>
      <div className="row">
        {field('start', 'from (UTC)', { size: 20, placeholder: '2025-11-10T00:00:00' })}
        {field('end', 'to (UTC)', { size: 20, placeholder: '2025-11-10T06:00:00' })}
        {field('window', 'windows of (s)', { size: 4, title: 'length of the windows cut from the fetched data; 0 = no windows' })}
        {field('step', 'every (s)', { size: 4 })}
        {field('chunk', 'chunk (s)', { size: 5, title: 'one request per channel and this many seconds: shorter means finer progress and resume' })}
        {field('timeout', 'timeout (s)', { size: 4, title: 'per request' })}
      </div>
      <div className="buttons">
        <button type="button" disabled={busy || running} onClick={() => void findChannels()} data-testid="fetch-channels">Find channels</button>
        <button type="button" disabled={running} onClick={() => void start()} data-testid="fetch-start">Fetch and import</button>
        {running && <button type="button" onClick={() => void client?.call('tasks.cancel', { id: task.id })} data-testid="fetch-cancel">Cancel</button>}
      </div>
      {note && <p className="errors" role="status" data-testid="fetch-note">{note}</p>}
      {channels && (
        <table data-testid="fetch-channel-list">
          <thead><tr><th>channel</th><th>Hz</th><th>lat</th><th>lon</th><th>from</th><th>to</th></tr></thead>
          <tbody>
            {channels.map((c, i) => (
              <tr key={i}>
                <td>{`${c.network}.${c.station}.${c.location}.${c.channel}`}</td>
                <td>{c.sampleRate ?? ''}</td>
                <td>{c.latitude ?? ''}</td>
                <td>{c.longitude ?? ''}</td>
                <td>{iso(c.start)}</td>
                <td>{iso(c.end)}</td>
              </tr>
            ))}
            {channels.length === 0 && <tr><td colSpan={6}>no channel matches</td></tr>}
          </tbody>
        </table>
      )}
      {task && (
        <div className="task" data-testid="fetch-task" data-status={task.status}>
          <progress max={100} value={pct} aria-label="fetch progress" /> <span>{task.status === 'running' ? `${pct} % — ${task.message}` : task.message}</span>
          {result && <p data-testid="fetch-summary">{summary(result)}</p>}
          {task.errors.length > 0 && (
            <ul className="errors" data-testid="fetch-errors">
              {task.errors.map((e, i) => <li key={i}>{e.message}</li>)}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
