// Trains the feasibility model on the simulated history and publishes it to the
// models folder: .onnx, trees as JSON, then the model card. The split is by
// day, not by row: the model is judged on later days it never saw, the way it
// will be used.
//
// A new version is a candidate: the current pointer is written only when the
// engine has no current model yet (a fresh installation). Making a later
// version current is promotion, a decision with its own audit trail.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FEASIBILITY_ENGINE, FEASIBILITY_FEATURES } from '@/lib/decisions/feasibility/engine';
import { FEATURE_NAMES, toFeatureVector } from '@/lib/decisions/feasibility/features';
import {
  DEFAULT_ORDERS_PER_DAY,
  generateSimulatedHistory,
  type SimulatedOrder,
} from '@/lib/decisions/feasibility/simulated-history';
import { PROBABILITY_EDGES, profileFeatures, profileWithEdges, type TrainingProfile } from '@/lib/ml/drift';
import { DEFAULT_GBT_PARAMS, featureImportance, predictProba, trainGbt, type GbtModel, type GbtParams } from '@/lib/ml/gbt';
import { evaluateBinary, type BinaryMetrics } from '@/lib/ml/metrics';
import { modelFileNames, modelId, type BinaryCardMetrics, type ModelCard } from '@/lib/ml/model-card';
import { nextModelVersion, readModelPointer, writeModelPointer } from '@/lib/ml/model-files';
import { ONNX_IR_VERSION, ONNX_OPSETS, onnxSignature, writeOnnx } from '@/lib/ml/onnx-export';
import { ONNX_INPUT_NAME } from '@/lib/ml/onnx-io-names';
import { loadOnnxSession, releaseOnnxSession, runProbability } from '@/lib/ml/onnx-runtime';

/** Beyond this the ONNX file would disagree with the TypeScript evaluation; refuse to publish it. */
const MAX_PARITY_ERROR = 1e-5;

export const FEASIBILITY_GBT_PARAMS: GbtParams = {
  ...DEFAULT_GBT_PARAMS,
  nTrees: 120,
  maxDepth: 5,
  learningRate: 0.1,
  minChildWeight: 1,
  minSamplesLeaf: 10,
  lambda: 1,
  subsample: 0.8,
};

/** One training row, whatever its source: the feature vector (FEATURE_NAMES order) and whether the order finished on time. */
export interface FeasibilityExample {
  id: string;
  /** Day index from the start of the data: the unit of the time-based train/held-out split. */
  day: number;
  at: Date;
  vector: number[];
  label: 0 | 1;
  /** Relative weight in training (default 1), e.g. to count people's decisions more than simulated rows. */
  weight?: number;
}

/** Rows from somewhere other than the simulated history: the plant simulator's recorded truth, labelled decisions. */
export interface FeasibilityDataset {
  /** Recorded on the card, e.g. 'plant-truth' or 'labels+simulated-history'. */
  source: string;
  examples: FeasibilityExample[];
  /**
   * The examples already split into training and held-out rows, when one
   * split by day over all of them would be wrong: e.g. people's labels and the
   * simulated history each split by their own days (labelled-dataset.ts).
   */
  split?: SplitExamples;
}

export interface TrainFeasibilityOptions {
  outDir: string;
  seed: number;
  /** Simulated days, when no dataset is given. */
  days: number;
  ordersPerDay?: number;
  /** Train on these rows instead of the simulated history. */
  dataset?: FeasibilityDataset;
  /** Share of the latest days held out for evaluation. */
  heldOutFraction?: number;
  /** Defaults to one above the highest version in outDir. */
  version?: number;
  params?: Partial<GbtParams>;
  /** Weights of [late, on time] rows; default equal. */
  classWeights?: [number, number] | 'balanced';
  onEvent?: (event: TrainFeasibilityEvent) => void;
}

export type TrainFeasibilityEvent =
  | { kind: 'history'; rows: number; trainRows: number; heldOutRows: number; cutoffDay: number; ms: number }
  | { kind: 'tree'; tree: number; nTrees: number; trainLoss: number; elapsedMs: number }
  | { kind: 'trained'; ms: number }
  | { kind: 'exported'; file: string; bytes: number };

export interface TrainFeasibilityResult {
  card: ModelCard;
  files: { onnx: string; card: string; trees: string; pointer: string | null };
  /** True when this version became the current model (the engine had none). */
  madeCurrent: boolean;
}

function labelsOf(examples: FeasibilityExample[]): number[] {
  return examples.map((e) => e.label);
}

function window(examples: FeasibilityExample[]) {
  const first = examples[0];
  const last = examples[examples.length - 1];
  return {
    fromDay: first.day,
    toDay: last.day,
    from: first.at.toISOString(),
    to: last.at.toISOString(),
    rows: examples.length,
  };
}

/** The simulated history as training rows. */
export function simulatedExamples(orders: SimulatedOrder[]): FeasibilityExample[] {
  return orders.map((o) => ({ id: o.id, day: o.day, at: o.input.now, vector: toFeatureVector(o.input), label: o.onTime ? 1 : 0 }));
}

