// Gradient-boosted trees for binary classification (log loss), multi-class
// classification (softmax, one tree per class per round) and regression
// (squared, absolute or Huber loss), with Newton leaves, written in the
// project because no trainer on npm is both fast enough and exportable to
// ONNX (see stack-notes, ONNX).
//
// Every feature value is seen as float32, in training and in evaluation,
// because the ONNX graph receives a float tensor: a split `x < t` must mean
// the same thing on both sides, so thresholds are float32 numbers chosen
// strictly between two float32 training values, and rows are compared after
// Math.fround. Leaf values are float32 too and are summed in float32 in the
// order ONNX Runtime sums them, so the TypeScript score equals the ONNX one.
import { createRandom } from '@/lib/ml/random';
import { trainingWeights, type WeightOptions } from '@/lib/ml/weights';

export interface GbtParams {
  /** Boosting rounds; a multi-class model grows one tree per class per round. */
  nTrees: number;
  maxDepth: number;
  learningRate: number;
  /** Minimum sum of hessians in a child; stops splits on nearly pure nodes. */
  minChildWeight: number;
  /** Minimum number of training rows in a child. */
  minSamplesLeaf: number;
  /** L2 penalty on leaf values. */
  lambda: number;
  /** Minimum loss reduction for a split to be kept. */
  gamma: number;
  /** Fraction of rows drawn (without replacement) for each round. */
  subsample: number;
  /** Histogram bins per feature, at most 255. */
  maxBins: number;
  seed: number;
}

export const DEFAULT_GBT_PARAMS: GbtParams = {
  nTrees: 100,
  maxDepth: 5,
  learningRate: 0.1,
  minChildWeight: 1,
  minSamplesLeaf: 5,
  lambda: 1,
  gamma: 0,
  subsample: 0.8,
  maxBins: 255,
  seed: 42,
};

export interface GbtSplitNode {
  type: 'split';
  feature: number;
  /** float32; rows with fround(x) < threshold go left. */
  threshold: number;
  /** Where NaN goes: learned from the training rows that were missing. */
  missingLeft: boolean;
  left: number;
  right: number;
  gain: number;
  /** Training rows that reached the node (the left and right covers add up to it). */
  cover: number;
}

export interface GbtLeafNode {
  type: 'leaf';
  /** Contribution to the raw score, learning rate already applied; float32. */
  value: number;
  cover: number;
}

export type GbtNode = GbtSplitNode | GbtLeafNode;

export interface GbtTree {
  /** Node 0 is the root; children are referenced by index. */
  nodes: GbtNode[];
}

interface GbtCommon {
  featureNames: string[];
  trees: GbtTree[];
  /** Sum of split gains per feature, for feature importance. */
  featureGain: number[];
  featureSplits: number[];
  params: GbtParams;
}

/** Binary classifier: raw score is the logit of label 1. The format name predates the other kinds. */
export interface GbtModel extends GbtCommon {
  format: 'interlock-gbt@1';
  /** Logit of the (weighted) training base rate; float32. */
  baseScore: number;
}

export type GbtBinaryModel = GbtModel;

/** Softmax classifier: tree t belongs to class t % classes.length (round-major order). */
export interface GbtMulticlassModel extends GbtCommon {
  format: 'interlock-gbt-multiclass@1';
  /** Label k is classes[k]. */
  classes: string[];
  /** Log of the (weighted) class priors; float32. */
  baseScores: number[];
}

export type RegressionLoss = 'squared' | 'absolute' | 'huber';

export interface GbtRegressionModel extends GbtCommon {
  format: 'interlock-gbt-regression@1';
  loss: RegressionLoss;
  /** Residuals beyond ±delta count linearly (Huber loss only). */
  huberDelta: number | null;
  /** Mean (squared) or median (absolute, Huber) of the training targets; float32. */
  baseScore: number;
}

export type AnyGbtModel = GbtModel | GbtMulticlassModel | GbtRegressionModel;

export interface GbtProgress {
  /** Rounds done. */
  tree: number;
  nTrees: number;
  /** Mean training loss of the objective (log loss, or the regression loss). */
  trainLoss: number;
}

export interface GbtHooks {
  onProgress?: (progress: GbtProgress) => void;
}

