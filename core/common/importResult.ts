// What an import reports per file, shared by the CLI and the import panel: windows cut,
// warnings of the parser, windowing notices with a proposed length, gaps and overlaps.
import type { Discontinuity } from './types.js';
import type { WindowNotice } from './windowPlan.js';

/** At most this many gaps/overlaps are listed per file in a result (all are kept in the source). */
export const MAX_LISTED_GAPS = 200;

/** One file (or windowed-array folder) that was imported. */
export interface ImportedFile {
  file: string;
  sourceId: number;
  streams: number;
  windows: number;
  labels: number;
  warnings: string[];
  /** Why a group of this file got no (or odd) windows, with a length that would fit. */
  notices: WindowNotice[];
  /** Gaps and overlaps between the records of a stream (first MAX_LISTED_GAPS). */
  gaps: Discontinuity[];
  gapCount: number;
  /** True when this import finished one that a crash or a cancel had left unfinished. */
  completed: boolean;
}

/** What an import task returns. */
export interface ImportResult {
  imported: ImportedFile[];
  failed: { file: string; message: string }[];
}
