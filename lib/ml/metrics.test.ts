import { describe, expect, it } from 'vitest';
import { accuracy, auc, brierScore, calibrationBins, evaluateBinary, logLoss } from '@/lib/ml/metrics';

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