/** Per-row weights, or per-class weights for classifiers ('balanced': n ÷ (classes × class count)). */
export type GbtWeightOptions = WeightOptions;

const MISSING_BIN = 255;
const MAX_BINS = 255;
const HIST_WIDTH = 256;
const MIN_HESSIAN = 1e-16;

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** Softmax in float64, shifted by the maximum so large logits do not overflow. */
export function softmax(logits: readonly number[]): number[] {
  let max = -Infinity;
  for (const z of logits) if (z > max) max = z;
  const exps = logits.map((z) => Math.exp(z - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

// ---------------------------------------------------------------------------
// Evaluation

/** Index of the leaf the row reaches. */
export function leafIndex(tree: GbtTree, row: readonly number[]): number {
  let index = 0;
  let node = tree.nodes[0];
  while (node.type === 'split') {
    const x = Math.fround(row[node.feature]);
    const goLeft = Number.isNaN(x) ? node.missingLeft : x < node.threshold;
    index = goLeft ? node.left : node.right;
    node = tree.nodes[index];
  }
  return index;
}

function leafValue(tree: GbtTree, row: readonly number[]): number {
  return (tree.nodes[leafIndex(tree, row)] as GbtLeafNode).value;
}

/** Number of outputs of the tree ensemble: classes for multi-class, else 1. */
export function targetCount(model: AnyGbtModel): number {
  return model.format === 'interlock-gbt-multiclass@1' ? model.classes.length : 1;
}

/** The base score of each output. */
export function baseScoresOf(model: AnyGbtModel): number[] {
  return model.format === 'interlock-gbt-multiclass@1' ? model.baseScores : [model.baseScore];
}

/**
 * Raw scores per output, summed in float32 tree by tree and then offset by
 * the base score, as ONNX Runtime's TreeEnsembleRegressor does.
 */
export function predictRawScores(model: AnyGbtModel, row: readonly number[]): number[] {
  const k = targetCount(model);
  const sums = new Array<number>(k).fill(0);
  model.trees.forEach((tree, t) => {
    const target = t % k;
    sums[target] = Math.fround(sums[target] + leafValue(tree, row));
  });
  const bases = baseScoresOf(model);
  return sums.map((sum, target) => Math.fround(sum + bases[target]));
}

/** The logit (binary) or the prediction (regression). */
export function predictRaw(model: GbtModel | GbtRegressionModel, row: readonly number[]): number {
  let sum = 0;
  for (const tree of model.trees) sum = Math.fround(sum + leafValue(tree, row));
  return Math.fround(sum + model.baseScore);
}

export function predictProba(model: GbtModel, row: readonly number[]): number {
  return sigmoid(predictRaw(model, row));
}

export function predictRegression(model: GbtRegressionModel, row: readonly number[]): number {
  return predictRaw(model, row);
}

/** Class probabilities, in the order of model.classes. */
export function predictClassProba(model: GbtMulticlassModel, row: readonly number[]): number[] {
  return softmax(predictRawScores(model, row));
}

/** Index of the most probable class; the first wins a tie. */
export function argmax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

export interface FeatureImportance {
  feature: string;
  gain: number;
  /** Share of the total gain, 0–1. */
  gainShare: number;
  splits: number;
}

export function featureImportance(model: AnyGbtModel): FeatureImportance[] {
  const total = model.featureGain.reduce((a, b) => a + b, 0);
  return model.featureNames
    .map((feature, i) => ({
      feature,
      gain: model.featureGain[i],
      gainShare: total > 0 ? model.featureGain[i] / total : 0,
      splits: model.featureSplits[i],
    }))
    .sort((a, b) => b.gain - a.gain);
}

// ---------------------------------------------------------------------------
// Training

/** A float32 strictly above `below` and at most `above`, so that `below < t <= above`. */
function thresholdBetween(below: number, above: number): number {
  const t = Math.fround((below + above) / 2);
  return t > below ? t : above;
}

interface QuantizedFeature {
  thresholds: Float64Array;
  bins: Uint8Array;
}

/**
 * Cuts a feature into at most maxBins ranges of roughly equal row counts.
 * bin(x) = number of thresholds <= x, so `x < thresholds[j]` ⇔ `bin(x) <= j`.
 */
function quantizeFeature(values: Float64Array, maxBins: number): QuantizedFeature {
  const present = values.filter((v) => !Number.isNaN(v)).sort();
  const distinct: number[] = [];
  const counts: number[] = [];
  for (const v of present) {
    if (distinct.length > 0 && distinct[distinct.length - 1] === v) counts[counts.length - 1]++;
    else {
      distinct.push(v);
      counts.push(1);
    }
  }

  const cuts: number[] = [];
  if (distinct.length <= maxBins) {
    for (let i = 0; i + 1 < distinct.length; i++) cuts.push(thresholdBetween(distinct[i], distinct[i + 1]));
  } else {
    const perBin = present.length / maxBins;
    let cumulative = 0;
    for (let i = 0; i + 1 < distinct.length && cuts.length < maxBins - 1; i++) {
      cumulative += counts[i];
      if (cumulative >= (cuts.length + 1) * perBin) cuts.push(thresholdBetween(distinct[i], distinct[i + 1]));
    }
  }

  const thresholds = Float64Array.from(cuts);
  const bins = new Uint8Array(values.length);
  for (let r = 0; r < values.length; r++) {
    const v = values[r];
    if (Number.isNaN(v)) {
      bins[r] = MISSING_BIN;
      continue;
    }
    let lo = 0;
    let hi = thresholds.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (thresholds[mid] <= v) lo = mid + 1;
      else hi = mid;
    }
    bins[r] = lo;
  }
  return { thresholds, bins };
}

interface BestSplit {
  feature: number;
  cut: number;
  missingLeft: boolean;
  gain: number;
}

/** Training-time tree: splits on bin indices so the update after each tree needs no float compare. */
interface BinNode {
  node: GbtNode;
  cut: number;
}

interface GrowContext {
  params: GbtParams;
  features: QuantizedFeature[];
  grad: Float64Array;
  hess: Float64Array;
  histGrad: Float64Array;
  histHess: Float64Array;
  histCount: Uint32Array;
  nodes: BinNode[];
  featureGain: number[];
  featureSplits: number[];
  /** Replaces the Newton step -G/(H+λ) of a leaf (before the learning rate), e.g. a median. */
  refitLeaf?: (rows: Uint32Array) => number;
}

function score(g: number, h: number, lambda: number): number {
  return (g * g) / (h + lambda);
}

function findBestSplit(ctx: GrowContext, rows: Uint32Array, sumG: number, sumH: number): BestSplit | null {
  const { params, features, grad, hess, histGrad, histHess, histCount } = ctx;
  const nFeatures = features.length;
  histGrad.fill(0);
  histHess.fill(0);
  histCount.fill(0);
  for (let f = 0; f < nFeatures; f++) {
    const bins = features[f].bins;
    const base = f * HIST_WIDTH;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      const slot = base + bins[r];
      histGrad[slot] += grad[r];
      histHess[slot] += hess[r];
      histCount[slot]++;
    }
  }

  const parentScore = score(sumG, sumH, params.lambda);
  const total = rows.length;
  let best: BestSplit | null = null;
  let bestGain = params.gamma;

  const consider = (feature: number, cut: number, missingLeft: boolean, gL: number, hL: number, cL: number) => {
    const gR = sumG - gL;
    const hR = sumH - hL;
    const cR = total - cL;
    if (cL < params.minSamplesLeaf || cR < params.minSamplesLeaf) return;
    if (hL < params.minChildWeight || hR < params.minChildWeight) return;
    const gain = 0.5 * (score(gL, hL, params.lambda) + score(gR, hR, params.lambda) - parentScore);
    // Strictly greater: the first of equal candidates wins, which keeps training deterministic.
    if (gain > bestGain) {
      bestGain = gain;
      best = { feature, cut, missingLeft, gain };
    }
  };

  for (let f = 0; f < nFeatures; f++) {
    const base = f * HIST_WIDTH;
    const nCuts = features[f].thresholds.length;
    const gM = histGrad[base + MISSING_BIN];
    const hM = histHess[base + MISSING_BIN];
    const cM = histCount[base + MISSING_BIN];
    let gL = 0;
    let hL = 0;
    let cL = 0;
    for (let cut = 0; cut < nCuts; cut++) {
      gL += histGrad[base + cut];
      hL += histHess[base + cut];
      cL += histCount[base + cut];
      if (cM > 0) {
        consider(f, cut, true, gL + gM, hL + hM, cL + cM);
        consider(f, cut, false, gL, hL, cL);
      } else {
        // No missing rows here: send future missing values where most of the weight went.
        consider(f, cut, hL >= sumH - hL, gL, hL, cL);
      }
    }
  }
  return best;
}

function growNode(ctx: GrowContext, rows: Uint32Array, depth: number): number {
  const { params, grad, hess, nodes } = ctx;
  let sumG = 0;
  let sumH = 0;
  for (let i = 0; i < rows.length; i++) {
    sumG += grad[rows[i]];
    sumH += hess[rows[i]];
  }

  const index = nodes.length;
  const makeLeaf = () => {
    const step = ctx.refitLeaf ? ctx.refitLeaf(rows) : -sumG / (sumH + params.lambda);
    const value = Math.fround(step * params.learningRate);
    nodes[index] = { node: { type: 'leaf', value, cover: rows.length }, cut: -1 };
    return index;
  };
  nodes.push({ node: { type: 'leaf', value: 0, cover: rows.length }, cut: -1 });

  const canSplit =
    depth < params.maxDepth && rows.length >= 2 * params.minSamplesLeaf && sumH >= 2 * params.minChildWeight;
  const split = canSplit ? findBestSplit(ctx, rows, sumG, sumH) : null;
  if (!split) return makeLeaf();

  const bins = ctx.features[split.feature].bins;
  const left: number[] = [];
  const right: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const bin = bins[rows[i]];
    const goLeft = bin === MISSING_BIN ? split.missingLeft : bin <= split.cut;
    (goLeft ? left : right).push(rows[i]);
  }

  ctx.featureGain[split.feature] += split.gain;
  ctx.featureSplits[split.feature]++;
  const leftIndex = growNode(ctx, Uint32Array.from(left), depth + 1);
  const rightIndex = growNode(ctx, Uint32Array.from(right), depth + 1);
  nodes[index] = {
    node: {
      type: 'split',
      feature: split.feature,
      threshold: ctx.features[split.feature].thresholds[split.cut],
      missingLeft: split.missingLeft,
      left: leftIndex,
      right: rightIndex,
      gain: split.gain,
      cover: rows.length,
    },
    cut: split.cut,
  };
  return index;
}

