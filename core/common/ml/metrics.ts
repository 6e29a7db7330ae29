// Classification metrics from integer labels 0..K-1. Accuracy alone hides rare classes
// (tremor), so every report carries per-class precision, recall, F1 and Jaccard.
// Division by zero gives 0, as scikit-learn does with `zero_division=0`. Macro averages
// run over the classes that have windows in the truth: a class with no held-out windows
// cannot be scored, and counting it as 0 made small test sets look worse than they are.

/** Scores of one class. */
export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  /** Intersection over union: TP / (TP + FP + FN). */
  jaccard: number;
  /** Number of windows whose true label is this class. */
  support: number;
  /** Number of windows predicted as this class. */
  predicted: number;
}

/** Everything a model dashboard shows about one set of predictions. */
export interface ClassificationReport {
  /** `confusion[t][p]` = windows of true class t predicted as p. */
  confusion: number[][];
  accuracy: number;
  perClass: ClassScores[];
  /** Unweighted means over the classes with at least one true window. */
  macro: { precision: number; recall: number; f1: number; jaccard: number };
  /** Classes with no true window: left out of the macro means (the screen names them). */
  leftOut: number[];
  /** Mean F1 weighted by support. */
  weightedF1: number;
  n: number;
}

function checkLabels(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, numClasses: number): void {
  if (yTrue.length !== yPred.length) {
    throw new RangeError(`truth has ${yTrue.length} labels but predictions have ${yPred.length}`);
  }
  if (!Number.isInteger(numClasses) || numClasses < 1) throw new RangeError(`numClasses must be ≥ 1, got ${numClasses}`);
}

function checkLabel(v: number, numClasses: number, where: string): void {
  if (!Number.isInteger(v) || v < 0 || v >= numClasses) {
    throw new RangeError(`${where} label ${v} is not a class in 0..${numClasses - 1}`);
  }
}

/** Confusion matrix (rows = truth, columns = prediction) of K classes. */
export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, numClasses: number): number[][] {
  checkLabels(yTrue, yPred, numClasses);
  const cm = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i]!;
    const p = yPred[i]!;
    checkLabel(t, numClasses, 'true');
    checkLabel(p, numClasses, 'predicted');
    cm[t]![p]! += 1;
  }
  return cm;
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

/** Fraction of predictions equal to the truth (0 for empty input). */
export function accuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  if (yTrue.length !== yPred.length) throw new RangeError('truth and predictions differ in length');
  let ok = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) ok++;
  return ratio(ok, yTrue.length);
}

/** Full report: confusion, accuracy, per-class and macro scores. */
export function classificationReport(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  numClasses: number,
): ClassificationReport {
  return reportFromConfusion(confusionMatrix(yTrue, yPred, numClasses));
}

/**
 * The report of a confusion matrix (rows = truth). Stored models keep their matrix, so
 * their scores can be derived again by the current rules.
 */
export function reportFromConfusion(confusion: number[][]): ClassificationReport {
  const numClasses = confusion.length;
  const perClass: ClassScores[] = [];
  let correct = 0;
  let n = 0;
  for (let c = 0; c < numClasses; c++) {
    const tp = confusion[c]![c]!;
    correct += tp;
    let support = 0;
    let predicted = 0;
    for (let k = 0; k < numClasses; k++) {
      support += confusion[c]![k]!;
      predicted += confusion[k]![c]!;
    }
    n += support;
    const precision = ratio(tp, predicted);
    const recall = ratio(tp, support);
    perClass.push({
      precision,
      recall,
      f1: ratio(2 * tp, support + predicted),
      jaccard: ratio(tp, support + predicted - tp),
      support,
      predicted,
    });
  }
  // A class without true windows has no recall and an F1 of 0 whatever the model does:
  // averaging that 0 in scores the split, not the model. Its false alarms still count,
  // as misses in the recall of the classes they were taken from.
  const scored = perClass.filter((s) => s.support > 0);
  const leftOut = perClass.flatMap((s, c) => (s.support > 0 ? [] : [c]));
  const mean = (f: (s: ClassScores) => number): number =>
    ratio(scored.reduce((a, s) => a + f(s), 0), scored.length);
  return {
    confusion,
    accuracy: ratio(correct, n),
    perClass,
    macro: { precision: mean((s) => s.precision), recall: mean((s) => s.recall), f1: mean((s) => s.f1), jaccard: mean((s) => s.jaccard) },
    leftOut,
    weightedF1: ratio(perClass.reduce((a, s) => a + s.f1 * s.support, 0), n),
    n,
  };
}

/** Macro-averaged F1 over the classes with at least one true window. */
export function macroF1(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, numClasses: number): number {
  return classificationReport(yTrue, yPred, numClasses).macro.f1;
}

/**
 * Cohen's kappa between two labelings (agreement beyond chance). When both labelings are
 * the same single class, chance agreement is 1 and sklearn returns NaN; we return 1,
 * because for stopping decisions two identical labelings do agree.
 */
export function cohenKappa(a: ArrayLike<number>, b: ArrayLike<number>, numClasses: number): number {
  const cm = confusionMatrix(a, b, numClasses);
  const n = a.length;
  if (n === 0) return 0;
  let po = 0;
  let pe = 0;
  for (let c = 0; c < numClasses; c++) {
    po += cm[c]![c]!;
    let rowSum = 0;
    let colSum = 0;
    for (let k = 0; k < numClasses; k++) {
      rowSum += cm[c]![k]!;
      colSum += cm[k]![c]!;
    }
    pe += (rowSum / n) * (colSum / n);
  }
  po /= n;
  if (pe >= 1) return 1;
  return (po - pe) / (1 - pe);
}
