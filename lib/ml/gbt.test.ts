import { describe, expect, it } from 'vitest';
import {
  argmax,
  featureImportance,
  predictClassProba,
  predictProba,
  predictRaw,
  predictRawScores,
  predictRegression,
  sigmoid,
  trainGbt,
  trainGbtMulticlass,
  trainGbtRegression,
  weightedMedian,
  type GbtModel,
  type GbtProgress,
  type GbtSplitNode,
} from '@/lib/ml/gbt';
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

describe('class and sample weights', () => {
  const labels = [...new Array<number>(80).fill(0), ...new Array<number>(20).fill(1)];
  const rows = labels.map((_, i) => [i]);
  const logit = (p: number) => Math.log(p / (1 - p));

  it('moves the base rate by the class weights', () => {
    // 20 positives weighted 3 against 80 negatives: 60 / 140.
    const weighted = trainGbt(rows, labels, { nTrees: 0, classWeights: [1, 3] });
    expect(weighted.baseScore).toBeCloseTo(logit(60 / 140), 6);
    const balanced = trainGbt(rows, labels, { nTrees: 0, classWeights: 'balanced' });
    expect(balanced.baseScore).toBe(0);
    const plain = trainGbt(rows, labels, { nTrees: 0 });
    expect(plain.baseScore).toBeCloseTo(logit(0.2), 6);
  });

  it('treats a sample weight of 2 like a duplicated row', () => {
    const random = createRandom(9);
    // Fewer distinct values than bins, so duplicating rows cannot move a bin edge.
    const base = Array.from({ length: 200 }, () => [random.normal(), random.normal()]);
    const y = base.map(([a, b]) => (a + 0.5 * b + 0.3 * random.normal() > 0 ? 1 : 0));
    const options = { nTrees: 10, maxDepth: 2, subsample: 1, minSamplesLeaf: 1, maxBins: 255 };
    const doubledRows = [...base, ...base.slice(0, 100)];
    const doubledLabels = [...y, ...y.slice(0, 100)];
    const duplicated = trainGbt(doubledRows, doubledLabels, options);
    const weighted = trainGbt(base, y, { ...options, sampleWeights: base.map((_, i) => (i < 100 ? 2 : 1)) });
    expect(weighted.baseScore).toBe(duplicated.baseScore);
    base.forEach((row) => expect(predictRaw(weighted, row)).toBeCloseTo(predictRaw(duplicated, row), 5));
  });

  it('rejects weights that do not fit', () => {
    expect(() => trainGbt([[1], [2]], [0, 1], { sampleWeights: [1] })).toThrow(/1 sample weights for 2 rows/);
    expect(() => trainGbt([[1], [2]], [0, 1], { classWeights: [1, 0] })).toThrow(/positive/);
    expect(() => trainGbt([[1], [2]], [0, 1], { sampleWeights: [0, 0] })).toThrow(/add up to zero/);
    expect(() => trainGbtRegression([[1], [2]], [0, 1], { sampleWeights: [1, -1] })).toThrow(/≥ 0/);
  });
});