function binLeafValue(nodes: BinNode[], features: QuantizedFeature[], row: number): number {
  let current = nodes[0];
  while (current.node.type === 'split') {
    const split = current.node;
    const bin = features[split.feature].bins[row];
    const goLeft = bin === MISSING_BIN ? split.missingLeft : bin <= current.cut;
    current = nodes[goLeft ? split.left : split.right];
  }
  return current.node.value;
}

/** What the boosting loop needs to know about a loss. Raw scores are stored per output: raw[k][row]. */
interface Objective {
  baseScores: number[];
  /** Fills grad[k] and hess[k] for every output k from the current raw scores. */
  gradients(raw: Float64Array[], grad: Float64Array[], hess: Float64Array[]): void;
  /** Mean training loss, for progress. */
  loss(raw: Float64Array[]): number;
  /** For losses whose Newton step is a poor leaf value (absolute): the leaf's own optimum. */
  refitLeaf?(rows: Uint32Array, raw: Float64Array[], target: number): number;
}

interface BoostResult {
  trees: GbtTree[];
  featureGain: number[];
  featureSplits: number[];
}

function boost(
  features: QuantizedFeature[],
  n: number,
  params: GbtParams,
  objective: Objective,
  hooks: GbtHooks,
): BoostResult {
  const nTargets = objective.baseScores.length;
  const raw = objective.baseScores.map((b) => new Float64Array(n).fill(b));
  const grad = objective.baseScores.map(() => new Float64Array(n));
  const hess = objective.baseScores.map(() => new Float64Array(n));
  const random = createRandom(params.seed);
  const featureGain = new Array<number>(features.length).fill(0);
  const featureSplits = new Array<number>(features.length).fill(0);
  const histSize = features.length * HIST_WIDTH;
  const trees: GbtTree[] = [];
  const sampled = new Uint32Array(n);

  for (let t = 0; t < params.nTrees; t++) {
    objective.gradients(raw, grad, hess);

    // One draw per row per round, so every class of a round sees the same rows.
    let count = 0;
    for (let r = 0; r < n; r++) {
      if (params.subsample >= 1 || random.next() < params.subsample) sampled[count++] = r;
    }
    const rows = sampled.slice(0, count);

    const roundTrees: BinNode[][] = [];
    for (let k = 0; k < nTargets; k++) {
      const refit = objective.refitLeaf;
      const ctx: GrowContext = {
        params,
        features,
        grad: grad[k],
        hess: hess[k],
        histGrad: new Float64Array(histSize),
        histHess: new Float64Array(histSize),
        histCount: new Uint32Array(histSize),
        nodes: [],
        featureGain,
        featureSplits,
        refitLeaf: refit ? (leafRows) => refit.call(objective, leafRows, raw, k) : undefined,
      };
      growNode(ctx, rows, 0);
      roundTrees.push(ctx.nodes);
    }

    // Every row moves, sampled or not: the next round fits what is still wrong everywhere.
    // All trees of a round are grown from the same gradients before any raw score moves.
    roundTrees.forEach((nodes, k) => {
      const target = raw[k];
      for (let r = 0; r < n; r++) target[r] += binLeafValue(nodes, features, r);
      trees.push({ nodes: nodes.map((b) => b.node) });
    });

    hooks.onProgress?.({ tree: t + 1, nTrees: params.nTrees, trainLoss: objective.loss(raw) });
  }
  return { trees, featureGain, featureSplits };
}

