// The one way the project's feature model is fitted on a split, shared by the training
// worker and the dashboard's held-out re-fit, so the two can never drift apart.
import { trainFeatureModel, type FeatureModel } from '../../common/ml/featureModel.js';
import { takeRows } from '../../common/ml/matrix.js';

/** Rows `idx` of a row-major feature matrix with `cols` columns. */
export const featureRows = (X: Float64Array, cols: number, idx: ArrayLike<number>) => takeRows({ data: X, rows: X.length / cols, cols }, idx);

/**
 * Fits the feature model on the rows `trainIdx` (all rows when omitted) with the project's
 * options; `weights` (one per row, e.g. consensus confidence) scale each window's say.
 */
export function fitProjectForest(X: Float64Array, cols: number, y: Int32Array, classes: number, seed: number, trainIdx?: Int32Array, weights?: Float64Array): FeatureModel {
  const opts = { classes, seed, classWeights: 'balanced' as const };
  if (!trainIdx) return trainFeatureModel({ data: X, rows: y.length, cols }, y, { ...opts, sampleWeights: weights });
  return trainFeatureModel(featureRows(X, cols, trainIdx), Int32Array.from(trainIdx, (i) => y[i]!), { ...opts, sampleWeights: weights && Float64Array.from(trainIdx, (i) => weights[i]!) });
}
