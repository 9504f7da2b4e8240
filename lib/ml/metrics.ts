// Metrics as written in a model card: binary classifiers (labels 0/1,
// predictions the probability of label 1), multi-class classifiers and
// regressions (forecasts, compared with a naive baseline).

function checkLengths(labels: readonly unknown[], predictions: readonly unknown[]): void {
  if (labels.length !== predictions.length) {
    throw new Error(`${labels.length} labels but ${predictions.length} predictions`);
  }
  if (labels.length === 0) throw new Error('No rows to evaluate');
}

/**
 * Area under the ROC curve from ranks (Mann–Whitney U): the probability that a
 * random positive scores above a random negative, ties counting one half.
 * NaN when one class is absent, since the question then has no answer.
 */
export function auc(labels: readonly number[], scores: readonly number[]): number {
  checkLengths(labels, scores);
  const order = scores.map((_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let positives = 0;
  let positiveRankSum = 0;
  let i = 0;
  while (i < order.length) {
    // A group of tied scores shares the average of the ranks it spans (1-based).
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1]] === scores[order[i]]) j++;
    const averageRank = (i + 1 + (j + 1)) / 2;
    for (let k = i; k <= j; k++) {
      if (labels[order[k]] === 1) {
        positives++;
        positiveRankSum += averageRank;
      }
    }
    i = j + 1;
  }
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Mean negative log-likelihood; probabilities are clipped so one confident miss stays finite. */
export function logLoss(labels: readonly number[], probabilities: readonly number[], eps = 1e-15): number {
  checkLengths(labels, probabilities);
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = Math.min(Math.max(probabilities[i], eps), 1 - eps);
    total -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return total / labels.length;
}

export function brierScore(labels: readonly number[], probabilities: readonly number[]): number {
  checkLengths(labels, probabilities);
  let total = 0;
  for (let i = 0; i < labels.length; i++) total += (probabilities[i] - labels[i]) ** 2;
  return total / labels.length;
}

export function accuracy(labels: readonly number[], probabilities: readonly number[], threshold = 0.5): number {
  checkLengths(labels, probabilities);
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    if ((probabilities[i] >= threshold ? 1 : 0) === labels[i]) correct++;
  }
  return correct / labels.length;
}

export interface CalibrationBin {
  lower: number;
  upper: number;
  count: number;
  /** null for an empty bin (JSON has no NaN). */
  meanPredicted: number | null;
  observedRate: number | null;
}

/**
 * The 2×2 confusion matrix at a threshold, recovered from calibration bins
 * (confusion[true][predicted], 0 = negative): exact when the threshold is a
 * bin edge, since every row of a bin then falls on one side. Cards keep bins,
 * not rows, so this is how a card written before confusion matrices existed
 * still shows one. Null when the threshold is not an edge.
 */
export function confusionAtThreshold(bins: readonly CalibrationBin[], threshold: number): number[][] | null {
  const EDGE = 1e-9;
  if (!bins.some((b) => Math.abs(b.lower - threshold) < EDGE) && !(threshold <= EDGE)) return null;
  const confusion = [
    [0, 0],
    [0, 0],
  ];
  for (const bin of bins) {
    if (bin.count === 0 || bin.observedRate === null) continue;
    const positives = Math.round(bin.observedRate * bin.count);
    const predicted = bin.lower >= threshold - EDGE ? 1 : 0;
    confusion[1][predicted] += positives;
    confusion[0][predicted] += bin.count - positives;
  }
  return confusion;
}

/** Equal-width bins over [0, 1]; the last bin includes 1. */
export function calibrationBins(
  labels: readonly number[],
  probabilities: readonly number[],
  binCount = 10,
): CalibrationBin[] {
  checkLengths(labels, probabilities);
  const sums = new Array<number>(binCount).fill(0);
  const hits = new Array<number>(binCount).fill(0);
  const counts = new Array<number>(binCount).fill(0);
  for (let i = 0; i < labels.length; i++) {
    const p = probabilities[i];
    const bin = Math.min(Math.max(Math.floor(p * binCount), 0), binCount - 1);
    sums[bin] += p;
    hits[bin] += labels[i];
    counts[bin]++;
  }
  return counts.map((count, bin) => ({
    lower: bin / binCount,
    upper: (bin + 1) / binCount,
    count,
    meanPredicted: count > 0 ? sums[bin] / count : null,
    observedRate: count > 0 ? hits[bin] / count : null,
  }));
}

export interface BinaryMetrics {
  rows: number;
  positiveRate: number;
  meanPredicted: number;
  auc: number;
  logLoss: number;
  brier: number;
  accuracy: number;
  calibration: CalibrationBin[];
}