/** JSON has no NaN: an undefined AUC (one class only) is written as null. */
function cardMetrics(metrics: BinaryMetrics): BinaryCardMetrics {
  return { kind: 'binary', ...metrics, auc: Number.isNaN(metrics.auc) ? null : metrics.auc };
}

export interface SplitExamples {
  train: FeasibilityExample[];
  heldOut: FeasibilityExample[];
  cutoffDay: number;
  /** Distinct days in the data. */
  days: number;
  total: number;
}

/** By day, not by row: the latest days (a fraction of the distinct days, at least one) are held out. */
export function splitByDay(examples: FeasibilityExample[], heldOutFraction: number): SplitExamples {
  const sorted = [...examples].sort((a, b) => a.at.getTime() - b.at.getTime());
  const days = [...new Set(sorted.map((e) => e.day))].sort((a, b) => a - b);
  if (days.length < 2) throw new Error(`Need rows on at least 2 days (one to train on, one to hold out); the data has ${days.length}`);
  const heldOutDays = Math.min(Math.max(1, Math.round(days.length * heldOutFraction)), days.length - 1);
  const cutoffDay = days[days.length - heldOutDays];
  return {
    train: sorted.filter((e) => e.day < cutoffDay),
    heldOut: sorted.filter((e) => e.day >= cutoffDay),
    cutoffDay,
    days: days.length,
    total: sorted.length,
  };
}

function splitHistory(seed: number, days: number, ordersPerDay: number, heldOutFraction: number): SplitExamples {
  return splitByDay(simulatedExamples(generateSimulatedHistory({ seed, days, ordersPerDay })), heldOutFraction);
}

function trainingProfileOf(trainRows: number[][], heldOutPredictions: number[]): TrainingProfile {
  return {
    features: profileFeatures([...FEATURE_NAMES], trainRows),
    predictions: profileWithEdges('probability', heldOutPredictions, PROBABILITY_EDGES),
  };
}

