import { describe, expect, it } from 'vitest';
import { featureImportance, predictProba, predictRaw, trainGbt, type GbtModel, type GbtSplitNode } from '@/lib/ml/gbt';
import { logLoss } from '@/lib/ml/metrics';
import { createRandom } from '@/lib/ml/random';

const exact = { subsample: 1, minSamplesLeaf: 1, minChildWeight: 0, lambda: 0.1 };

function rootSplit(model: GbtModel, tree = 0): GbtSplitNode {
  const root = model.trees[tree].nodes[0];
  if (root.type !== 'split') throw new Error('expected the root to split');
  return root;
}

describe('trainGbt', () => {
  it('learns a single threshold exactly, between the last negative and the first positive', () => {
    const rows = Array.from({ length: 100 }, (_, i) => [i]);
    const labels = rows.map(([x]) => (x >= 50 ? 1 : 0));
    const model = trainGbt(rows, labels, { ...exact, nTrees: 1, maxDepth: 1 });

    const split = rootSplit(model);
    expect(split.feature).toBe(0);
    expect(split.threshold).toBe(49.5);
    rows.forEach(([x]) => {
      expect(predictRaw(model, [x]) > model.baseScore).toBe(x >= 50);
    });
  });

  it('keeps thresholds float32 and on the same side of float32-rounded values', () => {
    const rows = Array.from({ length: 200 }, (_, i) => [i * 0.1]);
    const labels = rows.map(([x]) => (x >= 7.3 ? 1 : 0));
    const model = trainGbt(rows, labels, { ...exact, nTrees: 1, maxDepth: 1 });
    const { threshold } = rootSplit(model);
    expect(Math.fround(threshold)).toBe(threshold);
    expect(Math.fround(7.2) < threshold).toBe(true);
    expect(Math.fround(7.3) < threshold).toBe(false);
  });

  it('needs depth 2 for XOR', () => {
    // Cells of unequal size: on perfectly balanced XOR no first split has any
    // gain, so a greedy tree (this one, XGBoost, LightGBM) would not start.
    const rows: number[][] = [];
    const cells: [number, number, number][] = [
      [0, 0, 50],
      [0, 1, 55],
      [1, 0, 60],
      [1, 1, 70],
    ];
    for (const [a, b, count] of cells) for (let i = 0; i < count; i++) rows.push([a, b]);
    const labels = rows.map(([a, b]) => a ^ b);
    const accuracyOf = (model: GbtModel) =>
      rows.filter((row, i) => (predictProba(model, row) >= 0.5 ? 1 : 0) === labels[i]).length / rows.length;

    // Stumps add a function of a to a function of b, which cannot express XOR.
    const stumps = trainGbt(rows, labels, { ...exact, nTrees: 50, maxDepth: 1, learningRate: 0.5 });
    expect(accuracyOf(stumps)).toBeLessThanOrEqual(0.75);

    const deep = trainGbt(rows, labels, { ...exact, nTrees: 20, maxDepth: 2, learningRate: 0.5 });
    expect(accuracyOf(deep)).toBe(1);
    expect(logLoss(labels, rows.map((r) => predictProba(deep, r)))).toBeLessThan(0.05);
  });

  it('learns where missing values go', () => {
    const random = createRandom(3);
    const make = (missingLabel: number) => {
      const rows: number[][] = [];
      const labels: number[] = [];
      for (let i = 0; i < 600; i++) {
        if (i % 5 === 0) {
          rows.push([Number.NaN]);
          labels.push(missingLabel);
        } else {
          const x = random.next();
          rows.push([x]);
          labels.push(x >= 0.5 ? 1 : 0);
        }
      }
      return trainGbt(rows, labels, { ...exact, nTrees: 30, maxDepth: 1, learningRate: 0.3 });
    };

    const missingLikeHigh = make(1);
    expect(rootSplit(missingLikeHigh).missingLeft).toBe(false);
    expect(predictProba(missingLikeHigh, [Number.NaN])).toBeGreaterThan(0.9);
    expect(predictProba(missingLikeHigh, [0.2])).toBeLessThan(0.1);

    const missingLikeLow = make(0);
    expect(rootSplit(missingLikeLow).missingLeft).toBe(true);
    expect(predictProba(missingLikeLow, [Number.NaN])).toBeLessThan(0.1);
    expect(predictProba(missingLikeLow, [0.8])).toBeGreaterThan(0.9);
  });

  it('sends missing values to the heavier side when training had none', () => {
    const rows = Array.from({ length: 100 }, (_, i) => [i]);
    const labels = rows.map(([x]) => (x >= 80 ? 1 : 0));
    const model = trainGbt(rows, labels, { ...exact, nTrees: 1, maxDepth: 1 });
    expect(rootSplit(model).missingLeft).toBe(true);
  });

  function noisyProblem(seed: number, n: number) {
    const random = createRandom(seed);
    const rows: number[][] = [];
    const labels: number[] = [];
    for (let i = 0; i < n; i++) {
      const row = [random.normal(), random.normal(), random.normal()];
      const z = 2 * row[0] - row[1] + 0.8 * random.normal();
      rows.push(row);
      labels.push(z > 0.3 ? 1 : 0);
    }
    return { rows, labels };
  }

  it('is deterministic for a seed, and the seed matters when subsampling', () => {
    const { rows, labels } = noisyProblem(1, 1000);
    const options = { nTrees: 15, maxDepth: 3, subsample: 0.7 };
    const a = trainGbt(rows, labels, { ...options, seed: 7 });
    const b = trainGbt(rows, labels, { ...options, seed: 7 });
    const c = trainGbt(rows, labels, { ...options, seed: 8 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
  });

  it('beats the base rate on held-out rows and ranks the informative features first', () => {
    const train = noisyProblem(1, 3000);
    const test = noisyProblem(2, 1000);
    const model = trainGbt(train.rows, train.labels, { nTrees: 60, maxDepth: 3, featureNames: ['a', 'b', 'noise'] });

    const baseRate = train.labels.reduce((s, y) => s + y, 0) / train.labels.length;
    const baseline = logLoss(test.labels, test.labels.map(() => baseRate));
    const predicted = logLoss(test.labels, test.rows.map((r) => predictProba(model, r)));
    expect(predicted).toBeLessThan(0.6 * baseline);

    const importance = featureImportance(model);
    expect(importance.map((f) => f.feature)).toEqual(['a', 'b', 'noise']);
    expect(importance.reduce((s, f) => s + f.gainShare, 0)).toBeCloseTo(1, 10);
  });

  it('survives a JSON round trip unchanged', () => {
    const { rows, labels } = noisyProblem(4, 500);
    const model = trainGbt(rows, labels, { nTrees: 10, maxDepth: 3 });
    const copy = JSON.parse(JSON.stringify(model)) as GbtModel;
    rows.forEach((row) => expect(predictRaw(copy, row)).toBe(predictRaw(model, row)));
  });

  it('rejects inconsistent input', () => {
    expect(() => trainGbt([[1], [2]], [1])).toThrow(/2 rows but 1 labels/);
    expect(() => trainGbt([[1], [2, 3]], [0, 1])).toThrow(/features/);
    expect(() => trainGbt([[1], [2]], [0, 2])).toThrow(/0 or 1/);
    expect(() => trainGbt([[1], [Infinity]], [0, 1])).toThrow(/row 1 feature 0 is infinite/);
  });

  it('trains 10,000 rows × 13 features × 100 trees well under 10 s', { timeout: 30_000 }, () => {
    const random = createRandom(11);
    const rows: number[][] = [];
    const labels: number[] = [];
    for (let i = 0; i < 10_000; i++) {
      const row = Array.from({ length: 13 }, () => random.normal());
      if (random.chance(0.05)) row[3] = Number.NaN;
      rows.push(row);
      labels.push(row[0] + row[1] * row[2] + 0.5 * random.normal() > 0 ? 1 : 0);
    }
    const started = performance.now();
    trainGbt(rows, labels, { nTrees: 100, maxDepth: 6 });
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
