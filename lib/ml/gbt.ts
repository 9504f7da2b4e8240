// Gradient-boosted trees for binary classification (log loss, Newton leaves),
// written in the project because no trainer on npm is both fast enough and
// exportable to ONNX (see stack-notes, ONNX).
//
// Every feature value is seen as float32, in training and in evaluation,
// because the ONNX graph receives a float tensor: a split `x < t` must mean
// the same thing on both sides, so thresholds are float32 numbers chosen
// strictly between two float32 training values, and rows are compared after
// Math.fround. Leaf values are float32 too and are summed in float32 in the
// order ONNX Runtime sums them, so the TypeScript logit equals the ONNX one.
import { createRandom } from '@/lib/ml/random';

export interface GbtParams {
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
  /** Fraction of rows drawn (without replacement) for each tree. */
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
  /** Training rows that reached the node. */
  cover: number;
}

export interface GbtLeafNode {
  type: 'leaf';
  /** Contribution to the logit, learning rate already applied; float32. */
  value: number;
  cover: number;
}

export type GbtNode = GbtSplitNode | GbtLeafNode;

export interface GbtTree {
  /** Node 0 is the root; children are referenced by index. */
  nodes: GbtNode[];
}

export interface GbtModel {
  format: 'interlock-gbt@1';
  /** Logit of the training base rate; float32. */
  baseScore: number;
  featureNames: string[];
  trees: GbtTree[];
  /** Sum of split gains per feature, for feature importance. */
  featureGain: number[];
  featureSplits: number[];
  params: GbtParams;
}

export interface GbtProgress {
  tree: number;
  nTrees: number;
  trainLogLoss: number;
}

export interface GbtHooks {
  onProgress?: (progress: GbtProgress) => void;
}

const MISSING_BIN = 255;
const MAX_BINS = 255;
const HIST_WIDTH = 256;
const MIN_HESSIAN = 1e-16;

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

// ---------------------------------------------------------------------------
// Evaluation

function leafValue(tree: GbtTree, row: readonly number[]): number {
  let node = tree.nodes[0];
  while (node.type === 'split') {
    const x = Math.fround(row[node.feature]);
    const goLeft = Number.isNaN(x) ? node.missingLeft : x < node.threshold;
    node = tree.nodes[goLeft ? node.left : node.right];
  }
  return node.value;
}

/** The logit, summed in float32 tree by tree and then offset by the base score, as ONNX Runtime does. */
export function predictRaw(model: GbtModel, row: readonly number[]): number {
  let sum = 0;
  for (const tree of model.trees) sum = Math.fround(sum + leafValue(tree, row));
  return Math.fround(sum + model.baseScore);
}

export function predictProba(model: GbtModel, row: readonly number[]): number {
  return sigmoid(predictRaw(model, row));
}

export interface FeatureImportance {
  feature: string;
  gain: number;
  /** Share of the total gain, 0–1. */
  gainShare: number;
  splits: number;
}

export function featureImportance(model: GbtModel): FeatureImportance[] {
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
    const value = Math.fround((-sumG / (sumH + params.lambda)) * params.learningRate);
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

function logLossOf(raw: Float64Array, labels: readonly number[]): number {
  let total = 0;
  for (let r = 0; r < raw.length; r++) {
    // log(1 + e^z) - y·z, written to stay finite for large |z|.
    const z = raw[r];
    total += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - labels[r] * z;
  }
  return total / raw.length;
}

function validateInput(rows: readonly (readonly number[])[], labels: readonly number[], params: GbtParams): number {
  if (rows.length === 0) throw new Error('trainGbt: no training rows');
  if (rows.length !== labels.length) throw new Error(`trainGbt: ${rows.length} rows but ${labels.length} labels`);
  const nFeatures = rows[0].length;
  rows.forEach((row, r) => {
    if (row.length !== nFeatures) throw new Error(`trainGbt: rows must all have ${nFeatures} features`);
    // NaN means missing; an infinity has no float32 threshold above it and is a bug upstream.
    row.forEach((x, f) => {
      if (x === Infinity || x === -Infinity) throw new Error(`trainGbt: row ${r} feature ${f} is infinite`);
    });
  });
  for (const y of labels) {
    if (y !== 0 && y !== 1) throw new Error('trainGbt: labels must be 0 or 1');
  }
  if (params.maxBins < 2 || params.maxBins > MAX_BINS) throw new Error(`trainGbt: maxBins must be 2–${MAX_BINS}`);
  if (!(params.subsample > 0 && params.subsample <= 1)) throw new Error('trainGbt: subsample must be in (0, 1]');
  if (params.nTrees < 0 || params.maxDepth < 0) throw new Error('trainGbt: nTrees and maxDepth must be ≥ 0');
  return nFeatures;
}

export function trainGbt(
  rows: readonly (readonly number[])[],
  labels: readonly number[],
  options: Partial<GbtParams> & { featureNames?: string[] } = {},
  hooks: GbtHooks = {},
): GbtModel {
  const { featureNames: names, ...overrides } = options;
  const params: GbtParams = { ...DEFAULT_GBT_PARAMS, ...overrides };
  const nFeatures = validateInput(rows, labels, params);
  const featureNames = names ?? Array.from({ length: nFeatures }, (_, i) => `f${i}`);
  if (featureNames.length !== nFeatures) throw new Error(`trainGbt: ${featureNames.length} names for ${nFeatures} features`);

  const n = rows.length;
  const features: QuantizedFeature[] = [];
  for (let f = 0; f < nFeatures; f++) {
    const column = new Float64Array(n);
    for (let r = 0; r < n; r++) column[r] = Math.fround(rows[r][f]);
    features.push(quantizeFeature(column, params.maxBins));
  }

  const positives = labels.reduce((a, b) => a + b, 0);
  const baseRate = Math.min(Math.max(positives / n, 1e-6), 1 - 1e-6);
  const baseScore = Math.fround(Math.log(baseRate / (1 - baseRate)));

  const raw = new Float64Array(n).fill(baseScore);
  const grad = new Float64Array(n);
  const hess = new Float64Array(n);
  const random = createRandom(params.seed);
  const featureGain = new Array<number>(nFeatures).fill(0);
  const featureSplits = new Array<number>(nFeatures).fill(0);
  const histSize = nFeatures * HIST_WIDTH;
  const trees: GbtTree[] = [];
  const sampled = new Uint32Array(n);

  for (let t = 0; t < params.nTrees; t++) {
    for (let r = 0; r < n; r++) {
      const p = sigmoid(raw[r]);
      grad[r] = p - labels[r];
      hess[r] = Math.max(p * (1 - p), MIN_HESSIAN);
    }

    let count = 0;
    for (let r = 0; r < n; r++) {
      if (params.subsample >= 1 || random.next() < params.subsample) sampled[count++] = r;
    }

    const ctx: GrowContext = {
      params,
      features,
      grad,
      hess,
      histGrad: new Float64Array(histSize),
      histHess: new Float64Array(histSize),
      histCount: new Uint32Array(histSize),
      nodes: [],
      featureGain,
      featureSplits,
    };
    growNode(ctx, sampled.slice(0, count), 0);

    // Every row moves, sampled or not: the next tree fits what is still wrong everywhere.
    for (let r = 0; r < n; r++) raw[r] += binLeafValue(ctx.nodes, features, r);
    trees.push({ nodes: ctx.nodes.map((b) => b.node) });

    hooks.onProgress?.({ tree: t + 1, nTrees: params.nTrees, trainLogLoss: logLossOf(raw, labels) });
  }

  return { format: 'interlock-gbt@1', baseScore, featureNames, trees, featureGain, featureSplits, params };
}
