// What the GPU check shows, computed from what the browser and the two inference runs gave:
// which adapter WebGPU handed out (and whether it is a software one), and how far the page's
// class probabilities are from the host's for the same windows. Pure, so it is unit-tested.

/** The adapter as the user should read it. */
export interface AdapterReport {
  vendor: string;
  architecture: string;
  description: string;
  /** SwiftShader or another fallback adapter: the "GPU" is the CPU running a GPU emulator. */
  software: boolean;
}

/** Reads an adapter's info; `fallback` is the adapter's own (older) isFallbackAdapter flag. */
export function describeAdapter(info: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean } | undefined, fallback = false): AdapterReport {
  const vendor = info?.vendor ?? '';
  const architecture = info?.architecture ?? '';
  const description = info?.description ?? '';
  // Debian's Chromium reports SwiftShader as vendor "google", architecture "swiftshader",
  // isFallbackAdapter true; browsers before GPUAdapterInfo.isFallbackAdapter (Chrome 131)
  // give only the names, so those are checked too.
  const software = Boolean(info?.isFallbackAdapter) || fallback || /swiftshader|llvmpipe|lavapipe|warp|software/i.test(`${vendor} ${architecture} ${description}`);
  return { vendor, architecture, description, software };
}

/** One line naming the adapter. */
export function adapterText(a: AdapterReport): string {
  const name = [a.vendor, a.architecture].filter(Boolean).join(' / ') || a.description || 'unnamed adapter';
  return a.software ? `${name} (software adapter: the GPU is emulated on this computer's CPU)` : name;
}

/** How the page's probabilities compare with the host's. */
export interface Agreement {
  /** Windows with host predictions that were compared. */
  compared: number;
  /** Windows the host has no stored prediction for. */
  missing: number;
  /** Largest absolute difference of any class probability, over the compared windows (NaN when none). */
  maxDiff: number;
  /** Compared windows where both pick the same most probable class. */
  sameClass: number;
  /** Per class (model order): compared windows the host gives that class, and how many of them the page does too. */
  byClass: { windows: number; same: number }[];
}

/**
 * Compares row-major probabilities `page` ([windows, k]) with the host's rows (null where it
 * stored none). Both are in the model's class order: the layers model's outputs follow the
 * model record's class ids, as the host's stored predictions do.
 */
export function compareProbabilities(page: Float32Array, host: (readonly number[] | null)[], k: number): Agreement {
  if (page.length !== host.length * k) throw new Error(`${page.length} probabilities for ${host.length} windows of ${k} classes`);
  let compared = 0;
  let missing = 0;
  let maxDiff = Number.NaN;
  let sameClass = 0;
  const byClass = Array.from({ length: k }, () => ({ windows: 0, same: 0 }));
  host.forEach((row, i) => {
    if (!row) {
      missing++;
      return;
    }
    if (row.length !== k) throw new Error(`the host's prediction ${i} has ${row.length} classes, the model ${k}`);
    compared++;
    let d = 0;
    let bestPage = 0;
    let bestHost = 0;
    for (let c = 0; c < k; c++) {
      const p = page[i * k + c]!;
      // A NaN from either side is a disagreement, not a silently skipped value.
      d = Math.max(d, Number.isNaN(p) || Number.isNaN(row[c]!) ? Number.POSITIVE_INFINITY : Math.abs(p - row[c]!));
      if (p > page[i * k + bestPage]!) bestPage = c;
      if (row[c]! > row[bestHost]!) bestHost = c;
    }
    maxDiff = Number.isNaN(maxDiff) ? d : Math.max(maxDiff, d);
    byClass[bestHost]!.windows++;
    if (bestPage === bestHost) {
      sameClass++;
      byClass[bestHost]!.same++;
    }
  });
  return { compared, missing, maxDiff, sameClass, byClass };
}

/** Windows the GPU check may score at once (each is fetched from the host). */
export const MAX_CHECK_WINDOWS = 5000;

/**
 * The "windows" field of the GPU check: a whole number 1..MAX_CHECK_WINDOWS, or the message
 * saying why not (a 0, a blank or 99999 used to become 256 or 5000 without a word).
 */
export function parseWindowCount(text: string): { count: number } | { error: string } {
  const t = text.trim();
  const n = Number(t);
  if (!t || !Number.isInteger(n) || n < 1 || n > MAX_CHECK_WINDOWS) return { error: `windows: "${text}" is not a whole number from 1 to ${MAX_CHECK_WINDOWS}` };
  return { count: n };
}