function checkRows(rows: readonly (readonly number[])[], targets: readonly number[], params: GbtParams): number {
  if (rows.length === 0) throw new Error('trainGbt: no training rows');
  if (rows.length !== targets.length) throw new Error(`trainGbt: ${rows.length} rows but ${targets.length} labels`);
  const nFeatures = rows[0].length;
  rows.forEach((row, r) => {
    if (row.length !== nFeatures) throw new Error(`trainGbt: rows must all have ${nFeatures} features`);
    // NaN means missing; an infinity has no float32 threshold above it and is a bug upstream.
    row.forEach((x, f) => {
      if (x === Infinity || x === -Infinity) throw new Error(`trainGbt: row ${r} feature ${f} is infinite`);
    });
  });
  if (params.maxBins < 2 || params.maxBins > MAX_BINS) throw new Error(`trainGbt: maxBins must be 2–${MAX_BINS}`);
  if (!(params.subsample > 0 && params.subsample <= 1)) throw new Error('trainGbt: subsample must be in (0, 1]');
  if (params.nTrees < 0 || params.maxDepth < 0) throw new Error('trainGbt: nTrees and maxDepth must be ≥ 0');
  return nFeatures;
}

function quantize(rows: readonly (readonly number[])[], nFeatures: number, maxBins: number): QuantizedFeature[] {
  const n = rows.length;
  const features: QuantizedFeature[] = [];
  for (let f = 0; f < nFeatures; f++) {
    const column = new Float64Array(n);
    for (let r = 0; r < n; r++) column[r] = Math.fround(rows[r][f]);
    features.push(quantizeFeature(column, maxBins));
  }
  return features;
}

