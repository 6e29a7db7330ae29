// The tutorial a new volunteer sees first: what the task is, then each class with its
// description and example windows (plot and sped-up sound), then on to practice. Opened
// again from the labeling view, it returns there.
import type { ClassInfo } from '../../core/common/model.js';
import type { CoreClient } from '../../core/common/api/client.js';
import { useLabelingStore } from '../stores/useLabelingStore.js';
import { ExampleTrace } from './ExampleTrace.js';

/** Examples per class in the tutorial: enough to compare, few enough for a phone. */
const SHOWN = 3;

interface Props {
  client: CoreClient;
  name: string;
  classes: ClassInfo[];
  revisiting: boolean;
  onDone(): void;
  error: string | null;
}

export function Tutorial({ client, name, classes, revisiting, onDone, error }: Props) {
  const filter = useLabelingStore((s) => s.filter);
  const speed = useLabelingStore((s) => s.speed);
  return (
    <main className="volunteer guide" aria-label="Field guide" data-testid="guide-tutorial">
      <header className="vol-header">
        <strong className="brand">Seislabel</strong>
        <span className="vol-name" data-testid="signed-in-as">{name}</span>
      </header>
      <h1>Field guide</h1>
      <p className="guide-intro">
        You will see and hear short recordings of the ground moving, sped up so they become sound, and say what each one is. Here is what
        each kind of signal looks and sounds like: press Play under an example to hear it.
      </p>
      {classes.map((c) => (
        <section key={c.id} className="guide-class" style={{ borderLeftColor: c.colour }} aria-label={c.name} data-testid={`guide-class-${c.name}`}>
          <h2>{c.name}{c.hotkey && <> <kbd>{c.hotkey}</kbd></>}</h2>
          <p>{c.description || <span className="muted">No description yet.</span>}</p>
          {c.exampleWindowIds.length === 0 ? (
            <p className="muted">No example windows yet.</p>
          ) : (
            <div className="guide-examples">
              {c.exampleWindowIds.slice(0, SHOWN).map((id, i) => (
                <ExampleTrace key={id} client={client} windowId={id} filter={filter} speed={speed} caption={`${c.name}, example ${i + 1}`} />
              ))}
            </div>
          )}
        </section>
      ))}
      {error && <p className="error" role="alert">{error}</p>}
      <div className="guide-next">
        {revisiting ? (
          <button type="button" className="vol-play" onClick={onDone} data-testid="guide-back">Back to classifying</button>
        ) : (
          <>
            <p>Next you practise on a few recordings an expert has already classified: after each answer you are told the expert&apos;s.</p>
            <button type="button" className="vol-play" onClick={onDone} data-testid="guide-start-practice">Start practice</button>
          </>
        )}
      </div>
    </main>
  );
}
