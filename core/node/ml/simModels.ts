// The models the simulation can train, adapted to its interface.
import { trainFeatureModel, type FeatureModelOptions } from '../../common/ml/featureModel.js';
import { trainLinearModel } from '../../common/ml/linear.js';
import { takeRows } from '../../common/ml/matrix.js';
import type { SimModelFactory } from '../../common/ml/simulate.js';
import { CoreError } from '../../common/errors.js';
import { CnnModel } from './cnn/model.js';
import type { LabeledSet } from './labeledSet.js';
import { cnnInput, cnnLength } from './projectCnn.js';

/**
 * The feature model (forest on window features), as used by the app; `options` overrides
 * its settings (e.g. nTrees) so a change can be measured here before it becomes the default.
 */
export function featureForestFactory(ls: LabeledSet, options: Partial<Omit<FeatureModelOptions, 'classes' | 'seed'>> = {}): SimModelFactory {
  // As in the app (store/features.ts, loadModelInputs): the features beside the station context.
  const rowsOf = (idx: Int32Array) => {
    const m = takeRows(ls.modelInputs, idx);
    return { data: Float64Array.from(m.data), rows: m.rows, cols: m.cols };
  };
  return {
    name: options.selfTraining ? 'forest-self' : 'forest',
    fit(train, y, classes, seed, unlabeled) {
      const pool = options.selfTraining && unlabeled?.length ? { unlabeled: rowsOf(unlabeled) } : {};
      const model = trainFeatureModel(rowsOf(train), y, { classWeights: 'balanced', ...options, ...pool, classes, seed });
      return {
        predictProba: (idx) => model.predictProba(rowsOf(idx)),
        embed: (idx) => ({ data: model.embed(rowsOf(idx)), cols: model.features }),
      };
    },
  };
}

/**
 * The regularised multinomial logistic regression (linear.ts) alone, or averaged with the
 * forest ('ensemble'). Offered for comparison: on the development sets neither beat the
 * forest (phases, random 60 labels: linear 0.78, ensemble 0.81, forest 0.86 macro-F1).
 */
export function featureLinearFactory(ls: LabeledSet, withForest: boolean): SimModelFactory {
  const rowsOf = (idx: Int32Array) => {
    const m = takeRows(ls.modelInputs, idx);
    return { data: Float64Array.from(m.data), rows: m.rows, cols: m.cols };
  };
  return {
    name: withForest ? 'ensemble' : 'linear',
    fit(train, y, classes, seed) {
      const X = rowsOf(train);
      const linear = trainLinearModel(X, y, { classes, classWeights: 'balanced' });
      const forest = withForest ? trainFeatureModel(X, y, { classes, seed, classWeights: 'balanced' }) : null;
      return {
        predictProba(idx) {
          const Xi = rowsOf(idx);
          const p = linear.predictProba(Xi);
          if (!forest) return p;
          // Equal-weight average: both outputs are probabilities, so the mean stays one.
          const q = forest.predictProba(Xi);
          for (let i = 0; i < p.length; i++) p[i] = 0.5 * (p[i] + q[i]);
          return p;
        },
        embed: forest ? (idx) => ({ data: forest.embed(rowsOf(idx)), cols: forest.features }) : undefined,
      };
    },
  };
}

/**
 * The 1-D CNN on the waveforms (cnn/model.ts), trained for a fixed number of epochs: with
 * a few dozen labels there is no validation split to stop on.
 */
export function cnnFactory(ls: LabeledSet, epochs = 30): SimModelFactory {
  const X = Array.from(ls.rows, (row) => cnnInput(ls.set.channels[row]!, ls.set.windowData(row)));
  const length = cnnLength([ls.set.shape[2]]);
  const pick = (idx: Int32Array) => Array.from(idx, (i) => X[i]!);
  return {
    name: 'cnn',
    async fit(train, y, classes, seed) {
      const model = new CnnModel({ channels: 3, length });
      await model.fit(pick(train), y, { classes, epochs, batchSize: 16, seed });
      return {
        predictProba: (idx) => model.predictProba(pick(idx)),
        embed: async (idx) => {
          const data = await model.embed(pick(idx));
          return { data, cols: data.length / idx.length };
        },
      };
    },
  };
}

/**
 * The equal-weight average of two models' class probabilities, as the app averages forest and
 * CNN when that average serves the queue (servingChoice.ts, serving.ts); k-center diversity runs
 * on the first model's embedding, as the app's average uses the forest's. Both models see the
 * same labels and seed. Offered for comparison: on noise/P/S grouped by source (hybrid, 20 seeds)
 * the average scored below the forest alone (full pool 0.874 vs 0.920 macro-F1; CNN 0.720).
 */
export function averageFactory(a: SimModelFactory, b: SimModelFactory, name = `${a.name}+${b.name}`): SimModelFactory {
  return {
    name,
    async fit(train, y, classes, seed, unlabeled) {
      const ta = await a.fit(train, y, classes, seed, unlabeled);
      const tb = await b.fit(train, y, classes, seed, unlabeled);
      return {
        async predictProba(idx) {
          const p = await ta.predictProba(idx);
          const q = await tb.predictProba(idx);
          if (p.length !== q.length) throw new RangeError(`${a.name} gave ${p.length} probabilities and ${b.name} ${q.length} for ${idx.length} windows`);
          return Float64Array.from(p, (v, i) => 0.5 * (v + q[i]!));
        },
        embed: ta.embed ? (idx) => ta.embed!(idx) : undefined,
      };
    },
  };
}

/**
 * Self-training on the unlabeled pool (featureModel.ts, SelfTraining), offered for comparison:
 * in simulations grouped by station it did not beat the plain forest (tests/bench/modelSelection.ts).
 */
export const SELF_TRAINING = { threshold: 0.9, weight: 0.5 } as const;

export const SIM_MODELS = ['forest', 'forest-self', 'linear', 'ensemble', 'cnn', 'forest+cnn'] as const;

/** The model factory for a name given on the command line. */
export function simModel(name: string, ls: LabeledSet): SimModelFactory {
  if (name === 'forest' || name === 'feature') return featureForestFactory(ls);
  if (name === 'forest-self') return featureForestFactory(ls, { selfTraining: SELF_TRAINING });
  if (name === 'linear' || name === 'ensemble') return featureLinearFactory(ls, name === 'ensemble');
  if (name === 'cnn') return cnnFactory(ls);
  if (name === 'forest+cnn') return averageFactory(featureForestFactory(ls), cnnFactory(ls));
  throw new CoreError('invalid_input', `unknown model "${name}" (known: ${SIM_MODELS.join(', ')})`);
}