function namesFor(names: string[] | undefined, nFeatures: number): string[] {
  const featureNames = names ?? Array.from({ length: nFeatures }, (_, i) => `f${i}`);
  if (featureNames.length !== nFeatures) throw new Error(`trainGbt: ${featureNames.length} names for ${nFeatures} features`);
  return featureNames;
}

// --- binary -----------------------------------------------------------------

function binaryObjective(labels: readonly number[], weights: Float64Array): Objective {
  let positives = 0;
  let total = 0;
  for (let r = 0; r < labels.length; r++) {
    positives += weights[r] * labels[r];
    total += weights[r];
  }
  const baseRate = Math.min(Math.max(positives / total, 1e-6), 1 - 1e-6);
  return {
    baseScores: [Math.fround(Math.log(baseRate / (1 - baseRate)))],
    gradients(raw, grad, hess) {
      const z = raw[0];
      const g = grad[0];
      const h = hess[0];
      for (let r = 0; r < z.length; r++) {
        const p = sigmoid(z[r]);
        g[r] = (p - labels[r]) * weights[r];
        h[r] = Math.max(p * (1 - p), MIN_HESSIAN) * weights[r];
      }
    },
    loss(raw) {
      const z = raw[0];
      let sum = 0;
      for (let r = 0; r < z.length; r++) {
        // log(1 + e^z) - y·z, written to stay finite for large |z|.
        sum += Math.max(z[r], 0) + Math.log1p(Math.exp(-Math.abs(z[r]))) - labels[r] * z[r];
      }
      return sum / z.length;
    },
  };
}

