/** One figure printed by `npm run bench` and written by `--json`. */
export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  peer?: { name: string; value: number };
  /** Free text shown in the table (e.g. why a peer is missing). */
  note?: string;
}

/** Options `run.ts` passes to every suite (a suite ignores what it does not use). */
export interface BenchOptions {
  /** How long a timed suite runs (e.g. `volunteers`), for a quick smoke run. */
  seconds?: number;
}

/** A bench module: runs its measurements and returns figures. */
export type BenchSuite = (opts?: BenchOptions) => Promise<BenchFigure[]>;
