// The serving forest's embedding of every window, kept per project file: every batch (each
// volunteer's too) asks for it, and it changes only with the forest or the windows. A retrain's
// worker makes it (off the host's thread) and hands it over here; servingEmbedding builds it
// otherwise. Its own module so the retrain and the serving choice need not import each other.
import type { ReadableDb } from '../store/db.js';

export const forestEmbeddings = new WeakMap<ReadableDb, { key: string; data: Float32Array; cols: number }>();

export const forestKey = (forestId: number, windowIds: number[]) => `${forestId}:${windowIds.join(',')}`;

/** Hands servingEmbedding the embedding a retrain's worker made of windows `windowIds` with forest `forestId`. */
export function primeForestEmbedding(db: ReadableDb, forestId: number, windowIds: number[], data: Float32Array, cols: number): void {
  if (data.length !== windowIds.length * cols) throw new Error(`embedding of ${data.length} values for ${windowIds.length} windows × ${cols}`);
  forestEmbeddings.set(db, { key: forestKey(forestId, windowIds), data, cols });
}
