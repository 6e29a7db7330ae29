// Every key of the labeling screen, opened with "?".
import { useEffect, useRef } from 'react';
import type { ClassInfo } from '../../core/common/model.js';

export function HelpOverlay({ classes, onClose }: { classes: ClassInfo[]; onClose(): void }) {
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => closeRef.current?.focus(), []);
  const rows: [string, string][] = [
    ...classes.filter((c) => c.hotkey).map((c): [string, string] => [c.hotkey!, `label as “${c.name}”`]),
    ['Enter', 'accept the model’s suggestion (recorded as accepted)'],
    ['u', 'unsure'],
    ['s', 'skip'],
    ['Backspace / Ctrl+Z', 'undo your last label (goes back to that window)'],
    ['← / →', 'previous / next window'],
    ['Home / End', 'first / last window of the list'],
    ['Space', 'play / pause the sped-up sound'],
    ['f', 'next filter preset'],
    ['g', 'mark the window as gold with your label (or the consensus), or unmark it (owner)'],
    ['Shift+P / Shift+S', 'place (or move) the P / S pick where the pointer is on the traces; drag a pick to adjust it'],
    ['Delete', 'remove the pick under the pointer'],
    ['?', 'show / hide this help'],
    ['Esc', 'close this help'],
  ];
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" data-testid="help">
      <div className="overlay-card">
        <h2>Keyboard</h2>
        <table>
          <tbody>
            {rows.map(([k, what]) => (
              <tr key={k}>
                <td><kbd>{k}</kbd></td>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button ref={closeRef} type="button" onClick={onClose}>Close</button>
      </div>
    </div>
  );
}