describe('trainGbtMulticlass', () => {
  const rows = Array.from({ length: 300 }, (_, i) => [i / 300, (i * 7) % 13]);
  const labels = rows.map(([x]) => (x < 0.3 ? 0 : x < 0.7 ? 1 : 2));

  it('starts from the class priors', () => {
    const model = trainGbtMulticlass(rows, labels, { nTrees: 0, classes: ['low', 'mid', 'high'] });
    const p = predictClassProba(model, [0.5, 1]);
    expect(p[0]).toBeCloseTo(90 / 300, 6);
    expect(p[1]).toBeCloseTo(120 / 300, 6);
    expect(p[2]).toBeCloseTo(90 / 300, 6);
  });

  it('grows one tree per class per round and separates three ranges', () => {
    const progress: GbtProgress[] = [];
    const model = trainGbtMulticlass(rows, labels, { ...exact, nTrees: 30, maxDepth: 2, learningRate: 0.5, classes: ['low', 'mid', 'high'] }, {
      onProgress: (p) => progress.push(p),
    });
    expect(model.trees).toHaveLength(90);
    expect(progress).toHaveLength(30);
    expect(progress[29].trainLoss).toBeLessThan(progress[0].trainLoss);
    rows.forEach((row, i) => {
      const p = predictClassProba(model, row);
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      expect(argmax(p)).toBe(labels[i]);
    });
    // Only the first feature separates the classes.
    expect(featureImportance(model)[0].feature).toBe('f0');
  });

  it('sums each class in float32 and matches the raw scores the probabilities come from', () => {
    const model = trainGbtMulticlass(rows, labels, { nTrees: 5, maxDepth: 2 });
    const raw = predictRawScores(model, rows[10]);
    raw.forEach((z) => expect(Math.fround(z)).toBe(z));
    const p = predictClassProba(model, rows[10]);
    expect(p[1] / p[0]).toBeCloseTo(Math.exp(raw[1] - raw[0]), 10);
  });

  it('is deterministic for a seed', () => {
    const a = trainGbtMulticlass(rows, labels, { nTrees: 5, subsample: 0.6, seed: 3 });
    const b = trainGbtMulticlass(rows, labels, { nTrees: 5, subsample: 0.6, seed: 3 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('lets balanced class weights lift a rare class', () => {
    const skewed = rows.map(([x]) => (x < 0.05 ? 0 : 1 + (x > 0.6 ? 1 : 0)));
    const plain = trainGbtMulticlass(rows, skewed, { nTrees: 0 });
    const balanced = trainGbtMulticlass(rows, skewed, { nTrees: 0, classWeights: 'balanced' });
    expect(predictClassProba(plain, [0, 0])[0]).toBeCloseTo(15 / 300, 6);
    predictClassProba(balanced, [0, 0]).forEach((p) => expect(p).toBeCloseTo(1 / 3, 6));
  });

  it('refuses labels outside the classes', () => {
    expect(() => trainGbtMulticlass([[1], [2]], [0, 2], { classes: ['a', 'b'] })).toThrow(/integers 0–1/);
    expect(() => trainGbtMulticlass([[1], [2]], [0, 0.5])).toThrow(/integers/);
  });
});

describe('trainGbtRegression', () => {
  const rows = Array.from({ length: 100 }, (_, i) => [i]);

  it('starts from the mean (squared) or the median (absolute, Huber)', () => {
    const targets = rows.map(([x]) => (x < 90 ? 1 : 100));
    expect(predictRegression(trainGbtRegression(rows, targets, { nTrees: 0 }), [5])).toBeCloseTo(10.9, 5);
    expect(predictRegression(trainGbtRegression(rows, targets, { nTrees: 0, loss: 'absolute' }), [5])).toBe(1);
    expect(predictRegression(trainGbtRegression(rows, targets, { nTrees: 0, loss: 'huber' }), [5])).toBe(1);
  });

  it('fits a step exactly with one stump, a unit learning rate and no penalty', () => {
    const targets = rows.map(([x]) => (x < 50 ? 2 : 7));
    const model = trainGbtRegression(rows, targets, { ...exact, lambda: 0, nTrees: 1, maxDepth: 1, learningRate: 1 });
    expect(predictRegression(model, [10])).toBe(2);
    expect(predictRegression(model, [70])).toBe(7);
  });

  it('is pulled by outliers under squared loss, not under absolute or Huber loss', () => {
    const random = createRandom(5);
    const xs = Array.from({ length: 400 }, () => [random.uniform(0, 10)]);
    const targets = xs.map(([x], i) => (i % 10 === 0 ? 500 : 2 * x));
    const clean = [[2.5], [5], [7.5]];
    const errorOf = (loss: 'squared' | 'absolute' | 'huber') => {
      const model = trainGbtRegression(xs, targets, { nTrees: 60, maxDepth: 3, learningRate: 0.2, loss, huberDelta: 2, subsample: 1 });
      return clean.reduce((sum, row) => sum + Math.abs(predictRegression(model, row) - 2 * row[0]), 0) / clean.length;
    };
    const squared = errorOf('squared');
    expect(squared).toBeGreaterThan(20);
    expect(errorOf('absolute')).toBeLessThan(2);
    expect(errorOf('huber')).toBeLessThan(5);
  });

  it('weights rows in the base score', () => {
    const model = trainGbtRegression([[0], [1]], [10, 20], { nTrees: 0, sampleWeights: [3, 1] });
    expect(predictRegression(model, [0])).toBe(12.5);
  });

  it('refuses a target that is not a number', () => {
    expect(() => trainGbtRegression([[0], [1]], [1, Number.NaN])).toThrow(/target 1/);
    expect(() => trainGbtRegression([[0], [1]], [0, 1], { loss: 'huber', huberDelta: 0 })).toThrow(/huberDelta/);
  });
});

describe('helpers', () => {
  it('computes a weighted median', () => {
    expect(weightedMedian([3, 1, 2])).toBe(2);
    expect(weightedMedian([1, 2, 3, 4])).toBe(2);
    expect(weightedMedian([1, 2, 3], [1, 1, 5])).toBe(3);
  });

  it('keeps sigmoid finite at the extremes', () => {
    expect(sigmoid(-800)).toBe(0);
    expect(sigmoid(800)).toBe(1);
  });
});
