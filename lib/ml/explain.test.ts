import { describe, expect, it } from 'vitest';
import { explain, nodeValues, topContributions } from '@/lib/ml/explain';
import { predictRaw, predictRawScores, trainGbt, trainGbtMulticlass, trainGbtRegression, type GbtModel } from '@/lib/ml/gbt';
import { createRandom } from '@/lib/ml/random';

function problem(seed: number, n: number) {
  const random = createRandom(seed);
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = [random.normal(), random.normal(), random.normal(), random.normal()];
    if (random.chance(0.1)) row[1] = Number.NaN;
    const b = Number.isNaN(row[1]) ? 1 : row[1];
    rows.push(row);
    labels.push(2 * row[0] - b + (row[2] > 0 ? 1 : 0) + random.normal() > 0 ? 1 : 0);
  }
  return { rows, labels };
}

describe('explain (path contributions)', () => {
  const { rows, labels } = problem(1, 2000);
  const model = trainGbt(rows, labels, { nTrees: 60, maxDepth: 4, featureNames: ['a', 'b', 'c', 'unused'] });

  it('adds up, with the base, to the raw score of every row (missing values included)', () => {
    for (const row of problem(2, 300).rows) {
      const e = explain(model, row);
      expect(e.raw).toBeCloseTo(e.base + e.contributions.reduce((s, c) => s + c, 0), 12);
      // The TypeScript logit is summed in float32; the explanation in float64.
      expect(Math.abs(e.raw - predictRaw(model, row))).toBeLessThan(1e-4);
    }
  });

  it('has the same base for every row: base score plus each root value', () => {
    const a = explain(model, rows[0]);
    const b = explain(model, rows[1]);
    expect(a.base).toBe(b.base);
    expect(a.base).toBeCloseTo(model.baseScore + model.trees.reduce((s, t) => s + nodeValues(t)[0], 0), 12);
  });

  it('credits each split of a single stump to its feature, leaf minus root', () => {
    const stumpRows = Array.from({ length: 100 }, (_, i) => [i % 7, i]);
    const stumpLabels = stumpRows.map(([, x]) => (x >= 30 ? 1 : 0));
    const stump: GbtModel = trainGbt(stumpRows, stumpLabels, { nTrees: 1, maxDepth: 1, subsample: 1, minSamplesLeaf: 1, minChildWeight: 0 });
    const root = stump.trees[0].nodes[0];
    if (root.type !== 'split') throw new Error('expected a split');
    const left = stump.trees[0].nodes[root.left];
    const right = stump.trees[0].nodes[root.right];
    if (left.type !== 'leaf' || right.type !== 'leaf') throw new Error('expected leaves');
    // The root's value is the cover-weighted mean of its leaves: 30 rows left, 70 right.
    const rootValue = (30 * left.value + 70 * right.value) / 100;
    expect(nodeValues(stump.trees[0])[0]).toBeCloseTo(rootValue, 12);
    const low = explain(stump, [3, 10]);
    expect(low.contributions[0]).toBe(0);
    expect(low.contributions[1]).toBeCloseTo(left.value - rootValue, 12);
    expect(explain(stump, [3, 80]).contributions[1]).toBeCloseTo(right.value - rootValue, 12);
  });

  it('gives nothing to a feature no tree splits on and ranks the informative ones first', () => {
    const row = [2, -1, 1, 5];
    const e = explain(model, row);
    const unusedSplits = model.featureSplits[3];
    if (unusedSplits === 0) expect(e.contributions[3]).toBe(0);
    const top = topContributions(model.featureNames, e, row, 2);
    expect(top).toHaveLength(2);
    expect(Math.abs(top[0].contribution)).toBeGreaterThanOrEqual(Math.abs(top[1].contribution));
    expect(top[0]).toMatchObject({ feature: 'a', value: 2 });
    expect(top[0].contribution).toBeGreaterThan(0);
    expect(topContributions(model.featureNames, explain(model, [0, Number.NaN, 0, 0]), [0, Number.NaN, 0, 0], 4).find((c) => c.feature === 'b')?.value).toBeNull();
  });

  it('explains each class of a multi-class model and a regression', () => {
    const classes = labels.map((y, i) => (rows[i][3] > 1 ? 2 : y));
    const multi = trainGbtMulticlass(rows, classes, { nTrees: 20, maxDepth: 3 });
    const row = rows[5];
    const raw = predictRawScores(multi, row);
    for (let k = 0; k < 3; k++) expect(Math.abs(explain(multi, row, k).raw - raw[k])).toBeLessThan(1e-4);
    expect(() => explain(multi, row, 3)).toThrow(/out of range/);

    const regression = trainGbtRegression(rows, rows.map((r) => 3 * r[0] + r[2]), { nTrees: 30, maxDepth: 3 });
    expect(Math.abs(explain(regression, row).raw - predictRaw(regression, row))).toBeLessThan(1e-4);
  });
});
