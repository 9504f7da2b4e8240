// Scores feasibility model versions on the held-out days of recorded rows
// (e.g. the plant simulator's truth): the ONNX file each card names, run the
// way the API runs it, so the figures are those of what is served. The trees
// next to it are run too, and their largest disagreement with the graph is
// reported, so a mismatched pair of files cannot go unnoticed.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { FEASIBILITY_ENGINE } from '@/lib/decisions/feasibility/engine';
import { FEATURE_NAMES } from '@/lib/decisions/feasibility/features';
import { splitByDay, type FeasibilityExample } from '@/lib/decisions/feasibility/train-feasibility-model';
import { predictProba, type GbtModel } from '@/lib/ml/gbt';
import { auc, evaluateBinary, type BinaryMetrics } from '@/lib/ml/metrics';
import { listModelCards, readModelPointer } from '@/lib/ml/model-files';
import type { ModelCard } from '@/lib/ml/model-card';
import { loadOnnxSession, releaseOnnxSession, runProbability } from '@/lib/ml/onnx-runtime';

export interface HeldOutSplit {
  days: number;
  cutoffDay: number;
  heldOutDays: number;
  trainRows: number;
  heldOutRows: number;
  /** Share on time in the training days: the constant forecast a model has to beat. */
  trainBaseRate: number;
  heldOut: { from: string; to: string };
}

export interface VersionScore {
  id: string;
  version: number;
  current: boolean;
  /** What the version was trained on, from its card. */
  source: string;
  card: ModelCard;
  metrics: BinaryMetrics;
  /** Largest |ONNX − trees| probability over the held-out rows. */
  treesMaxDifference: number;
}

export interface HeldOutScores {
  split: HeldOutSplit;
  /** The constant forecast of the training days' base rate, for reference. */
  constant: BinaryMetrics;
  /**
   * AUC of the slack ratio alone (remaining time ÷ planned and queued work),
   * untrained: how much of a model's ranking any due-date rule of thumb gets.
   */
  slackRatioAuc: number;
  versions: VersionScore[];
}

export interface ScoreHeldOutOptions {
  modelsDir: string;
  examples: FeasibilityExample[];
  heldOutFraction: number;
  /** Versions to score; 'current' is the one the pointer names, 'all' every card in the folder. */
  versions: number[] | 'current' | 'all';
}

export async function scoreHeldOutDays(options: ScoreHeldOutOptions): Promise<HeldOutScores> {
  const dir = path.resolve(options.modelsDir);
  const { train, heldOut, cutoffDay, days } = splitByDay(options.examples, options.heldOutFraction);
  const labels = heldOut.map((e) => e.label);
  const rows = heldOut.map((e) => e.vector);
  const trainBaseRate = train.reduce((s, e) => s + e.label, 0) / train.length;

  const cards = await listModelCards(dir, FEASIBILITY_ENGINE);
  const pointer = await readModelPointer(dir, FEASIBILITY_ENGINE);
  let wanted: number[];
  if (options.versions === 'all') wanted = cards.map((c) => c.card.version);
  else if (options.versions === 'current') {
    if (!pointer) throw new Error(`${dir} has no current ${FEASIBILITY_ENGINE} model; name a version`);
    wanted = [pointer.version];
  } else wanted = options.versions;
  if (wanted.length === 0) throw new Error(`${dir} holds no ${FEASIBILITY_ENGINE} model cards`);

  const versions: VersionScore[] = [];
  for (const version of wanted) {
    const found = cards.find((c) => c.card.version === version);
    if (!found) throw new Error(`${dir} has no card for ${FEASIBILITY_ENGINE}@${version} (found: ${cards.map((c) => c.card.id).join(', ') || 'none'})`);
    const card = found.card;
    const names = card.features.map((f) => f.name).join(',');
    if (names !== FEATURE_NAMES.join(',')) throw new Error(`${card.id} takes features [${names}], the code builds [${FEATURE_NAMES.join(',')}]`);

    const onnxPath = path.join(dir, card.files.onnx);
    const session = await loadOnnxSession(onnxPath, { sha256: card.sha256 });
    const probabilities = await runProbability(session, rows);
    await releaseOnnxSession(onnxPath);
    const trees = JSON.parse(await readFile(path.join(dir, card.files.trees), 'utf8')) as GbtModel;
    let treesMaxDifference = 0;
    rows.forEach((row, i) => {
      treesMaxDifference = Math.max(treesMaxDifference, Math.abs(predictProba(trees, row) - probabilities[i]));
    });
    versions.push({
      id: card.id,
      version,
      current: pointer?.version === version,
      source: card.data.source,
      card,
      metrics: evaluateBinary(labels, probabilities),
      treesMaxDifference,
    });
  }

  return {
    split: {
      days,
      cutoffDay,
      heldOutDays: new Set(heldOut.map((e) => e.day)).size,
      trainRows: train.length,
      heldOutRows: heldOut.length,
      trainBaseRate,
      heldOut: { from: heldOut[0].at.toISOString(), to: heldOut[heldOut.length - 1].at.toISOString() },
    },
    constant: evaluateBinary(labels, labels.map(() => trainBaseRate)),
    slackRatioAuc: auc(labels, rows.map((row) => row[FEATURE_NAMES.indexOf('slack_ratio')])),
    versions,
  };
}