export async function trainFeasibilityModel(options: TrainFeasibilityOptions): Promise<TrainFeasibilityResult> {
  const emit = options.onEvent ?? (() => {});
  const heldOutFraction = options.heldOutFraction ?? 0.2;
  const ordersPerDay = options.ordersPerDay ?? DEFAULT_ORDERS_PER_DAY;
  if (!options.dataset && options.days < 2) throw new Error('Need at least 2 simulated days: one to train on, one to hold out');

  const generateStart = performance.now();
  const { train, heldOut, cutoffDay, total, days } = options.dataset
    ? (options.dataset.split ?? splitByDay(options.dataset.examples, heldOutFraction))
    : splitHistory(options.seed, options.days, ordersPerDay, heldOutFraction);
  emit({ kind: 'history', rows: total, trainRows: train.length, heldOutRows: heldOut.length, cutoffDay, ms: performance.now() - generateStart });

  const trainRows = train.map((e) => e.vector);
  const heldOutRows = heldOut.map((e) => e.vector);
  const sampleWeights = train.some((e) => e.weight !== undefined && e.weight !== 1) ? train.map((e) => e.weight ?? 1) : undefined;
  const params: GbtParams = { ...FEASIBILITY_GBT_PARAMS, seed: options.seed, ...options.params };

  const trainStart = performance.now();
  const model = trainGbt(
    trainRows,
    labelsOf(train),
    {
      ...params,
      featureNames: [...FEATURE_NAMES],
      ...(options.classWeights ? { classWeights: options.classWeights } : {}),
      ...(sampleWeights ? { sampleWeights } : {}),
    },
    { onProgress: (p) => emit({ kind: 'tree', ...p, elapsedMs: performance.now() - trainStart }) },
  );
  const trainingMs = performance.now() - trainStart;
  emit({ kind: 'trained', ms: trainingMs });

  const heldOutPredictions = heldOutRows.map((row) => predictProba(model, row));
  const trainPredictions = trainRows.map((row) => predictProba(model, row));

  await mkdir(options.outDir, { recursive: true });
  const version = options.version ?? (await nextModelVersion(options.outDir, FEASIBILITY_ENGINE));
  const names = modelFileNames(FEASIBILITY_ENGINE, version);
  const files = {
    onnx: path.join(options.outDir, names.onnx),
    card: path.join(options.outDir, names.card),
    trees: path.join(options.outDir, names.trees),
  };

  // A session cached from an earlier file at this path would hide the new one.
  await releaseOnnxSession(files.onnx);
  const onnx = await writeOnnx(model, files.onnx, {
    graphName: FEASIBILITY_ENGINE,
    modelVersion: version,
    docString: 'Probability that a production order finishes by its due date.',
    metadata: { engine: FEASIBILITY_ENGINE, version: String(version), seed: String(options.seed) },
  });
  emit({ kind: 'exported', file: files.onnx, bytes: onnx.bytes });
  await writeFile(files.trees, JSON.stringify(model));

  // The API serves the ONNX file and explains with the trees: check they agree before publishing.
  const session = await loadOnnxSession(files.onnx, { sha256: onnx.sha256 });
  const onnxPredictions = await runProbability(session, heldOutRows);
  await releaseOnnxSession(files.onnx);
  let maxRelativeError = 0;
  heldOutPredictions.forEach((p, i) => {
    maxRelativeError = Math.max(maxRelativeError, Math.abs(onnxPredictions[i] - p) / Math.abs(p));
  });
  if (!(maxRelativeError <= MAX_PARITY_ERROR)) {
    throw new Error(`ONNX and TypeScript predictions differ by up to ${maxRelativeError} (relative); not publishing`);
  }

  const signature = onnxSignature(model);
  const card: ModelCard = {
    engine: FEASIBILITY_ENGINE,
    version,
    id: modelId(FEASIBILITY_ENGINE, version),
    kind: 'binary',
    createdAt: new Date().toISOString(),
    seed: options.seed,
    files: { onnx: names.onnx, trees: names.trees },
    sha256: onnx.sha256,
    onnx: {
      bytes: onnx.bytes,
      irVersion: ONNX_IR_VERSION,
      opsets: { ...ONNX_OPSETS },
      input: { name: ONNX_INPUT_NAME, shape: ['N', FEATURE_NAMES.length] },
      outputs: signature.outputs.map((o) => o.name),
      inputs: signature.inputs,
    },
    features: FEATURE_NAMES.map((name) => ({
      name,
      type: 'float32',
      kind: FEASIBILITY_FEATURES[name].kind,
      description: FEASIBILITY_FEATURES[name].description,
    })),
    data: {
      source: options.dataset?.source ?? 'simulated-history',
      days,
      rows: { train: train.length, heldOut: heldOut.length },
      training: window(train),
      heldOut: window(heldOut),
    },
    algorithm: 'gradient-boosted trees, log loss, Newton leaves, histogram splits (lib/ml/gbt.ts)',
    hyperparameters: {
      ...params,
      ...(Array.isArray(options.classWeights) ? { lateWeight: options.classWeights[0], onTimeWeight: options.classWeights[1] } : {}),
    },
    trainingMs: Math.round(trainingMs),
    metrics: {
      heldOut: cardMetrics(evaluateBinary(labelsOf(heldOut), heldOutPredictions)),
      train: cardMetrics(evaluateBinary(labelsOf(train), trainPredictions)),
    },
    featureImportance: featureImportance(model),
    parity: { rows: heldOutRows.length, maxRelativeError },
    trainingProfile: trainingProfileOf(trainRows, heldOutPredictions),
  };
  await writeFile(files.card, `${JSON.stringify(card, null, 2)}\n`);

  // Last, so that a failed run never becomes the current model; and only for the engine's first model.
  const madeCurrent = (await readModelPointer(options.outDir, FEASIBILITY_ENGINE)) === null;
  const pointer = madeCurrent ? await writeModelPointer(options.outDir, FEASIBILITY_ENGINE, { version, file: names.onnx }) : null;
  return { card, files: { ...files, pointer }, madeCurrent };
}

/**
 * The training profile of a card written before profiles existed
 * (feasibility@1), rebuilt from its data source: the simulated history is a
 * function of the seed and the day count, so the same rows come back. The
 * rebuilt rows must reproduce the card's training log loss with the model's
 * trees, or the profile would describe other data and this throws.
 */
export function rebuildFeasibilityProfile(card: ModelCard, model: GbtModel): TrainingProfile {
  if (card.data.source !== 'simulated-history') throw new Error(`${card.id} was trained on ${card.data.source}, which cannot be rebuilt`);
  const totalRows = card.data.rows.train + card.data.rows.heldOut;
  const ordersPerDay = totalRows / card.data.days;
  if (!Number.isInteger(ordersPerDay)) throw new Error(`${card.id}: ${totalRows} rows over ${card.data.days} days is not a whole number of orders per day`);
  const heldOutFraction = (card.data.heldOut.toDay - card.data.heldOut.fromDay + 1) / card.data.days;
  const { train, heldOut } = splitHistory(card.seed, card.data.days, ordersPerDay, heldOutFraction);
  const trainRows = train.map((e) => e.vector);
  const heldOutRows = heldOut.map((e) => e.vector);
  const trainMetrics = evaluateBinary(labelsOf(train), trainRows.map((row) => predictProba(model, row)));
  const expected = card.metrics.train;
  if (train.length !== card.data.rows.train || !('logLoss' in expected) || Math.abs(trainMetrics.logLoss - expected.logLoss) > 1e-9) {
    throw new Error(`${card.id}: the rebuilt history does not reproduce the card's training metrics; the simulation has changed since`);
  }
  return trainingProfileOf(
    trainRows,
    heldOutRows.map((row) => predictProba(model, row)),
  );
}
