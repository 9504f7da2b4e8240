import 'server-only';
import { db } from '@/lib/db';
import { FEASIBILITY_ENGINE } from '@/lib/decisions/feasibility/engine';
import { FEATURE_NAMES } from '@/lib/decisions/feasibility/features';
import { DEFAULT_ORDERS_PER_DAY, generateSimulatedHistory } from '@/lib/decisions/feasibility/simulated-history';
import { simulatedExamples, splitByDay, type FeasibilityDataset, type FeasibilityExample, type SplitExamples } from '@/lib/decisions/feasibility/train-feasibility-model';

// Training rows from people's decisions (LabelledExample) on top of the
// simulated history, which stays as the prior: a plant's first weeks of labels
// are too few to learn the floor from alone. Labels count more (labelWeight).
//
// The split is per source, each by its own days: the simulated history's last
// days and the labels' last days are held out. One split by day over both
// would hold out every label while labels span fewer days than the held-out
// share of the history, and the new model would never learn from them. With
// labels on a single day there is nothing to hold out of them: all train.
// On the calendar, the history is placed to end the day before the first label.

const DAY_MS = 24 * 3_600_000;
export const DEFAULT_LABEL_WEIGHT = 5;
export const LABELLED_DATA_SOURCE = 'labels+simulated-history';

export interface LabelledDatasetOptions {
  /** Seed and length of the simulated history. */
  seed: number;
  days: number;
  ordersPerDay?: number;
  /** Weight of a labelled row against a simulated one (default 5). */
  labelWeight?: number;
  heldOutFraction?: number;
}

export interface LabelledDatasetCounts {
  /** LabelledExample rows of the engine read. */
  labelled: number;
  /** Of those, rows used for training or held out. */
  used: number;
  /** Rows whose features were missing or not all numbers (recorded before features were kept, or by an older model). */
  skippedMissingFeatures: number;
  /** An OBSERVED row of a recommendation that people also decided: the decision is the evidence. */
  skippedDuplicate: number;
  labelledTrain: number;
  labelledHeldOut: number;
  labelDays: number;
  positiveLabels: number;
  simulated: number;
}

export interface LabelledDataset extends FeasibilityDataset {
  split: SplitExamples;
  counts: LabelledDatasetCounts;
  labelWeight: number;
}

interface LabelRow {
  id: string;
  recommendationId: string;
  source: string;
  features: unknown;
  label: number;
  decidedAt: Date;
}

/** The feature vector in FEATURE_NAMES order, or null when any feature is missing. */
export function vectorOf(features: unknown): number[] | null {
  if (typeof features !== 'object' || features === null || Array.isArray(features)) return null;
  const named = features as Record<string, unknown>;
  const vector: number[] = [];
  for (const name of FEATURE_NAMES) {
    const value = named[name];
    if (typeof value !== 'number' || !Number.isFinite(value)) return null;
    vector.push(value);
  }
  return vector;
}

const dayStart = (at: Date) => Math.floor(at.getTime() / DAY_MS) * DAY_MS;
const byTime = (a: FeasibilityExample, b: FeasibilityExample) => a.at.getTime() - b.at.getTime();

/** The training rows from labelled examples already read (pure, for tests of the split). */
export function combineWithHistory(rows: LabelRow[], options: LabelledDatasetOptions): LabelledDataset {
  const labelWeight = options.labelWeight ?? DEFAULT_LABEL_WEIGHT;
  const heldOutFraction = options.heldOutFraction ?? 0.2;
  const decided = new Set(rows.filter((r) => r.source === 'DECISION').map((r) => r.recommendationId));
  const counts: LabelledDatasetCounts = {
    labelled: rows.length,
    used: 0,
    skippedMissingFeatures: 0,
    skippedDuplicate: 0,
    labelledTrain: 0,
    labelledHeldOut: 0,
    labelDays: 0,
    positiveLabels: 0,
    simulated: 0,
  };
  const usable: { row: LabelRow; vector: number[] }[] = [];
  for (const row of rows) {
    if (row.source !== 'DECISION' && decided.has(row.recommendationId)) {
      counts.skippedDuplicate++;
      continue;
    }
    const vector = vectorOf(row.features);
    if (!vector) {
      counts.skippedMissingFeatures++;
      continue;
    }
    usable.push({ row, vector });
  }

  const firstDay = usable.length ? Math.min(...usable.map((u) => dayStart(u.row.decidedAt))) : null;
  const start = firstDay === null ? undefined : new Date(firstDay - options.days * DAY_MS);
  const simulated = simulatedExamples(generateSimulatedHistory({ seed: options.seed, days: options.days, ordersPerDay: options.ordersPerDay ?? DEFAULT_ORDERS_PER_DAY, start }));
  const labelled: FeasibilityExample[] = usable.map(({ row, vector }) => ({
    id: `label:${row.id}`,
    day: options.days + Math.floor((dayStart(row.decidedAt) - (firstDay ?? 0)) / DAY_MS),
    at: row.decidedAt,
    vector,
    label: row.label === 1 ? 1 : 0,
    weight: labelWeight,
  }));

  const history = splitByDay(simulated, heldOutFraction);
  const labelDays = new Set(labelled.map((e) => e.day)).size;
  const labels = labelDays >= 2 ? splitByDay(labelled, heldOutFraction) : { train: [...labelled].sort(byTime), heldOut: [] as FeasibilityExample[] };

  counts.used = labelled.length;
  counts.labelledTrain = labels.train.length;
  counts.labelledHeldOut = labels.heldOut.length;
  counts.labelDays = labelDays;
  counts.positiveLabels = labelled.filter((e) => e.label === 1).length;
  counts.simulated = simulated.length;
  const split: SplitExamples = {
    train: [...history.train, ...labels.train].sort(byTime),
    heldOut: [...history.heldOut, ...labels.heldOut].sort(byTime),
    cutoffDay: history.cutoffDay,
    days: history.days + labelDays,
    total: simulated.length + labelled.length,
  };
  return { source: LABELLED_DATA_SOURCE, examples: [...simulated, ...labelled], split, counts, labelWeight };
}

/** Reads the engine's labelled examples and combines them with the simulated history. */
export async function buildLabelledDataset(options: LabelledDatasetOptions): Promise<LabelledDataset> {
  const rows = await db.labelledExample.findMany({
    where: { engine: FEASIBILITY_ENGINE },
    select: { id: true, recommendationId: true, source: true, features: true, label: true, decidedAt: true },
    orderBy: [{ decidedAt: 'asc' }, { id: 'asc' }],
  });
  return combineWithHistory(rows, options);
}
