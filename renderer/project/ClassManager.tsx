// The classes of the open project after creation: rename, change hotkey, colour and
// description, archive (past labels stay in the history), and add a class. Each row is
// saved on its own, so one rejected change (e.g. a hotkey in use) does not lose the others.
import { useEffect, useState } from 'react';
import type { CoreClient } from '../../core/common/api/client.js';
import { defaultClassColour } from '../../core/common/palette.js';
import type { ClassInfo } from '../../core/common/model.js';
import { hotkeyProblem } from '../lib/hotkeys.js';

interface Draft {
  name: string;
  hotkey: string;
  colour: string;
  description: string;
}

const draftOf = (c: ClassInfo): Draft => ({ name: c.name, hotkey: c.hotkey ?? '', colour: c.colour, description: c.description });
const same = (a: Draft, b: Draft) => a.name === b.name && a.hotkey === b.hotkey && a.colour.toLowerCase() === b.colour.toLowerCase() && a.description === b.description;

function ClassRow({ client, cls, classes, onChanged }: { client: CoreClient; cls: ClassInfo; classes: ClassInfo[]; onChanged(): Promise<void> }) {
  const [draft, setDraft] = useState<Draft>(draftOf(cls));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setDraft(draftOf(cls)), [cls]);
  const problem = !draft.name.trim() ? 'a class needs a name' : hotkeyProblem(draft.hotkey, classes, cls.id);
  const dirty = !same(draft, draftOf(cls));
  const run = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      setError(null);
      await onChanged();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const save = () => run(() => client.call('classes.update', { id: cls.id, name: draft.name.trim(), hotkey: draft.hotkey || null, colour: draft.colour, description: draft.description }));
  const label = (what: string) => `${cls.name} ${what}`;
  return (
    <>
      <tr data-testid={`class-row-${cls.name}`}>
        <td><input aria-label={label('name')} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} /></td>
        <td><input aria-label={label('hotkey')} size={2} maxLength={1} value={draft.hotkey} onChange={(e) => setDraft({ ...draft, hotkey: e.target.value })} /></td>
        <td><input aria-label={label('colour')} type="color" value={draft.colour} onChange={(e) => setDraft({ ...draft, colour: e.target.value })} /></td>
        <td><input aria-label={label('description')} value={draft.description} onChange={(e) => setDraft({ ...draft, description: e.target.value })} /></td>
        <td className="nowrap">
          <button type="button" disabled={!dirty || problem !== null} onClick={() => void save()} aria-label={`Save ${cls.name}`}>save</button>{' '}
          <button type="button" onClick={() => void run(() => client.call('classes.archive', { id: cls.id }))} aria-label={`Archive ${cls.name}`}
            title="Hide this class from labeling; its past labels stay in the history">archive</button>
        </td>
      </tr>
      {(error ?? (dirty ? problem : null)) && (
        <tr><td colSpan={5} className="error" role="alert">{error ?? problem}</td></tr>
      )}
    </>
  );
}

export function ClassManager({ client, classes, onChanged }: { client: CoreClient; classes: ClassInfo[]; onChanged(): Promise<void> }) {
  const [adding, setAdding] = useState<Draft>({ name: '', hotkey: '', colour: defaultClassColour(classes.length), description: '' });
  const [error, setError] = useState<string | null>(null);
  const problem = adding.name.trim() ? hotkeyProblem(adding.hotkey, classes, null) : null;
  const add = async () => {
    try {
      await client.call('classes.create', { name: adding.name.trim(), hotkey: adding.hotkey || null, colour: adding.colour, description: adding.description });
      setAdding({ name: '', hotkey: '', colour: defaultClassColour(classes.length + 1), description: '' });
      setError(null);
      await onChanged();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <fieldset className="classes" data-testid="class-manager">
      <legend>Classes of this project</legend>
      <table>
        <thead>
          <tr><th>name</th><th>key</th><th>colour</th><th>description</th><th /></tr>
        </thead>
        <tbody>
          {classes.map((c) => <ClassRow key={c.id} client={client} cls={c} classes={classes} onChanged={onChanged} />)}
          <tr className="new-class">
            <td><input aria-label="new class name" placeholder="new class" value={adding.name} onChange={(e) => setAdding({ ...adding, name: e.target.value })} /></td>
            <td><input aria-label="new class hotkey" size={2} maxLength={1} value={adding.hotkey} onChange={(e) => setAdding({ ...adding, hotkey: e.target.value })} /></td>
            <td><input aria-label="new class colour" type="color" value={adding.colour} onChange={(e) => setAdding({ ...adding, colour: e.target.value })} /></td>
            <td><input aria-label="new class description" value={adding.description} onChange={(e) => setAdding({ ...adding, description: e.target.value })} /></td>
            <td><button type="button" disabled={!adding.name.trim() || problem !== null} onClick={() => void add()} data-testid="add-class">+ add</button></td>
          </tr>
          {(problem || error) && <tr><td colSpan={5} className="error" role="alert">{error ?? problem}</td></tr>}
        </tbody>
      </table>
    </fieldset>
  );
}
