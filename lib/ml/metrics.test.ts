import { describe, expect, it } from 'vitest';
import { accuracy, auc, brierScore, calibrationBins, confusionAtThreshold, evaluateBinary, evaluateMulticlass, evaluateRegression, logLoss } from '@/lib/ml/metrics';

describe('auc', () => {
  it('is 1 for a perfect ranking and 0 for a reversed one', () => {
    expect(auc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])).toBe(1);
    expect(auc([1, 1, 0, 0], [0.1, 0.2, 0.8, 0.9])).toBe(0);
  });

  it('is 0.5 when every score ties', () => {
    expect(auc([0, 1, 0, 1, 1], [0.3, 0.3, 0.3, 0.3, 0.3])).toBe(0.5);
  });

  it('matches a hand count of pairs, ties as halves', () => {
    // Positives 0.9, 0.7, 0.2 against negatives 0.8, 0.7:
    // 0.9 wins both (2), 0.7 loses to 0.8 and ties 0.7 (0.5), 0.2 loses both → 2.5 of 6.
    expect(auc([1, 0, 1, 0, 1], [0.9, 0.8, 0.7, 0.7, 0.2])).toBeCloseTo(2.5 / 6, 12);
  });

  it('does not depend on row order', () => {
    expect(auc([0, 1, 1, 0, 1], [0.8, 0.7, 0.9, 0.7, 0.2])).toBeCloseTo(2.5 / 6, 12);
  });

  it('is NaN when a class is missing', () => {
    expect(auc([1, 1], [0.2, 0.4])).toBeNaN();
  });
});

describe('probability metrics', () => {
  const labels = [1, 0, 1, 0];
  const probabilities = [0.8, 0.4, 0.6, 0.1];

  it('computes log loss, Brier score and accuracy', () => {
    const expected = -(Math.log(0.8) + Math.log(0.6) + Math.log(0.6) + Math.log(0.9)) / 4;
    expect(logLoss(labels, probabilities)).toBeCloseTo(expected, 12);
    expect(brierScore(labels, probabilities)).toBeCloseTo((0.04 + 0.16 + 0.16 + 0.01) / 4, 12);
    expect(accuracy(labels, probabilities)).toBe(1);
    expect(accuracy([1, 0], [0.5, 0.49])).toBe(1);
  });

  it('keeps log loss finite for confident mistakes', () => {
    expect(Number.isFinite(logLoss([1, 0], [0, 1]))).toBe(true);
  });

  it('bins predictions into ten calibration bins, the last one closed', () => {
    const bins = calibrationBins([1, 0, 1, 1], [0.05, 0.15, 0.12, 1]);
    expect(bins).toHaveLength(10);
    expect(bins[0]).toEqual({ lower: 0, upper: 0.1, count: 1, meanPredicted: 0.05, observedRate: 1 });
    expect(bins[1].count).toBe(2);
    expect(bins[1].meanPredicted).toBeCloseTo(0.135, 12);
    expect(bins[1].observedRate).toBe(0.5);
    expect(bins[9]).toMatchObject({ count: 1, meanPredicted: 1, observedRate: 1 });
    expect(bins[5]).toMatchObject({ count: 0, meanPredicted: null, observedRate: null });
  });

  it('summarises everything at once', () => {
    const summary = evaluateBinary(labels, probabilities);
    expect(summary).toMatchObject({ rows: 4, positiveRate: 0.5, auc: 1, accuracy: 1 });
    expect(summary.calibration.reduce((s, b) => s + b.count, 0)).toBe(4);
  });

  it('refuses mismatched inputs', () => {
    expect(() => logLoss([1], [0.5, 0.5])).toThrow(/1 labels but 2 predictions/);
    expect(() => auc([], [])).toThrow(/No rows/);
  });
});

describe('multi-class metrics', () => {
  it('computes per-class precision, recall and F1 and their macro mean from a hand-counted confusion', () => {
    // true:      a a a b b c
    // predicted: a a b b c c
    const labels = [0, 0, 0, 1, 1, 2];
    const oneHot = (k: number) => [0, 1, 2].map((c) => (c === k ? 0.8 : 0.1));
    const predicted = [0, 0, 1, 1, 2, 2].map(oneHot);
    const m = evaluateMulticlass(labels, predicted, ['a', 'b', 'c']);
    expect(m.confusion).toEqual([
      [2, 1, 0],
      [0, 1, 1],
      [0, 0, 1],
    ]);
    expect(m.accuracy).toBeCloseTo(4 / 6, 12);
    expect(m.perClass[0]).toMatchObject({ class: 'a', support: 3, precision: 1 });
    expect(m.perClass[0].recall).toBeCloseTo(2 / 3, 12);
    expect(m.perClass[0].f1).toBeCloseTo(0.8, 12);
    expect(m.perClass[1]).toMatchObject({ precision: 0.5, recall: 0.5, f1: 0.5 });
    expect(m.perClass[2].precision).toBe(0.5);
    expect(m.perClass[2].recall).toBe(1);
    expect(m.perClass[2].f1).toBeCloseTo(2 / 3, 12);
    expect(m.macroF1).toBeCloseTo((0.8 + 0.5 + 2 / 3) / 3, 12);
    expect(m.logLoss).toBeCloseTo(-(4 * Math.log(0.8) + 2 * Math.log(0.1)) / 6, 12);
  });

  it('leaves precision undefined for a class never predicted', () => {
    const m = evaluateMulticlass([0, 1], [[0.9, 0.1], [0.6, 0.4]], ['x', 'y']);
    expect(m.perClass[1]).toMatchObject({ precision: null, recall: 0, f1: null });
    expect(m.macroF1).toBeCloseTo((2 / 3) / 2, 12);
  });
});

describe('regression metrics', () => {
  it('computes MAE, RMSE and the ratio to a naive baseline', () => {
    const m = evaluateRegression([1, 2, 3, 4], [1, 3, 3, 2], [0, 0, 0, 0]);
    expect(m.mae).toBe(0.75);
    expect(m.rmse).toBeCloseTo(Math.sqrt(5 / 4), 12);
    expect(m.naiveMae).toBe(2.5);
    expect(m.maeRatio).toBeCloseTo(0.3, 12);
    expect(evaluateRegression([1], [2]).naiveMae).toBeNull();
  });
});

describe('confusionAtThreshold', () => {
  const labels = [0, 0, 1, 0, 1, 1, 1, 0, 1, 1];
  const probabilities = [0.05, 0.35, 0.42, 0.55, 0.61, 0.62, 0.75, 0.81, 0.93, 1];

  it('recovers the confusion matrix from the bins when the threshold is a bin edge', () => {
    const bins = calibrationBins(labels, probabilities);
    // Counted from the rows directly: predicted positive when p ≥ threshold.
    for (const threshold of [0.5, 0.6, 0.8]) {
      const expected = [
        [0, 0],
        [0, 0],
      ];
      labels.forEach((y, i) => expected[y][probabilities[i] >= threshold ? 1 : 0]++);
      expect(confusionAtThreshold(bins, threshold)).toEqual(expected);
    }
    expect(confusionAtThreshold(bins, 0.6)).toEqual([
      [3, 1],
      [1, 5],
    ]);
  });

  it('gives null between edges, where a bin would straddle the threshold', () => {
    expect(confusionAtThreshold(calibrationBins(labels, probabilities), 0.55)).toBeNull();
  });
});
