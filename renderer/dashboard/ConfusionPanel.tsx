// The confusion matrix of the held-out test windows; a click on a cell lists the windows
// behind it (least confident first), each one opens on the labeling screen.
import { useState } from 'react';
import { Heatmap } from '../plots/Heatmap.js';
import { PlotFrame } from '../plots/PlotFrame.js';
import { sequentialColour, toCsv } from '../plots/stats.js';
import { openWindow } from './openWindow.js';
import type { Dashboard } from './types.js';

export function ConfusionPanel({ d }: { d: Dashboard }) {
  const [sel, setSel] = useState<[number, number] | null>(null);
  const r = d.report;
  if (!r) return null;
  const names = d.classes.map((c) => c.name);
  const rowTotals = r.confusion.map((row) => row.reduce((a, b) => a + b, 0) || 1);
  const list = sel && d.cells ? d.cells[sel[0]]![sel[1]]! : null;
  return (
    <div className="confusion">
      <PlotFrame
        title="Confusion matrix (held-out test windows)"
        name={`model-${d.model.id}-confusion`}
        testId="plot-confusion"
        csv={() => toCsv([['true \\ predicted', ...names], ...r.confusion.map((row, t) => [names[t]!, ...row])])}
      >
        <Heatmap
          rows={names}
          cols={names}
          values={r.confusion}
          rowTitle="true class"
          colTitle="predicted class"
          cell={Math.max(44, Math.min(70, 300 / names.length))}
          colour={(v, t) => sequentialColour((v ?? 0) / rowTotals[t]!)}
          cellText={(v) => String(v ?? 0)}
          tooltip={(v, t, p) => `${v} test window(s) of ${names[t]} predicted as ${names[p]} (${(((v ?? 0) / rowTotals[t]!) * 100).toFixed(0)} % of ${names[t]})${d.cells ? ' — click to list them' : ''}`}
          onCellClick={d.cells ? (t, p) => setSel([t, p]) : undefined}
          selected={sel}
          testId="confusion"
        />
      </PlotFrame>
      <div className="cell-list" data-testid="cell-list">
        {!d.cells && <p className="muted">{d.cellsNote}</p>}
        {d.cells && !sel && <p className="muted">Click a cell to see its windows. {d.cellsNote}.</p>}
        {list && sel && (
          <>
            <h4 data-testid="cell-title">{`true ${names[sel[0]]}, predicted ${names[sel[1]]}: ${list.length} window(s)`}</h4>
            {list.length === 0 && <p className="muted">none</p>}
            <ol>
              {list.map((w) => (
                <li key={w.windowId} data-testid="cell-window" data-window-id={w.windowId}>
                  <button type="button" className="link" onClick={() => openWindow(w.windowId)} title="Open on the labeling screen">window #{w.windowId}</button>
                  <span className="muted"> confidence {w.confidence.toFixed(2)}</span>
                  {w.relabeled && <span className="warn" title="Its label changed after this model was trained"> relabeled since</span>}
                </li>
              ))}
            </ol>
          </>
        )}
      </div>
    </div>
  );
}
