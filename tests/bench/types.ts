/** One figure printed by `npm run bench` and written by `--json`. */
export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  peer?: { name: string; value: number };
  /** Free text shown in the table (e.g. why a peer is missing). */
  note?: string;
}

/** A bench module: runs its measurements and returns figures. */
export type BenchSuite = () => Promise<BenchFigure[]>;
