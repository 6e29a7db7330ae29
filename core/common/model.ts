// Records the API returns: the user's words (window, stream, label event, annotator).
import type { PhasePick } from './types.js';

export interface ClassInfo {
  id: number;
  name: string;
  hotkey: string | null;
  colour: string;
  description: string;
  position: number;
  exampleWindowIds: number[];
}

export interface AnnotatorInfo {
  id: number;
  name: string;
  kind: 'human' | 'import' | 'model';
}

export type LabelKind = 'class' | 'unsure' | 'skip';

export interface LabelEventInfo {
  id: number;
  windowId: number;
  annotatorId: number;
  kind: LabelKind | 'undo';
  classId: number | null;
  listened: boolean;
  undoes: number | null;
  createdAt: number;
  /** The model's suggestion in view when the verdict was given, or null when none was shown. */
  suggestion: LabelSuggestion | null;
  /** Who gave the verdict in which view, how long it took, and which query batch chose the window; null on imported and older labels. */
  provenance: LabelProvenance | null;
}

/** The labeling views a verdict can be given in. */
export const LABEL_VIEWS = ['full', 'volunteer'] as const;
export type LabelView = (typeof LABEL_VIEWS)[number];

/** Where a label came from, saved on its row. */
export interface LabelProvenance {
  /** The invited person (null: the host's owner). */
  personId: number | null;
  role: 'owner' | 'analyst' | 'volunteer' | 'reviewer';
  view: LabelView | null;
  /** When the window was put in front of the person (ms since 1970, host clock), or null when the client did not say. */
  shownAt: number | null;
  /** Milliseconds from the window being shown to the verdict, as the client measured it. */
  timeToLabelMs: number | null;
  /** The query batch that chose the window, its strategy and the model version it used. */
  queryBatchId: number | null;
  queryStrategy: string | null;
  queryModelId: number | null;
}

/** A model suggestion shown beside a window, and whether the verdict was accepting it. */
export interface LabelSuggestion {
  classId: number;
  confidence: number;
  modelId: number;
  accepted: boolean;
}

/** How the project's label of a window was derived from everyone's labels. */
export interface ConsensusInfo {
  /** Probability of the chosen class (share of the votes for majority; posterior for Dawid–Skene; 1 for gold). */
  confidence: number;
  /** People whose current label of the window is a class. */
  votes: number;
  method: 'majority' | 'dawid-skene' | 'gold';
}

/**
 * The label a window has now, derived from its label events: one person's own label, or
 * the project's consensus, named by the latest event that agrees with it (eventId 0 and
 * annotatorId 0 for a gold window nobody has labeled).
 */
export interface CurrentLabel {
  kind: LabelKind;
  classId: number | null;
  annotatorId: number;
  eventId: number;
  listened: boolean;
  /** Present on the project's label of a window, absent on one person's own label. */
  consensus?: ConsensusInfo;
}

export interface SourceInfo {
  id: number;
  path: string;
  name: string;
  format: string;
  sha256: string;
  bytes: number;
  importedAt: number;
  warnings: string[];
  discontinuities: number;
  /** False while its windows are being cut (or after a crash cut that short): importing it again completes it. */
  complete: boolean;
}

export interface StreamInfo {
  id: number;
  sourceId: number;
  streamId: string;
  samplingRate: number;
  startTime: number | null;
  nSamples: number;
}

export interface WindowSummary {
  id: number;
  sourceId: number | null;
  origin: string;
  network: string;
  station: string;
  location: string;
  channels: string[];
  startTime: number | null;
  samplingRate: number;
  nSamples: number;
  groupKey: string;
  picks: PhasePick[];
  meta: Record<string, string | number>;
  label: CurrentLabel | null;
}
