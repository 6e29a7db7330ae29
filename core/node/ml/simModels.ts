// The models the simulation can train, adapted to its interface.
import { trainFeatureModel } from '../../common/ml/featureModel.js';
import { takeRows } from '../../common/ml/matrix.js';
import type { SimModelFactory } from '../../common/ml/simulate.js';
import { CoreError } from '../../common/errors.js';
import type { LabeledSet } from './labeledSet.js';

/** The feature model (forest on window features), as used by the app. */
export function featureForestFactory(ls: LabeledSet): SimModelFactory {
  const rowsOf = (idx: Int32Array) => {
    const m = takeRows(ls.features, idx);
    return { data: Float64Array.from(m.data), rows: m.rows, cols: m.cols };
  };
  return {
    name: 'forest',
    fit(train, y, classes, seed) {
      const model = trainFeatureModel(rowsOf(train), y, { classes, seed, classWeights: 'balanced' });
      return {
        predictProba: (idx) => model.predictProba(rowsOf(idx)),
        embed: (idx) => ({ data: model.embed(rowsOf(idx)), cols: model.features }),
      };
    },
  };
}

export const SIM_MODELS = ['forest'] as const;

/** The model factory for a name given on the command line. */
export function simModel(name: string, ls: LabeledSet): SimModelFactory {
  if (name === 'forest' || name === 'feature') return featureForestFactory(ls);
  throw new CoreError('invalid_input', `unknown model "${name}" (known: ${SIM_MODELS.join(', ')})`);
}
