// The volunteers' field guide: a tutorial with example windows of each class, practice on
// gold windows with feedback, and (when the owner allows it) feedback on gold windows met
// later. What a volunteer may learn is decided here: the expert's class of a gold window
// only after they labeled it, and only for practice windows unless gold feedback is on.
import { makeRng } from '../../common/ml/rng.js';
import { CoreError } from '../../common/errors.js';
import { listClasses } from './classes.js';
import { goldWindows } from './consensus.js';
import type { ReadableDb, WritableDb } from './db.js';
import { ownLabel, ownLabels } from './labels.js';

/** What the owner decides about the guide. */
export interface GuideSettings {
  /** Tell volunteers the expert's class after they label a gold window met outside practice. */
  goldFeedback: boolean;
  /** Gold windows a new volunteer practises on (fewer when the project has fewer). */
  practiceWindows: number;
}

const DEFAULTS: GuideSettings = { goldFeedback: false, practiceWindows: 4 };
const KEY = 'guide_settings';

export function guideSettings(db: ReadableDb): GuideSettings {
  const row = db.prepare('SELECT value FROM project_meta WHERE key = ?').get(KEY) as { value: string } | undefined;
  if (!row) return { ...DEFAULTS };
  const v = JSON.parse(row.value) as Partial<GuideSettings>;
  return {
    goldFeedback: typeof v.goldFeedback === 'boolean' ? v.goldFeedback : DEFAULTS.goldFeedback,
    practiceWindows: Number.isInteger(v.practiceWindows) && v.practiceWindows! >= 0 ? v.practiceWindows! : DEFAULTS.practiceWindows,
  };
}

/** Changes what is given; returns the settings now in force. */
export function updateGuideSettings(db: WritableDb, patch: Partial<GuideSettings>): GuideSettings {
  const next = { ...guideSettings(db), ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) } as GuideSettings;
  if (!Number.isInteger(next.practiceWindows) || next.practiceWindows < 0 || next.practiceWindows > 50) {
    throw new CoreError('invalid_input', `practiceWindows must be a whole number from 0 to 50, got ${next.practiceWindows}`);
  }
  db.prepare('INSERT INTO project_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(KEY, JSON.stringify(next));
  return next;
}

/** Where one person stands in the guide. */
export interface GuideStatus {
  tutorialDone: boolean;
  /** Whether practice windows were handed out (possibly none, when the project had no gold). */
  practiceAssigned: boolean;
  /** The practice windows in the order to show them, and whether the person labeled each. */
  practice: { windowId: number; labeled: boolean }[];
  goldFeedback: boolean;
}

interface ProgressRow {
  tutorial_done_at: number | null;
  practice_assigned_at: number | null;
}

const progress = (db: ReadableDb, annotatorId: number) =>
  db.prepare('SELECT tutorial_done_at, practice_assigned_at FROM guide_progress WHERE annotator_id = ?').get(annotatorId) as ProgressRow | undefined;

const practiceIds = (db: ReadableDb, annotatorId: number) =>
  db.prepare('SELECT window_id FROM practice_windows WHERE annotator_id = ? ORDER BY position').pluck().all(annotatorId) as number[];

export function guideStatus(db: ReadableDb, annotatorId: number): GuideStatus {
  const p = progress(db, annotatorId);
  const mine = ownLabels(db, annotatorId);
  return {
    tutorialDone: p?.tutorial_done_at != null,
    practiceAssigned: p?.practice_assigned_at != null,
    practice: practiceIds(db, annotatorId).map((windowId) => ({ windowId, labeled: mine.has(windowId) })),
    goldFeedback: guideSettings(db).goldFeedback,
  };
}

export function finishTutorial(db: WritableDb, annotatorId: number, at = Date.now()): void {
  db.prepare(`INSERT INTO guide_progress (annotator_id, tutorial_done_at) VALUES (?, ?)
              ON CONFLICT(annotator_id) DO UPDATE SET tutorial_done_at = coalesce(tutorial_done_at, excluded.tutorial_done_at)`).run(annotatorId, at);
}

/**
 * Hands a person their practice windows, once: gold windows they have not labeled, taken in
 * turn from each expert class (so every class is practised) in a seeded random order, and
 * never a class's example window (the tutorial showed its answer). Later calls return the
 * same windows.
 */
export function assignPractice(db: WritableDb, annotatorId: number, seed: number): void {
  db.transaction(() => {
    if (progress(db, annotatorId)?.practice_assigned_at != null) return;
    const wanted = guideSettings(db).practiceWindows;
    const examples = new Set(listClasses(db).flatMap((c) => c.exampleWindowIds));
    const mine = ownLabels(db, annotatorId);
    const byClass = new Map<number, number[]>();
    for (const [windowId, classId] of goldWindows(db)) {
      if (examples.has(windowId) || mine.has(windowId)) continue;
      byClass.set(classId, [...(byClass.get(classId) ?? []), windowId]);
    }
    const rng = makeRng(seed);
    const lists = [...byClass.keys()].sort((a, b) => a - b).map((c) => rng.shuffle(byClass.get(c)!));
    rng.shuffle(lists);
    const chosen: number[] = [];
    for (let round = 0; chosen.length < wanted && lists.some((l) => l.length > round); round++) {
      for (const l of lists) if (round < l.length && chosen.length < wanted) chosen.push(l[round]!);
    }
    // The order of the rounds would give away the classes' order: shuffle the picks too.
    rng.shuffle(chosen);
    const insert = db.prepare('INSERT INTO practice_windows (annotator_id, window_id, position) VALUES (?, ?, ?)');
    chosen.forEach((windowId, i) => insert.run(annotatorId, windowId, i));
    db.prepare(`INSERT INTO guide_progress (annotator_id, practice_assigned_at) VALUES (?, ?)
                ON CONFLICT(annotator_id) DO UPDATE SET practice_assigned_at = excluded.practice_assigned_at`).run(annotatorId, Date.now());
  })();
}

/** The expert's word on a window a person labeled, when they may hear it. */
export interface GoldFeedback {
  windowId: number;
  expertClassId: number;
  practice: boolean;
}

/**
 * The expert's class of a gold window, told to a person only after they labeled it, and
 * only for their practice windows unless the owner turned gold feedback on. Every other
 * case (not gold, not labeled yet, feedback off) gives the same null, so the answer does not
 * tell which windows are gold either.
 */
export function goldFeedback(db: ReadableDb, annotatorId: number, windowId: number): GoldFeedback | null {
  const expertClassId = goldWindows(db).get(windowId);
  if (expertClassId === undefined || !ownLabel(db, windowId, annotatorId)) return null;
  const practice = db.prepare('SELECT 1 FROM practice_windows WHERE annotator_id = ? AND window_id = ?').get(annotatorId, windowId) !== undefined;
  if (!practice && !guideSettings(db).goldFeedback) return null;
  return { windowId, expertClassId, practice };
}