export function trainGbt(
  rows: readonly (readonly number[])[],
  labels: readonly number[],
  options: Partial<GbtParams> & GbtWeightOptions & { featureNames?: string[] } = {},
  hooks: GbtHooks = {},
): GbtModel {
  const { featureNames: names, sampleWeights, classWeights, ...overrides } = options;
  const params: GbtParams = { ...DEFAULT_GBT_PARAMS, ...overrides };
  const nFeatures = checkRows(rows, labels, params);
  for (const y of labels) {
    if (y !== 0 && y !== 1) throw new Error('trainGbt: labels must be 0 or 1');
  }
  const featureNames = namesFor(names, nFeatures);
  const objective = binaryObjective(labels, trainingWeights(labels, 2, { sampleWeights, classWeights }, 'trainGbt'));
  const result = boost(quantize(rows, nFeatures, params.maxBins), rows.length, params, objective, hooks);
  return { format: 'interlock-gbt@1', baseScore: objective.baseScores[0], featureNames, ...result, params };
}

// --- multi-class --------------------------------------------------------------

function multiclassObjective(labels: readonly number[], nClasses: number, weights: Float64Array): Objective {
  const priors = new Array<number>(nClasses).fill(0);
  let total = 0;
  labels.forEach((y, r) => {
    priors[y] += weights[r];
    total += weights[r];
  });
  const probabilities = new Float64Array(nClasses);
  const rowSoftmax = (raw: Float64Array[], r: number) => {
    let max = -Infinity;
    for (let k = 0; k < nClasses; k++) max = Math.max(max, raw[k][r]);
    let sum = 0;
    for (let k = 0; k < nClasses; k++) {
      probabilities[k] = Math.exp(raw[k][r] - max);
      sum += probabilities[k];
    }
    for (let k = 0; k < nClasses; k++) probabilities[k] /= sum;
  };
  return {
    // A class absent from training gets a tiny prior rather than log(0).
    baseScores: priors.map((p) => Math.fround(Math.log(Math.max(p / total, 1e-6)))),
    gradients(raw, grad, hess) {
      for (let r = 0; r < labels.length; r++) {
        rowSoftmax(raw, r);
        for (let k = 0; k < nClasses; k++) {
          const p = probabilities[k];
          grad[k][r] = (p - (labels[r] === k ? 1 : 0)) * weights[r];
          hess[k][r] = Math.max(p * (1 - p), MIN_HESSIAN) * weights[r];
        }
      }
    },
    loss(raw) {
      let sum = 0;
      for (let r = 0; r < labels.length; r++) {
        rowSoftmax(raw, r);
        sum -= Math.log(Math.max(probabilities[labels[r]], 1e-15));
      }
      return sum / labels.length;
    },
  };
}

export function trainGbtMulticlass(
  rows: readonly (readonly number[])[],
  labels: readonly number[],
  options: Partial<GbtParams> &
    GbtWeightOptions & {
      featureNames?: string[];
      /** Names of the classes; label k is classes[k]. Defaults to '0', '1', … up to the highest label. */
      classes?: string[];
    } = {},
  hooks: GbtHooks = {},
): GbtMulticlassModel {
  const { featureNames: names, classes: classNames, sampleWeights, classWeights, ...overrides } = options;
  const params: GbtParams = { ...DEFAULT_GBT_PARAMS, ...overrides };
  const nFeatures = checkRows(rows, labels, params);
  if (labels.some((y) => !Number.isInteger(y) || y < 0)) throw new Error('trainGbtMulticlass: labels must be integers ≥ 0');
  const highest = labels.reduce((a, b) => Math.max(a, b), 0);
  const classes = classNames ?? Array.from({ length: highest + 1 }, (_, k) => String(k));
  if (classes.length < 2) throw new Error('trainGbtMulticlass: need at least 2 classes');
  if (highest >= classes.length) throw new Error(`trainGbtMulticlass: labels must be integers 0–${classes.length - 1}`);
  const featureNames = namesFor(names, nFeatures);
  const objective = multiclassObjective(labels, classes.length, trainingWeights(labels, classes.length, { sampleWeights, classWeights }, 'trainGbtMulticlass'));
  const result = boost(quantize(rows, nFeatures, params.maxBins), rows.length, params, objective, hooks);
  return { format: 'interlock-gbt-multiclass@1', classes, baseScores: objective.baseScores, featureNames, ...result, params };
}

