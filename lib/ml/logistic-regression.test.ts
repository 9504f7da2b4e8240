import { describe, expect, it } from 'vitest';
import { sigmoid } from '@/lib/ml/gbt';
import {
  predictLogistic,
  predictLogisticRaw,
  rawCoefficients,
  solveSymmetric,
  standardizeRow,
  trainLogisticRegression,
} from '@/lib/ml/logistic-regression';
import { createRandom } from '@/lib/ml/random';

const logit = (p: number) => Math.log(p / (1 - p));

/** Rows of one binary feature: `positives0` of `n0` positive at x = 0, `positives1` of `n1` at x = 1. */
function twoGroups(n0: number, positives0: number, n1: number, positives1: number) {
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n0; i++) {
    rows.push([0]);
    labels.push(i < positives0 ? 1 : 0);
  }
  for (let i = 0; i < n1; i++) {
    rows.push([1]);
    labels.push(i < positives1 ? 1 : 0);
  }
  return { rows, labels };
}

describe('trainLogisticRegression', () => {
  it('finds the exact maximum-likelihood answer for one binary feature', () => {
    // Unpenalised, the fit reproduces each group's rate: intercept logit(0.3), slope logit(0.8) − logit(0.3).
    const { rows, labels } = twoGroups(100, 30, 100, 80);
    const model = trainLogisticRegression(rows, labels, { l2: 0 });
    expect(model.converged).toBe(true);
    const raw = rawCoefficients(model);
    expect(raw.intercept).toBeCloseTo(logit(0.3), 5);
    expect(raw.coefficients[0]).toBeCloseTo(logit(0.8) - logit(0.3), 5);
    expect(predictLogistic(model, [0])).toBeCloseTo(0.3, 6);
    expect(predictLogistic(model, [1])).toBeCloseTo(0.8, 6);
  });

  it('keeps the labels the right way round: a feature that raises the rate gets a positive slope', () => {
    const { rows, labels } = twoGroups(50, 5, 50, 45);
    expect(trainLogisticRegression(rows, labels).coefficients[0]).toBeGreaterThan(0);
    const flipped = labels.map((y) => 1 - y);
    expect(trainLogisticRegression(rows, flipped).coefficients[0]).toBeLessThan(0);
  });

  it('recovers the coefficients of the process that drew the labels', () => {
    const random = createRandom(21);
    const truth = { intercept: -0.5, coefficients: [2, -1, 0] };
    const rows: number[][] = [];
    const labels: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const row = [random.normal(), random.normal() * 3 + 10, random.normal()];
      const z = truth.intercept + truth.coefficients.reduce((s, b, j) => s + b * row[j], 0) + 10;
      rows.push(row);
      labels.push(random.chance(sigmoid(z)) ? 1 : 0);
    }
    const raw = rawCoefficients(trainLogisticRegression(rows, labels, { l2: 0 }));
    // Within about two standard errors of the truth at this sample size.
    expect(Math.abs(raw.coefficients[0] - 2)).toBeLessThan(0.15);
    expect(Math.abs(raw.coefficients[1] + 1)).toBeLessThan(0.08);
    expect(Math.abs(raw.coefficients[2])).toBeLessThan(0.08);
    expect(Math.abs(raw.intercept - 9.5)).toBeLessThan(0.8);
  });

  it('stops where the penalised gradient vanishes, never penalising the intercept', () => {
    const random = createRandom(4);
    const rows = Array.from({ length: 500 }, () => [random.normal(), random.normal()]);
    const labels = rows.map(([a, b]) => (a - b + random.normal() > 0.5 ? 1 : 0));
    const l2 = 25;
    const model = trainLogisticRegression(rows, labels, { l2 });
    // Gradient on the standardised features, with the float32 coefficients the model keeps.
    const gradient = [0, 0, 0];
    rows.forEach((row, r) => {
      const z = standardizeRow(model, row);
      const residual = sigmoid(predictLogisticRaw(model, row)) - labels[r];
      gradient[0] += residual;
      gradient[1] += residual * z[0];
      gradient[2] += residual * z[1];
    });
    gradient[1] += l2 * model.coefficients[0];
    gradient[2] += l2 * model.coefficients[1];
    gradient.forEach((g) => expect(Math.abs(g)).toBeLessThan(1e-3));
    // The penalty shrinks the slopes relative to the unpenalised fit.
    const free = trainLogisticRegression(rows, labels, { l2: 0 });
    expect(Math.abs(model.coefficients[0])).toBeLessThan(Math.abs(free.coefficients[0]));
  });

  it('fills a missing value with the training mean', () => {
    const rows = [[1], [3], [Number.NaN], [5], [7]];
    const labels = [0, 0, 1, 1, 1];
    const model = trainLogisticRegression(rows, labels);
    expect(model.means[0]).toBe(4);
    expect(predictLogistic(model, [Number.NaN])).toBe(predictLogistic(model, [4]));
  });

  it('balances classes with class weights', () => {
    const { rows, labels } = twoGroups(90, 9, 10, 1);
    const model = trainLogisticRegression(rows.map(() => [0]), labels, { classWeights: 'balanced', l2: 1 });
    expect(predictLogistic(model, [0])).toBeCloseTo(0.5, 6);
  });

  it('stays finite on separable data without a penalty', () => {
    const rows = Array.from({ length: 40 }, (_, i) => [i]);
    const labels = rows.map(([x]) => (x >= 20 ? 1 : 0));
    const model = trainLogisticRegression(rows, labels, { l2: 0, maxIterations: 30 });
    expect(Number.isFinite(model.coefficients[0])).toBe(true);
    expect(predictLogistic(model, [30])).toBeGreaterThan(0.99);
    expect(predictLogistic(model, [5])).toBeLessThan(0.01);
  });

  it('stores float32 constants, which the ONNX graph holds as floats', () => {
    const { rows, labels } = twoGroups(30, 10, 30, 20);
    const model = trainLogisticRegression(rows, labels);
    for (const v of [...model.means, ...model.scales, ...model.coefficients, model.intercept]) expect(Math.fround(v)).toBe(v);
  });

  it('rejects bad input', () => {
    expect(() => trainLogisticRegression([], [])).toThrow(/no training rows/);
    expect(() => trainLogisticRegression([[1]], [2])).toThrow(/0 or 1/);
    expect(() => trainLogisticRegression([[1], [Infinity]], [0, 1])).toThrow(/infinite/);
    expect(() => trainLogisticRegression([[1]], [1], { l2: -1 })).toThrow(/l2/);
  });
});

describe('solveSymmetric', () => {
  it('solves a positive definite system and refuses an indefinite one', () => {
    const x = solveSymmetric([[4, 2], [2, 3]], [2, 1]);
    expect(x?.[0]).toBeCloseTo(0.5, 12);
    expect(x?.[1]).toBeCloseTo(0, 12);
    expect(solveSymmetric([[1, 2], [2, 1]], [1, 1])).toBeNull();
  });
});
