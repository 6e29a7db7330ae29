// The CNN on the real main set (earthquake vs noise), split by source trace so the two
// windows cut from one PhaseNet/DeepDenoiser trace never straddle train and test.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../core/common/ml/cnnArch.js';
import { CnnModel } from '../../core/node/ml/cnn/model.js';
import { dataPath, hasSharedData, missingDataReason } from '../helpers/data.js';

/** Splits one CSV line, honouring double-quoted fields (the units column holds commas). */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '"') {
      if (quoted && line[i + 1] === '"') cur += line[++i];
      else quoted = !quoted;
    } else if (ch === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

describe.skipIf(!hasSharedData)(`CNN on the real main set${hasSharedData ? '' : ` (${missingDataReason})`}`, () => {
  it('reaches a sensible accuracy on a split grouped by source_trace', async () => {
    const buf = readFileSync(dataPath('windows.f32'));
    const all = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length));
    const [header, ...rows] = readFileSync(dataPath('windows.csv'), 'utf8').trim().split('\n').map(csvFields);
    const col = (name: string): number => header!.indexOf(name);
    const n = rows.length;
    const X = rows.map((_, i) => all.subarray(i * 7500, (i + 1) * 7500));
    const y = Int32Array.from(rows, (r) => (r[col('label')] === 'noise' ? 0 : 1));
    const groups = [...new Set(rows.map((r) => r[col('source_trace')]!))];
    const r = seededRandom(11);
    const testGroups = new Set(groups.filter(() => r() < 0.3));
    const isTest = rows.map((row) => testGroups.has(row[col('source_trace')]!));
    const pick = <T>(a: T[], test: boolean): T[] => a.filter((_, i) => isTest[i] === test);
    const yOf = (test: boolean): Int32Array => Int32Array.from(pick(Array.from(y), test));

    // 25 s at 100 Hz resampled to 1250 samples (50 Hz): events live in 1–20 Hz.
    const model = new CnnModel({ length: 1250 });
    await model.fit(pick(X, false), yOf(false), { classes: 2, epochs: 15, batchSize: 16, seed: 1 });
    const probs = await model.predictProba(pick(X, true));
    const yt = yOf(true);
    const recall = [0, 0];
    const count = [0, 0];
    for (let i = 0; i < yt.length; i++) {
      count[yt[i]!]!++;
      if ((probs[2 * i + 1]! > 0.5 ? 1 : 0) === yt[i]) recall[yt[i]!]!++;
    }
    const balanced = (recall[0]! / count[0]! + recall[1]! / count[1]!) / 2;
    console.log(`grouped split: ${n - yt.length} train / ${yt.length} test windows, balanced accuracy ${balanced.toFixed(3)}`);
    // Balanced accuracy: chance is 0.5 whatever the imbalance (majority class = 68 %).
    expect(balanced).toBeGreaterThanOrEqual(0.8);
  });
});
