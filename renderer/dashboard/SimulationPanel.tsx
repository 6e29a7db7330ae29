// Where a strategy comparison comes from: a file written by `seislabel simulate --out`
// (a path the core can read, or a file picked in the browser), or a simulation run in the
// background on this project's own labels.
import { useEffect, useState } from 'react';
import type { CoreClient } from '../../core/common/api/client.js';
import { parseSimulationJson } from '../../core/common/api/insights.js';
import { SimulationChart } from './CurvePanels.js';
import type { Simulation } from './types.js';

export function SimulationPanel({ client }: { client: CoreClient }) {
  const [sim, setSim] = useState<Simulation | null>(null);
  const [path, setPath] = useState('');
  const [task, setTask] = useState<{ id: string; message: string; done: number; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void client.call('insights.simulation', {}).then(setSim).catch((e: Error) => setError(e.message));
  }, [client]);

  useEffect(() => {
    if (!task) return;
    return client.on('task.progress', (t) => {
      if (t.id !== task.id) return;
      if (t.status === 'running') setTask({ id: t.id, message: t.message, done: t.done, total: t.total });
      else {
        setTask(null);
        if (t.status === 'done') void client.call('insights.simulation', {}).then(setSim);
        else setError(`simulation ${t.status}: ${t.message}`);
      }
    });
  }, [client, task]);

  const run = async () => {
    setError(null);
    try {
      const { taskId } = await client.call('insights.simulate', {});
      setTask({ id: taskId, message: 'starting', done: 0, total: 0 });
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const loadPath = async () => {
    setError(null);
    try {
      setSim(await client.call('insights.simulation', { path: path.trim() }));
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const loadFile = async (f: File | undefined) => {
    if (!f) return;
    setError(null);
    try {
      setSim({ source: f.name, createdAt: null, results: parseSimulationJson(await f.text()) });
    } catch (e) {
      setError(`${f.name}: ${(e as Error).message}`);
    }
  };

  return (
    <div data-testid="simulation-panel">
      <div className="row">
        <button type="button" onClick={() => void run()} disabled={task !== null} data-testid="simulate-run" title="Hide the project's labels, reveal them batch by batch with each strategy, and score on held-out groups">
          Simulate on this project's labels
        </button>
        {task && (
          <span data-testid="simulate-progress">
            <progress max={task.total || 1} value={task.done} /> {task.message}{' '}
            <button type="button" className="link" onClick={() => void client.call('tasks.cancel', { id: task.id })}>cancel</button>
          </span>
        )}
      </div>
      <div className="row">
        <input type="text" placeholder="path of a file from seislabel simulate --out" value={path} onChange={(e) => setPath(e.target.value)} size={40} data-testid="simulation-path" />
        <button type="button" onClick={() => void loadPath()} disabled={!path.trim()} data-testid="simulation-load">Load</button>
        <label className="file-pick">or pick a file <input type="file" accept=".json,application/json" onChange={(e) => void loadFile(e.target.files?.[0])} /></label>
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      {sim ? <SimulationChart sim={sim} /> : <p className="muted">No strategy comparison yet: run one on this project's labels or load a file.</p>}
    </div>
  );
}
