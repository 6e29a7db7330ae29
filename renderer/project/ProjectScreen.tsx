// Create or open a project (the path is on the machine that runs the core), edit its
// classes, and import files.
import { useEffect, useState } from 'react';
import { mayCall } from '../../core/common/api/index.js';
import { useSessionStore } from '../stores/useSessionStore.js';
import { ClassEditor, type DraftClass } from './ClassEditor.js';
import { ClassManager } from './ClassManager.js';
import { FetchPanel } from './FetchPanel.js';
import { ImportPanel } from './ImportPanel.js';
import { ExportPanel } from './ExportPanel.js';
import { PeoplePanel } from './PeoplePanel.js';

const DEFAULT_CLASSES: DraftClass[] = [
  { name: 'earthquake', hotkey: '1', colour: '#0072B2', description: 'Local earthquake: sharp P, later S, decaying coda' },
  { name: 'tremor', hotkey: '2', colour: '#E69F00', description: 'Emergent, long, narrow-band (1–5 Hz) hum without clear P and S' },
  { name: 'noise', hotkey: '3', colour: '#009E73', description: 'Microseism, wind, traffic, machinery' },
];

export function ProjectScreen() {
  const { client, me, project, classes, refresh, reloadClasses, setError } = useSessionStore();
  // Paths on the host's disk are for the owner at the host machine; others upload files.
  const localOwner = me?.role === 'owner' && me.local;
  const [recent, setRecent] = useState<string[]>([]);
  const [path, setPath] = useState('');
  const [drafts, setDrafts] = useState<DraftClass[]>(DEFAULT_CLASSES);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (localOwner) void client?.call('projects.recent').then(setRecent);
  }, [client, project, localOwner]);

  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
      await refresh();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const create = () =>
    run(() => client!.call('projects.create', { path, classes: drafts.filter((d) => d.name.trim()).map((d) => ({ ...d, hotkey: d.hotkey || null })) }));
  const open = (p: string) => run(() => client!.call('projects.open', { path: p }));

  return (
    <main className="project-screen" aria-label="Projects">
      <section className="card" aria-labelledby="open-h">
        <h2 id="open-h">Project</h2>
        <p className="muted">
          {project ? <>Open: <strong data-testid="open-project">{project.path}</strong>{project.isDemo ? ' (demo)' : ''}</> : 'No project is open.'}
        </p>
        {localOwner ? (
          <>
            <label className="field">
              Project file (on the machine that runs Seislabel)
              <input value={path} onChange={(e) => setPath(e.target.value)} placeholder="/home/me/quakes.seislabel" data-testid="project-path" />
            </label>
            <div className="buttons">
              <button type="button" disabled={!path || busy} onClick={() => void create()} data-testid="create-project">Create new</button>
              <button type="button" disabled={!path || busy} onClick={() => void open(path)}>Open</button>
            </div>
            <ClassEditor drafts={drafts} onChange={setDrafts} />
          </>
        ) : (
          <p className="muted">Projects are created and opened by the owner at the machine that runs Seislabel.</p>
        )}
        {recent.length > 0 && (
          <>
            <h3>Recent</h3>
            <ul className="recent">
              {recent.map((r) => (
                <li key={r}>
                  <button type="button" className="link" onClick={() => void open(r)}>{r}</button>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      {project && <ImportPanel />}
      {project && client && me && mayCall(me.role, 'fetch.start') && <FetchPanel />}
      {project && client && me && mayCall(me.role, 'exports.start') && <ExportPanel client={client} classNames={classes.map((c) => c.name)} />}
      {project && client && me?.role === 'owner' && <PeoplePanel client={client} onError={setError} />}
      {project && client && (
        <section className="card" aria-labelledby="classes-h">
          <h2 id="classes-h">Classes</h2>
          <ClassManager client={client} classes={classes} onChanged={reloadClasses} />
        </section>
      )}
    </main>
  );
}
