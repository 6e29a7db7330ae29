// Many people, one project: how labels become the consensus (and when a window has enough
// votes), how well people agree — Fleiss' kappa and Krippendorff's alpha overall, Cohen's
// kappa for each pair, each person against the consensus and against gold, labels per hour,
// people whose labels look random —, each person's progress (labels, gold windows and how
// often they were right on them, windows waiting in their queue) and the windows an expert
// should settle. The owner also sets the share of gold in volunteers' queues and how long a
// handed-out window is held for its person.
import { useCallback, useEffect, useState } from 'react';
import type { Input, Output } from '../../core/common/api/index.js';
import { openWindow } from '../dashboard/openWindow.js';
import { useSessionStore } from '../stores/useSessionStore.js';

type Summary = Output<'agreement.summary'>;
type Settings = Output<'consensus.settings'>;
type Contested = Output<'review.contested'>;
type GuideSettings = Output<'guide.settings'>;

const fmt = (v: number | null | undefined, digits = 2) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits));
const pct = (v: number | null) => (v === null || !Number.isFinite(v) ? '—' : `${Math.round(100 * v)} %`);

export function TeamScreen() {
  const client = useSessionStore((s) => s.client)!;
  const me = useSessionStore((s) => s.me);
  const owner = me?.role === 'owner';
  const [summary, setSummary] = useState<Summary | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [contested, setContested] = useState<Contested>([]);
  const [guide, setGuide] = useState<GuideSettings | null>(null);
  const [goldCount, setGoldCount] = useState(0);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const [s, c] = await Promise.all([client.call('agreement.summary', {}), client.call('review.contested', { limit: 20 })]);
      setSummary(s);
      setContested(c);
      if (owner) {
        const [cs, gs, gold] = await Promise.all([client.call('consensus.settings', {}), client.call('guide.settings', {}), client.call('gold.list')]);
        setSettings(cs);
        setGuide(gs);
        setGoldCount(gold.length);
      }
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [client, owner]);

  useEffect(() => {
    void load();
    return client.on('labels.changed', () => void load());
  }, [client, load]);

  const change = async (patch: Input<'consensus.settings'>) => {
    try {
      setSettings(await client.call('consensus.settings', patch));
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const changeGuide = async (patch: Input<'guide.settings'>) => {
    try {
      setGuide(await client.call('guide.settings', patch));
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const names = new Map(summary?.annotators.map((a) => [a.annotatorId, a.name]));
  const className = (id: number) => summary?.classes.find((c) => c.classId === id)?.name ?? `class ${id}`;
  return (
    <main className="dashboard team" data-testid="team">
      {error && <p className="error" role="alert">{error}</p>}
      {owner && settings && (
        <section className="card" aria-labelledby="consensus-h">
          <h2 id="consensus-h">Consensus</h2>
          <p className="muted">
            A window's label is the consensus of everyone's own labels. Dawid–Skene weighs each person by how reliable their labels have been (anchored on gold windows); majority
            counts everyone alike.
          </p>
          <label>
            method{' '}
            <select value={settings.method} onChange={(e) => void change({ method: e.target.value as Settings['method'] })} data-testid="consensus-method">
              <option value="majority">majority vote</option>
              <option value="dawid-skene">Dawid–Skene (reliability-weighted)</option>
            </select>
          </label>{' '}
          <label title="A window leaves the queue once this many people have judged it">
            people per window{' '}
            <input type="number" min={1} max={1000} value={settings.votesPerWindow} data-testid="votes-per-window"
              onChange={(e) => Number(e.target.value) >= 1 && void change({ votesPerWindow: Number(e.target.value) })} />
          </label>{' '}
          <label title="…or as soon as this many agree (empty: no early retirement)">
            retire after{' '}
            <input type="number" min={1} max={1000} value={settings.retireAgreeing ?? ''} aria-label="retire after this many agreeing votes"
              onChange={(e) => void change({ retireAgreeing: e.target.value === '' ? null : Math.max(1, Number(e.target.value)) })} /> agreeing
          </label>
          <h3>Assignment</h3>
          <label title="Gold windows a volunteer has not judged yet are mixed into their queue at random places, to measure how often they are right">
            gold in volunteers' queues{' '}
            <input type="number" min={0} max={100} step={5} value={Math.round(settings.goldShare * 100)} data-testid="gold-share"
              onChange={(e) => {
                const v = Number(e.target.value);
                if (e.target.value !== '' && v >= 0 && v <= 100) void change({ goldShare: v / 100 });
              }} /> %
          </label>{' '}
          <label title="A window handed to someone is kept from others (beyond the people per window) until they answer or this time runs out">
            hold a handed-out window for{' '}
            <input type="number" min={1} max={1440} value={Math.round(settings.leaseSeconds / 60)} data-testid="lease-minutes"
              onChange={(e) => {
                const v = Number(e.target.value);
                if (Number.isInteger(v) && v >= 1 && v <= 1440) void change({ leaseSeconds: v * 60 });
              }} /> min
          </label>
        </section>
      )}
      {owner && guide && (
        <section className="card" aria-labelledby="guide-h" data-testid="guide-settings">
          <h2 id="guide-h">Volunteers' field guide</h2>
          <p className="muted">
            A new volunteer first sees each class with its description and example windows (set them with “examples” on the labeling screen), then practises on gold
            windows and is told the expert's class after each answer. {goldCount} gold window(s) so far: mark them on the labeling screen with <kbd>g</kbd>.
          </p>
          <label title="Gold windows a new volunteer practises on, every class in turn (fewer when there are fewer)">
            practice windows{' '}
            <input type="number" min={0} max={50} value={guide.practiceWindows} data-testid="practice-windows"
              onChange={(e) => Number.isInteger(Number(e.target.value)) && Number(e.target.value) >= 0 && Number(e.target.value) <= 50 && void changeGuide({ practiceWindows: Number(e.target.value) })} />
          </label>{' '}
          <label title="After practice too: once a volunteer labels a gold window, they are told the expert's class">
            <input type="checkbox" checked={guide.goldFeedback} onChange={(e) => void changeGuide({ goldFeedback: e.target.checked })} data-testid="gold-feedback-setting" />{' '}
            tell volunteers the expert's class after they label a gold window
          </label>
        </section>
      )}
      {summary && (
        <section className="card" aria-labelledby="agreement-h">
          <h2 id="agreement-h">Agreement</h2>
          <p data-testid="agreement-overall">
            {summary.votes} labels on {summary.windows} windows · Fleiss' κ <strong data-testid="fleiss-kappa">{fmt(summary.fleiss.kappa)}</strong> · Krippendorff's α{' '}
            <strong data-testid="krippendorff-alpha">{fmt(summary.krippendorffAlpha)}</strong>
          </p>
          <p className="muted">
            κ and α: 1 is perfect agreement, 0 what chance alone would give. Per class: {summary.classes.map((c, i) => `${c.name} ${fmt(summary.fleiss.perClass[i])}`).join(' · ')}
          </p>
          <table className="metrics" data-testid="people-table">
            <thead>
              <tr><th>person</th><th>labels</th><th>agrees with consensus</th><th>κ vs consensus</th><th>agrees with gold</th><th>reliability</th><th>labels / hour</th><th /></tr>
            </thead>
            <tbody>
              {summary.annotators.map((a) => (
                <tr key={a.annotatorId} data-testid={`person-${a.name}`} className={a.flagged ? 'flagged' : ''}>
                  <td>{a.name}</td>
                  <td>{a.votes}</td>
                  <td>{pct(a.vsConsensus.agreement)} <span className="muted">of {a.vsConsensus.compared}</span></td>
                  <td data-testid="kappa-consensus">{fmt(a.vsConsensus.kappa)}</td>
                  <td>{a.vsGold.compared ? `${pct(a.vsGold.agreement)} of ${a.vsGold.compared}` : '—'}</td>
                  <td>{fmt(a.reliability)}</td>
                  <td>{fmt(a.labelsPerHour, 0)}</td>
                  <td>{a.flagged && <span className="warn" title="Their labels agree with the others' no better than chance">looks random</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>Each pair (Cohen's κ on the windows both labeled)</h3>
          <table className="metrics" data-testid="pairs-table">
            <thead><tr><th>people</th><th>shared windows</th><th>agree</th><th>κ</th></tr></thead>
            <tbody>
              {summary.pairs.map((p) => (
                <tr key={`${p.annotatorA}-${p.annotatorB}`} data-testid="pair-row">
                  <td>{names.get(p.annotatorA)} · {names.get(p.annotatorB)}</td>
                  <td>{p.shared}</td>
                  <td>{pct(p.observed)}</td>
                  <td data-testid="pair-kappa">{fmt(p.kappa)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {summary && (
        <section className="card" aria-labelledby="progress-h">
          <h2 id="progress-h">Progress</h2>
          <table className="metrics" data-testid="progress-table">
            <thead><tr><th>person</th><th>labels</th><th>gold judged</th><th>right on gold</th><th>in their queue now</th></tr></thead>
            <tbody>
              {summary.progress.map((p) => (
                <tr key={p.annotatorId} data-testid={`progress-${p.name}`}>
                  <td>{p.name}</td>
                  <td data-testid="progress-labels">{p.labels}</td>
                  <td data-testid="progress-gold">{p.goldSeen}</td>
                  <td data-testid="progress-gold-accuracy">{p.goldSeen ? `${pct(p.goldAccuracy)} (${p.goldCorrect})` : '—'}</td>
                  <td data-testid="progress-in-flight">{p.inFlight}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <section className="card" aria-labelledby="contested-h">
        <h2 id="contested-h">Most contested windows</h2>
        <p className="muted">Where people disagree most: an expert's label here settles the consensus.</p>
        {contested.length === 0 ? (
          <p className="muted" data-testid="contested-empty">No window has divided opinions yet.</p>
        ) : (
          <ul data-testid="contested">
            {contested.map((c) => (
              <li key={c.windowId}>
                <button type="button" className="link" onClick={() => openWindow(c.windowId)}>window #{c.windowId}</button> — {className(c.classId)} with {pct(c.confidence)} of {c.votes} votes
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}
