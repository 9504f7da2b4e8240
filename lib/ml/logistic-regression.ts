// Logistic regression fitted by Newton's method (iteratively reweighted least
// squares) with an intercept and an L2 penalty on the slopes, written in the
// project because the npm package has no intercept and inverted labels
// (stack-notes, ONNX).
//
// Features are imputed (training mean) and standardised before fitting, the
// same two steps the ONNX graph does with Imputer and Scaler, so the penalty
// treats features on different scales alike and the Hessian stays well
// conditioned. The constants are stored as float32 numbers: the graph holds
// them as floats, and both sides must use the very same ones.
import { sigmoid } from '@/lib/ml/gbt';
import { trainingWeights, type WeightOptions } from '@/lib/ml/weights';

export interface LogisticRegressionModel {
  format: 'interlock-logreg@1';
  featureNames: string[];
  /** Training mean of each feature, float32: fills a missing value, then centres. */
  means: number[];
  /** 1 ÷ training standard deviation (1 for a constant feature), float32. */
  scales: number[];
  /** Slopes on the standardised features, float32. */
  coefficients: number[];
  intercept: number;
  l2: number;
  iterations: number;
  converged: boolean;
}

export interface LogisticRegressionOptions extends WeightOptions {
  featureNames?: string[];
  /** Penalty λ in ½λ‖β‖² on the standardised slopes, never on the intercept. Default 1. */
  l2?: number;
  maxIterations?: number;
  /** Stop when no coefficient moves more than this in a step. */
  tolerance?: number;
}

/** What each feature becomes before the dot product, computed as ONNX Runtime's Imputer and Scaler do (float32). */
export function standardizeRow(model: LogisticRegressionModel, row: readonly number[]): number[] {
  return row.map((x, j) => {
    const value = Number.isNaN(x) ? model.means[j] : Math.fround(x);
    return Math.fround(Math.fround(value - model.means[j]) * model.scales[j]);
  });
}

export function predictLogisticRaw(model: LogisticRegressionModel, row: readonly number[]): number {
  if (row.length !== model.coefficients.length) throw new Error(`Row has ${row.length} features, expected ${model.coefficients.length}`);
  const z = standardizeRow(model, row);
  let sum = 0;
  for (let j = 0; j < z.length; j++) sum += model.coefficients[j] * z[j];
  return sum + model.intercept;
}

export function predictLogistic(model: LogisticRegressionModel, row: readonly number[]): number {
  return sigmoid(predictLogisticRaw(model, row));
}

/** Intercept and slopes on the original feature scale (what a person reads as "per hour of slack"). */
export function rawCoefficients(model: LogisticRegressionModel): { intercept: number; coefficients: number[] } {
  const coefficients = model.coefficients.map((b, j) => b * model.scales[j]);
  const intercept = model.intercept - coefficients.reduce((sum, c, j) => sum + c * model.means[j], 0);
  return { intercept, coefficients };
}

/** Solves A x = b for a symmetric positive definite A (Cholesky); null when A is not positive definite. */
export function solveSymmetric(a: number[][], b: number[]): number[] | null {
  const n = b.length;
  const l = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i][j];
      for (let k = 0; k < j; k++) sum -= l[i][k] * l[j][k];
      if (i === j) {
        if (!(sum > 0)) return null;
        l[i][i] = Math.sqrt(sum);
      } else {
        l[i][j] = sum / l[j][j];
      }
    }
  }
  const y = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= l[i][k] * y[k];
    y[i] = sum / l[i][i];
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let sum = y[i];
    for (let k = i + 1; k < n; k++) sum -= l[k][i] * x[k];
    x[i] = sum / l[i][i];
  }
  return x;
}

function columnStatistics(rows: readonly (readonly number[])[], nFeatures: number) {
  const means: number[] = [];
  const scales: number[] = [];
  for (let j = 0; j < nFeatures; j++) {
    let sum = 0;
    let count = 0;
    for (const row of rows) {
      const x = Math.fround(row[j]);
      if (!Number.isNaN(x)) {
        sum += x;
        count++;
      }
    }
    const mean = count > 0 ? sum / count : 0;
    let squares = 0;
    for (const row of rows) {
      const x = Math.fround(row[j]);
      // A missing value becomes the mean, so it adds nothing to the spread.
      if (!Number.isNaN(x)) squares += (x - mean) ** 2;
    }
    const std = Math.sqrt(squares / Math.max(rows.length, 1));
    means.push(Math.fround(mean));
    scales.push(Math.fround(std > 1e-12 ? 1 / std : 1));
  }
  return { means, scales };
}

/** Penalised negative log-likelihood; `design` rows start with the constant 1. */
function objectiveOf(design: Float64Array[], labels: readonly number[], weights: Float64Array, beta: number[], l2: number): number {
  let total = 0;
  for (let r = 0; r < design.length; r++) {
    let z = 0;
    for (let j = 0; j < beta.length; j++) z += beta[j] * design[r][j];
    total += weights[r] * (Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - labels[r] * z);
  }
  let penalty = 0;
  for (let j = 1; j < beta.length; j++) penalty += beta[j] * beta[j];
  return total + 0.5 * l2 * penalty;
}

