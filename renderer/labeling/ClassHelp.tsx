// A class's help popover: its description and example windows (small waveforms) to compare
// with the window on screen, and "use this window as an example of <class>".
import { useEffect, useRef, useState } from 'react';
import type { CoreClient } from '../../core/common/api/client.js';
import type { ClassInfo } from '../../core/common/model.js';
import { useLabelingStore } from '../stores/useLabelingStore.js';
import { useSessionStore } from '../stores/useSessionStore.js';
import { MiniWave } from './MiniWave.js';

/** Most examples kept per class: enough to compare, few enough to glance at. */
export const MAX_EXAMPLES = 6;

export function ClassHelp({ client, cls, windowId, onClose }: { client: CoreClient; cls: ClassInfo; windowId: number | undefined; onClose(): void }) {
  const filter = useLabelingStore((s) => s.filter);
  const [error, setError] = useState<string | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const setExamples = async (ids: number[]) => {
    try {
      await client.call('classes.update', { id: cls.id, exampleWindowIds: ids });
      await useSessionStore.getState().reloadClasses();
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const isExample = windowId !== undefined && cls.exampleWindowIds.includes(windowId);
  return (
    <div className="popover" role="dialog" aria-label={`Examples of ${cls.name}`} data-testid={`class-help-${cls.name}`} tabIndex={-1} ref={ref}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}>
      <header>
        <i className="swatch" style={{ background: cls.colour }} /> <strong>{cls.name}</strong>
        {cls.hotkey && <> · key <kbd>{cls.hotkey}</kbd></>}
        <button type="button" className="link close" onClick={onClose} aria-label="Close examples">close</button>
      </header>
      <p>{cls.description || <span className="muted">no description yet</span>}</p>
      {cls.exampleWindowIds.length === 0 ? (
        <p className="muted">No examples yet.</p>
      ) : (
        <div className="examples">
          {cls.exampleWindowIds.map((id) => (
            <div key={id} className="example">
              <MiniWave client={client} windowId={id} filter={filter} />
              <button type="button" className="link" onClick={() => void setExamples(cls.exampleWindowIds.filter((x) => x !== id))} aria-label={`Remove example ${id}`}>remove</button>
            </div>
          ))}
        </div>
      )}
      {windowId !== undefined && !isExample && (
        <button type="button" onClick={() => void setExamples([...cls.exampleWindowIds, windowId].slice(-MAX_EXAMPLES))} data-testid="use-as-example">
          Use window #{windowId} as an example of {cls.name}
        </button>
      )}
      {isExample && <p className="muted">This window is one of the examples.</p>}
      {error && <p className="error" role="alert">{error}</p>}
    </div>
  );
}
