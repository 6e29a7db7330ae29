// A window as the CNN's input, shared by the host (training, inference, export) and the page
// (the same CNN on this computer's GPU through TensorFlow.js), so both feed the network the
// same numbers: three components in Z, N/1, E/2 order (absent ones zero), then prepareWindow.
import { prepareWindow } from './cnnArch.js';

const rank = (code: string): number => ({ Z: 0, N: 1, '1': 1, E: 2, '2': 2 } as Record<string, number>)[code.slice(-1).toUpperCase()] ?? -1;

/** A window as the CNN's input: 3 channels × n samples, components placed by their code. */
export function cnnInput(channels: string[], data: Float32Array[]): Float32Array {
  const n = data[0]?.length ?? 0;
  const out = new Float32Array(3 * n);
  const used = new Set<number>();
  channels.forEach((c, i) => {
    const r = rank(c);
    if (r >= 0 && !used.has(r)) {
      used.add(r);
      out.set(data[i]!, r * n);
    }
  });
  // Channels without a component code fill the remaining slots in order.
  channels.forEach((c, i) => {
    if (rank(c) >= 0) return;
    const free = [0, 1, 2].find((s) => !used.has(s));
    if (free !== undefined) {
      used.add(free);
      out.set(data[i]!, free * n);
    }
  });
  return out;
}

/**
 * Windows as one batch for the TensorFlow.js layers model (model.json's layout
 * `[batch, length, channels]`, channels last): cnnInput, prepareWindow to `length`, transposed.
 */
export function tfjsCnnBatch(windows: { channels: string[]; data: Float32Array[] }[], length: number): Float32Array {
  const out = new Float32Array(windows.length * length * 3);
  windows.forEach((w, i) => {
    const x = prepareWindow(cnnInput(w.channels, w.data), { channels: 3, length });
    for (let t = 0; t < length; t++) for (let c = 0; c < 3; c++) out[(i * length + t) * 3 + c] = x[c * length + t]!;
  });
  return out;
}