// --- regression ---------------------------------------------------------------

/** Weighted median: the smallest value at which the cumulative weight reaches half the total. */
export function weightedMedian(values: readonly number[], weights?: readonly number[]): number {
  if (values.length === 0) throw new Error('weightedMedian: no values');
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const w = (i: number) => (weights ? weights[i] : 1);
  let total = 0;
  for (let i = 0; i < values.length; i++) total += w(i);
  let cumulative = 0;
  for (const i of order) {
    cumulative += w(i);
    if (cumulative >= total / 2) return values[i];
  }
  return values[order[order.length - 1]];
}

function regressionObjective(targets: readonly number[], weights: Float64Array, loss: RegressionLoss, delta: number): Objective {
  let total = 0;
  let weightedSum = 0;
  targets.forEach((y, r) => {
    total += weights[r];
    weightedSum += weights[r] * y;
  });
  const base = loss === 'squared' ? weightedSum / total : weightedMedian(targets, Array.from(weights));
  const lossOf = (residual: number) => {
    const a = Math.abs(residual);
    if (loss === 'squared') return 0.5 * residual * residual;
    if (loss === 'absolute') return a;
    return a <= delta ? 0.5 * residual * residual : delta * (a - 0.5 * delta);
  };
  return {
    baseScores: [Math.fround(base)],
    gradients(raw, grad, hess) {
      const z = raw[0];
      for (let r = 0; r < z.length; r++) {
        const residual = z[r] - targets[r];
        const g = loss === 'squared' ? residual : loss === 'absolute' ? Math.sign(residual) : Math.max(-delta, Math.min(delta, residual));
        grad[0][r] = g * weights[r];
        // A unit hessian: exact for squared loss; for the others the step is the mean clipped
        // residual (Huber) or is replaced by the leaf's median residual (absolute).
        hess[0][r] = weights[r];
      }
    },
    loss(raw) {
      let sum = 0;
      for (let r = 0; r < targets.length; r++) sum += lossOf(raw[0][r] - targets[r]);
      return sum / targets.length;
    },
    refitLeaf:
      loss === 'absolute'
        ? (rows, raw) => {
            const residuals: number[] = [];
            const w: number[] = [];
            for (const r of rows) {
              residuals.push(targets[r] - raw[0][r]);
              w.push(weights[r]);
            }
            return residuals.length > 0 ? weightedMedian(residuals, w) : 0;
          }
        : undefined,
  };
}

export function trainGbtRegression(
  rows: readonly (readonly number[])[],
  targets: readonly number[],
  options: Partial<GbtParams> & {
    featureNames?: string[];
    loss?: RegressionLoss;
    /** Huber's delta; defaults to 1. */
    huberDelta?: number;
    sampleWeights?: readonly number[];
  } = {},
  hooks: GbtHooks = {},
): GbtRegressionModel {
  const { featureNames: names, loss = 'squared', huberDelta, sampleWeights, ...overrides } = options;
  const params: GbtParams = { ...DEFAULT_GBT_PARAMS, ...overrides };
  const nFeatures = checkRows(rows, targets, params);
  targets.forEach((y, r) => {
    if (!Number.isFinite(y)) throw new Error(`trainGbtRegression: target ${r} is not a finite number`);
  });
  const delta = huberDelta ?? 1;
  if (!(delta > 0)) throw new Error('trainGbtRegression: huberDelta must be positive');
  const featureNames = namesFor(names, nFeatures);
  const objective = regressionObjective(targets, trainingWeights(targets, null, { sampleWeights }, 'trainGbtRegression'), loss, delta);
  const result = boost(quantize(rows, nFeatures, params.maxBins), rows.length, params, objective, hooks);
  return {
    format: 'interlock-gbt-regression@1',
    loss,
    huberDelta: loss === 'huber' ? delta : null,
    baseScore: objective.baseScores[0],
    featureNames,
    ...result,
    params,
  };
}
