// Classes of a new project: name, hotkey, colour (Okabe–Ito defaults) and description.
import { CLASS_PALETTE } from '../../core/common/palette.js';

/** A class being set up before the project exists. */
export interface DraftClass {
  name: string;
  hotkey: string;
  colour: string;
  description: string;
}

export function ClassEditor({ drafts, onChange }: { drafts: DraftClass[]; onChange(d: DraftClass[]): void }) {
  const edit = (i: number, patch: Partial<DraftClass>) => onChange(drafts.map((d, k) => (k === i ? { ...d, ...patch } : d)));
  return (
    <fieldset className="classes">
      <legend>Classes of a new project</legend>
      <table>
        <thead>
          <tr><th>name</th><th>key</th><th>colour</th><th>description</th><th /></tr>
        </thead>
        <tbody>
          {drafts.map((d, i) => (
            <tr key={i}>
              <td><input aria-label={`class ${i + 1} name`} value={d.name} onChange={(e) => edit(i, { name: e.target.value })} /></td>
              <td><input aria-label={`class ${i + 1} hotkey`} size={2} maxLength={1} value={d.hotkey} onChange={(e) => edit(i, { hotkey: e.target.value })} /></td>
              <td><input aria-label={`class ${i + 1} colour`} type="color" value={d.colour} onChange={(e) => edit(i, { colour: e.target.value })} /></td>
              <td><input aria-label={`class ${i + 1} description`} value={d.description} onChange={(e) => edit(i, { description: e.target.value })} /></td>
              <td><button type="button" aria-label={`remove class ${d.name}`} onClick={() => onChange(drafts.filter((_, k) => k !== i))}>✕</button></td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        type="button"
        onClick={() => onChange([...drafts, { name: '', hotkey: String(Math.min(9, drafts.length + 1)), colour: CLASS_PALETTE[drafts.length % CLASS_PALETTE.length]!, description: '' }])}
      >
        + class
      </button>
    </fieldset>
  );
}
