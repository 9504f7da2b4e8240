// Per-prediction explanations for tree ensembles by path contributions
// (Saabas): every node has a value, the cover-weighted mean of the leaves
// below it; walking a row down a tree, each split moves the value from the
// parent's to the child's, and that change is credited to the split's
// feature. Per tree, root value + contributions = the leaf, so over the
// ensemble base + Σ contributions = the raw score (logit for a binary model).
// Cheap (one walk per tree) and exact in that sum, unlike sampling methods.
//
// Client-safe: types and pure functions only.
import type { AnyGbtModel, GbtTree } from '@/lib/ml/gbt';
import { baseScoresOf, targetCount } from '@/lib/ml/gbt';

export interface Explanation {
  /** Base score plus every tree's root value: the raw score of an "average" row. */
  base: number;
  /** Per feature, in the model's feature order; same units as the raw score. */
  contributions: number[];
  /** base + Σ contributions, in float64. */
  raw: number;
}

/** One feature's share of a prediction, as stored with a recommendation (JSON: no NaN, so missing is null). */
export interface FeatureContribution {
  feature: string;
  value: number | null;
  contribution: number;
}

const nodeValueCache = new WeakMap<GbtTree, Float64Array>();

/** Each node's expected value: a leaf's own value, a split's the cover-weighted mean of its children. */
export function nodeValues(tree: GbtTree): Float64Array {
  const cached = nodeValueCache.get(tree);
  if (cached) return cached;
  const values = new Float64Array(tree.nodes.length);
  const visit = (index: number): number => {
    const node = tree.nodes[index];
    if (node.type === 'leaf') {
      values[index] = node.value;
      return node.value;
    }
    const left = visit(node.left);
    const right = visit(node.right);
    const leftCover = tree.nodes[node.left].cover;
    const rightCover = tree.nodes[node.right].cover;
    const cover = leftCover + rightCover;
    // A split always has rows on both sides (minSamplesLeaf ≥ 1); guard anyway against a hand-made tree.
    values[index] = cover > 0 ? (left * leftCover + right * rightCover) / cover : (left + right) / 2;
    return values[index];
  };
  visit(0);
  nodeValueCache.set(tree, values);
  return values;
}

/**
 * Path contributions of one row to one output (the class index for a
 * multi-class model, else 0). Splits are followed exactly as in evaluation:
 * float32 comparison, NaN along the learned missing direction.
 */
export function explain(model: AnyGbtModel, row: readonly number[], target = 0): Explanation {
  const k = targetCount(model);
  if (target < 0 || target >= k) throw new Error(`explain: target ${target} out of range for ${k} outputs`);
  const contributions = new Array<number>(model.featureNames.length).fill(0);
  let base = baseScoresOf(model)[target];
  model.trees.forEach((tree, t) => {
    if (t % k !== target) return;
    const values = nodeValues(tree);
    let index = 0;
    base += values[0];
    let node = tree.nodes[0];
    while (node.type === 'split') {
      const x = Math.fround(row[node.feature]);
      const next = (Number.isNaN(x) ? node.missingLeft : x < node.threshold) ? node.left : node.right;
      contributions[node.feature] += values[next] - values[index];
      index = next;
      node = tree.nodes[index];
    }
  });
  return { base, contributions, raw: base + contributions.reduce((a, b) => a + b, 0) };
}

/** The k largest contributions by size, zero ones left out, largest first. */
export function topContributions(
  featureNames: readonly string[],
  explanation: Explanation,
  row: readonly number[],
  k = 5,
): FeatureContribution[] {
  return explanation.contributions
    .map((contribution, i) => ({ feature: featureNames[i], value: Number.isNaN(row[i]) ? null : row[i], contribution }))
    .filter((c) => c.contribution !== 0)
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))
    .slice(0, k);
}