export function trainLogisticRegression(
  rows: readonly (readonly number[])[],
  labels: readonly number[],
  options: LogisticRegressionOptions = {},
): LogisticRegressionModel {
  const l2 = options.l2 ?? 1;
  const maxIterations = options.maxIterations ?? 50;
  const tolerance = options.tolerance ?? 1e-8;
  if (rows.length === 0) throw new Error('trainLogisticRegression: no training rows');
  if (rows.length !== labels.length) throw new Error(`trainLogisticRegression: ${rows.length} rows but ${labels.length} labels`);
  if (!(l2 >= 0)) throw new Error('trainLogisticRegression: l2 must be ≥ 0');
  const nFeatures = rows[0].length;
  rows.forEach((row, r) => {
    if (row.length !== nFeatures) throw new Error(`trainLogisticRegression: rows must all have ${nFeatures} features`);
    row.forEach((x, j) => {
      if (x === Infinity || x === -Infinity) throw new Error(`trainLogisticRegression: row ${r} feature ${j} is infinite`);
    });
  });
  for (const y of labels) {
    if (y !== 0 && y !== 1) throw new Error('trainLogisticRegression: labels must be 0 or 1');
  }
  const featureNames = options.featureNames ?? Array.from({ length: nFeatures }, (_, i) => `f${i}`);
  if (featureNames.length !== nFeatures) throw new Error(`trainLogisticRegression: ${featureNames.length} names for ${nFeatures} features`);
  const weights = trainingWeights(labels, 2, options, 'trainLogisticRegression');

  const { means, scales } = columnStatistics(rows, nFeatures);
  const shell: LogisticRegressionModel = {
    format: 'interlock-logreg@1',
    featureNames,
    means,
    scales,
    coefficients: new Array<number>(nFeatures).fill(0),
    intercept: 0,
    l2,
    iterations: 0,
    converged: false,
  };
  const design = rows.map((row) => Float64Array.from([1, ...standardizeRow(shell, row)]));
  const p = nFeatures + 1;

  // Start from the base rate: one Newton step short of the intercept-only optimum.
  let positives = 0;
  let total = 0;
  labels.forEach((y, r) => {
    positives += weights[r] * y;
    total += weights[r];
  });
  const rate = Math.min(Math.max(positives / total, 1e-6), 1 - 1e-6);
  let beta = new Array<number>(p).fill(0);
  beta[0] = Math.log(rate / (1 - rate));
  let current = objectiveOf(design, labels, weights, beta, l2);

  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations && !converged) {
    iterations++;
    const gradient = new Array<number>(p).fill(0);
    const hessian = Array.from({ length: p }, () => new Array<number>(p).fill(0));
    for (let r = 0; r < design.length; r++) {
      const x = design[r];
      let z = 0;
      for (let j = 0; j < p; j++) z += beta[j] * x[j];
      const mu = sigmoid(z);
      const residual = weights[r] * (mu - labels[r]);
      const curvature = weights[r] * mu * (1 - mu);
      for (let j = 0; j < p; j++) {
        gradient[j] += residual * x[j];
        const cj = curvature * x[j];
        for (let k = 0; k <= j; k++) hessian[j][k] += cj * x[k];
      }
    }
    for (let j = 0; j < p; j++) {
      for (let k = j + 1; k < p; k++) hessian[j][k] = hessian[k][j];
      if (j > 0) {
        gradient[j] += l2 * beta[j];
        hessian[j][j] += l2;
      }
    }
    // Separable data without a penalty makes the Hessian singular: a little ridge keeps the step finite.
    let step = solveSymmetric(hessian, gradient);
    for (let ridge = 1e-10; step === null && ridge < 1e6; ridge *= 100) {
      step = solveSymmetric(hessian.map((row, j) => row.map((v, k) => (j === k ? v + ridge : v))), gradient);
    }
    if (step === null) break;

    // Halve the step until the objective does not rise: Newton's full step can overshoot far from the optimum.
    let scale = 1;
    let next = beta.map((b, j) => b - step[j]);
    let value = objectiveOf(design, labels, weights, next, l2);
    while (value > current && scale > 1e-6) {
      scale /= 2;
      next = beta.map((b, j) => b - scale * step[j]);
      value = objectiveOf(design, labels, weights, next, l2);
    }
    const moved = Math.max(...next.map((b, j) => Math.abs(b - beta[j])));
    beta = next;
    current = value;
    converged = moved < tolerance;
  }

  return {
    ...shell,
    coefficients: beta.slice(1).map((b) => Math.fround(b)),
    intercept: Math.fround(beta[0]),
    iterations,
    converged,
  };
}