export function evaluateBinary(labels: readonly number[], probabilities: readonly number[]): BinaryMetrics {
  checkLengths(labels, probabilities);
  return {
    rows: labels.length,
    positiveRate: labels.reduce((a, b) => a + b, 0) / labels.length,
    meanPredicted: probabilities.reduce((a, b) => a + b, 0) / probabilities.length,
    auc: auc(labels, probabilities),
    logLoss: logLoss(labels, probabilities),
    brier: brierScore(labels, probabilities),
    accuracy: accuracy(labels, probabilities),
    calibration: calibrationBins(labels, probabilities),
  };
}

// ---------------------------------------------------------------------------
// Multi-class: labels are class indices 0..K-1, predictions one probability
// vector per row (in class order).

export interface ClassMetrics {
  class: string;
  /** Rows whose true class this is. */
  support: number;
  /** null when the model never predicts the class (precision is then undefined). */
  precision: number | null;
  /** null when the class never occurs. */
  recall: number | null;
  f1: number | null;
}

export interface MulticlassMetrics {
  kind: 'multiclass';
  rows: number;
  accuracy: number;
  /** Unweighted mean of the per-class F1 scores, an undefined F1 counting as 0. */
  macroF1: number;
  logLoss: number;
  perClass: ClassMetrics[];
  /** confusion[true][predicted], row counts. */
  confusion: number[][];
}

export function evaluateMulticlass(
  labels: readonly number[],
  probabilities: readonly (readonly number[])[],
  classes: readonly string[],
): MulticlassMetrics {
  checkLengths(labels, probabilities);
  const k = classes.length;
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let logLossSum = 0;
  probabilities.forEach((p, i) => {
    if (p.length !== k) throw new Error(`Row ${i} has ${p.length} probabilities for ${k} classes`);
    let predicted = 0;
    for (let c = 1; c < k; c++) if (p[c] > p[predicted]) predicted = c;
    confusion[labels[i]][predicted]++;
    logLossSum -= Math.log(Math.min(Math.max(p[labels[i]], 1e-15), 1));
  });
  const perClass = classes.map((name, c) => {
    const truePositives = confusion[c][c];
    const support = confusion[c].reduce((a, b) => a + b, 0);
    const predicted = confusion.reduce((sum, row) => sum + row[c], 0);
    const precision = predicted > 0 ? truePositives / predicted : null;
    const recall = support > 0 ? truePositives / support : null;
    const f1 = precision !== null && recall !== null ? (precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0) : null;
    return { class: name, support, precision, recall, f1 };
  });
  const correct = confusion.reduce((sum, row, c) => sum + row[c], 0);
  return {
    kind: 'multiclass',
    rows: labels.length,
    accuracy: correct / labels.length,
    macroF1: perClass.reduce((sum, m) => sum + (m.f1 ?? 0), 0) / k,
    logLoss: logLossSum / labels.length,
    perClass,
    confusion,
  };
}

// ---------------------------------------------------------------------------
// Regression and forecasts.

export interface RegressionMetrics {
  kind: 'regression';
  rows: number;
  mae: number;
  rmse: number;
  /** Mean of the targets, for scale. */
  meanTarget: number;
  /** MAE of the naive baseline on the same rows, when one was given. */
  naiveMae: number | null;
  /** mae ÷ naiveMae: below 1 means the model beats the baseline. */
  maeRatio: number | null;
}

export function meanAbsoluteError(targets: readonly number[], predictions: readonly number[]): number {
  checkLengths(targets, predictions);
  let total = 0;
  for (let i = 0; i < targets.length; i++) total += Math.abs(predictions[i] - targets[i]);
  return total / targets.length;
}

export function evaluateRegression(
  targets: readonly number[],
  predictions: readonly number[],
  naivePredictions?: readonly number[],
): RegressionMetrics {
  checkLengths(targets, predictions);
  let squared = 0;
  for (let i = 0; i < targets.length; i++) squared += (predictions[i] - targets[i]) ** 2;
  const mae = meanAbsoluteError(targets, predictions);
  const naiveMae = naivePredictions ? meanAbsoluteError(targets, naivePredictions) : null;
  return {
    kind: 'regression',
    rows: targets.length,
    mae,
    rmse: Math.sqrt(squared / targets.length),
    meanTarget: targets.reduce((a, b) => a + b, 0) / targets.length,
    naiveMae,
    maeRatio: naiveMae !== null && naiveMae > 0 ? mae / naiveMae : null,
  };
}
