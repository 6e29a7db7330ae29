// Models in: a model exported from another project (feature model .json; CNN .tar, or its
// model.json + weights.bin picked together) is uploaded, checked by the host against this
// project's classes and features, and becomes the newest model version scoring every window.
import { useEffect, useRef, useState } from 'react';
import type { CoreClient } from '../../core/common/api/client.js';
import type { Output } from '../../core/common/api/index.js';
import { uploadFile } from './upload.js';

type Task = Output<'tasks.get'>;

export function ModelImport({ client }: { client: CoreClient }) {
  const [task, setTask] = useState<Task | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const mine = useRef<string | null>(null);

  const report = (t: Task) => {
    if (t.id !== mine.current) return;
    setTask(t);
    if (t.status === 'done') setNote(`imported as model ${(t.result as { modelId: number }).modelId}: every window is scored by it (see the model dashboard)`);
  };
  const reportRef = useRef(report);
  reportRef.current = report;
  useEffect(() => client.on('task.progress', (t) => reportRef.current(t)), [client]);

  const upload = async (files: File[]) => {
    if (!files.length) return;
    setNote(`uploading ${files.map((f) => f.name).join(', ')}…`);
    setTask(null);
    try {
      const paths: string[] = [];
      for (const f of files) paths.push(await uploadFile(client, f));
      const { taskId } = await client.call('models.import', { paths });
      mine.current = taskId;
      setNote(null);
      report(await client.call('tasks.get', { id: taskId }));
    } catch (e) {
      setNote((e as Error).message);
    } finally {
      if (input.current) input.current.value = '';
    }
  };

  return (
    <div className="model-import" data-testid="model-import">
      <h3>Import a model</h3>
      <p className="muted">A model exported from another project: its classes must exist here (by name).</p>
      <label>
        model file(s){' '}
        <input ref={input} type="file" multiple accept=".json,.bin,.tar" data-testid="model-file" onChange={(e) => void upload([...(e.target.files ?? [])])} />
      </label>
      {task?.status === 'running' && <p><progress max={task.total || 1} value={task.done} /> {task.message}</p>}
      {task?.status === 'failed' && <p className="error" role="alert" data-testid="model-import-error">{task.message}</p>}
      {note && <p role="status" data-testid="model-import-note">{note}</p>}
    </div>
  );
}
