import { describe, expect, it } from 'vitest';
import {
  binLabels,
  binShares,
  driftLevel,
  featureDrift,
  populationStabilityIndex,
  PROBABILITY_EDGES,
  profileFeature,
  profileFeatures,
  profileWithEdges,
} from '@/lib/ml/drift';
import { createRandom } from '@/lib/ml/random';

describe('training profiles', () => {
  it('cuts a continuous feature into ten bins of equal share', () => {
    const values = Array.from({ length: 1000 }, (_, i) => i);
    const p = profileFeature('x', values);
    expect(p.edges).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900]);
    p.shares.forEach((s) => expect(s).toBeCloseTo(0.1, 12));
    expect(p).toMatchObject({ missingShare: 0, rows: 1000, min: 0, max: 999, mean: 499.5 });
  });

  it('gives each value its own bin when there are few, and counts missing values apart', () => {
    const p = profileFeature('machine_down', [0, 0, 0, 1, Number.NaN, 0, 1, 0, null, 0]);
    expect(p.edges).toEqual([1]);
    expect(p.shares).toEqual([0.6, 0.2]);
    expect(p.missingShare).toBe(0.2);
    expect(binLabels(p.edges)).toEqual(['< 1', '≥ 1']);
  });

  it('does not repeat edges for a feature with one heavy value', () => {
    const values = [...new Array<number>(900).fill(5), ...Array.from({ length: 100 }, (_, i) => i / 10)];
    const p = profileFeature('cover', values);
    expect(new Set(p.edges).size).toBe(p.edges.length);
    expect(p.shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(Math.max(...p.shares)).toBeGreaterThan(0.85);
  });

  it('profiles each column, and probabilities over tenths', () => {
    const profiles = profileFeatures(['a', 'b'], [[1, 10], [2, 20], [3, 30]]);
    expect(profiles.map((p) => p.feature)).toEqual(['a', 'b']);
    expect(profiles[1].edges).toEqual([20, 30]);
    const probabilities = profileWithEdges('p', [0.05, 0.15, 0.95, 1], PROBABILITY_EDGES);
    expect(probabilities.shares[0]).toBe(0.25);
    expect(probabilities.shares[9]).toBe(0.5);
  });
});

describe('population stability index', () => {
  it('is 0 for the same distribution and matches a hand computation', () => {
    expect(populationStabilityIndex([0.5, 0.5], [0.5, 0.5])).toBe(0);
    // (0.8−0.5)·ln(0.8/0.5) + (0.2−0.5)·ln(0.2/0.5)
    expect(populationStabilityIndex([0.5, 0.5], [0.8, 0.2])).toBeCloseTo(0.3 * Math.log(1.6) - 0.3 * Math.log(0.4), 12);
  });

  it('stays finite when a bin is empty on one side', () => {
    expect(Number.isFinite(populationStabilityIndex([0.5, 0.5, 0], [0.4, 0.4, 0.2]))).toBe(true);
    expect(() => populationStabilityIndex([1], [0.5, 0.5])).toThrow(/same bins/);
  });

  it('grades drift: stable under 0.1, watch to 0.2, shift beyond', () => {
    expect(driftLevel(0.05)).toBe('stable');
    expect(driftLevel(0.15)).toBe('watch');
    expect(driftLevel(0.25)).toBe('shift');
  });

  it('finds no shift in a fresh sample of the training distribution and a shift in a moved one', () => {
    const random = createRandom(8);
    const training = profileFeature('slack_hours', Array.from({ length: 5000 }, () => random.normal() * 10 + 20));
    const same = featureDrift(training, Array.from({ length: 800 }, () => random.normal() * 10 + 20));
    expect(same.level).toBe('stable');
    const moved = featureDrift(training, Array.from({ length: 800 }, () => random.normal() * 10 + 30));
    expect(moved.level).toBe('shift');
    expect(moved.liveMean).toBeGreaterThan(same.liveMean ?? 0);
    expect(moved.bins).toHaveLength(10);
    expect(moved.bins.reduce((s, b) => s + b.live, 0)).toBeCloseTo(1, 12);
  });

  it('shows a missing bin when live values go missing, and is 0 with no live rows', () => {
    const training = profileFeature('oee', [0.5, 0.6, 0.7, 0.8]);
    const drift = featureDrift(training, [0.5, null, null, 0.8]);
    expect(drift.bins[drift.bins.length - 1]).toEqual({ label: 'missing', training: 0, live: 0.5 });
    expect(drift.level).toBe('shift');
    expect(featureDrift(training, []).psi).toBe(0);
    expect(binShares([1], []).rows).toBe(0);
  });
});
