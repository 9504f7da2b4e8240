// Trains the feasibility model on the simulated history and publishes it to the
// models folder: .onnx, model card, trees as JSON, then the current pointer.
// The split is by day, not by row: the model is judged on later days it never
// saw, the way it will be used.
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FEASIBILITY_ENGINE } from '@/lib/decisions/feasibility/engine';
import { FEATURE_NAMES, toFeatureVector, type FeatureName } from '@/lib/decisions/feasibility/features';
import {
  DEFAULT_ORDERS_PER_DAY,
  generateSimulatedHistory,
  type SimulatedOrder,
} from '@/lib/decisions/feasibility/simulated-history';
import { DEFAULT_GBT_PARAMS, featureImportance, predictProba, trainGbt, type GbtParams } from '@/lib/ml/gbt';
import { evaluateBinary, type BinaryMetrics } from '@/lib/ml/metrics';
import { modelFileNames, modelId, pointerFileName, type ModelCard, type ModelPointer } from '@/lib/ml/model-card';
import { writeGbtOnnx } from '@/lib/ml/onnx-export';
import { ONNX_INPUT_NAME, ONNX_LOGIT_OUTPUT, ONNX_PROBABILITY_OUTPUT } from '@/lib/ml/onnx-io-names';
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

const FEATURE_DESCRIPTIONS: Record<FeatureName, { kind: 'continuous' | 'count' | 'binary'; description: string }> = {
  quantity: { kind: 'continuous', description: 'Order quantity, base units.' },
  planned_hours: { kind: 'continuous', description: 'quantity ÷ (rate × OEE), hours.' },
  slack_hours: { kind: 'continuous', description: 'Hours from now to the due date.' },
  slack_ratio: { kind: 'continuous', description: 'slack ÷ (planned + queue hours).' },
  queue_hours: { kind: 'continuous', description: 'Planned hours queued ahead at the work center.' },
  wip_orders: { kind: 'count', description: 'Released or started orders at the work center.' },
  oee: { kind: 'continuous', description: 'Reported OEE, default 0.75 when unknown.' },
  machine_down: { kind: 'binary', description: '1 when DOWN or MAINTENANCE.' },
  hours_until_up: { kind: 'continuous', description: 'Expected hours until up when down, 24 when unknown, else 0.' },
  operators_on_shift: { kind: 'count', description: 'Certified operators on shift.' },
  operators_rostered: { kind: 'count', description: 'Certified operators rostered.' },
  stock_cover: { kind: 'continuous', description: 'Min component cover by all stock, capped at 5.' },
  lineside_cover: { kind: 'continuous', description: 'Min component cover by line-side stock, capped at 5.' },
};

export interface TrainFeasibilityOptions {
  outDir: string;
  seed: number;
  days: number;
  ordersPerDay?: number;
  /** Share of the latest days held out for evaluation. */
  heldOutFraction?: number;
  /** Defaults to one above the highest version in outDir. */
  version?: number;
  params?: Partial<GbtParams>;
  onEvent?: (event: TrainFeasibilityEvent) => void;
}

export type TrainFeasibilityEvent =
  | { kind: 'history'; rows: number; trainRows: number; heldOutRows: number; cutoffDay: number; ms: number }
  | { kind: 'tree'; tree: number; nTrees: number; trainLogLoss: number; elapsedMs: number }
  | { kind: 'trained'; ms: number }
  | { kind: 'exported'; file: string; bytes: number };

export interface TrainFeasibilityResult {
  card: ModelCard;
  files: { onnx: string; card: string; trees: string; pointer: string };
}

async function nextVersion(outDir: string): Promise<number> {
  const pattern = new RegExp(`^${FEASIBILITY_ENGINE}@(\\d+)\\.card\\.json$`);
  const names = await readdir(outDir).catch(() => [] as string[]);
  const versions = names.map((name) => pattern.exec(name)?.[1]).filter((v) => v !== undefined).map(Number);
  return versions.length === 0 ? 1 : Math.max(...versions) + 1;
}

function labelsOf(orders: SimulatedOrder[]): number[] {
  return orders.map((o) => (o.onTime ? 1 : 0));
}

function window(orders: SimulatedOrder[]) {
  const first = orders[0];
  const last = orders[orders.length - 1];
  return {
    fromDay: first.day,
    toDay: last.day,
    from: first.input.now.toISOString(),
    to: last.input.now.toISOString(),
    rows: orders.length,
  };
}

/** JSON has no NaN: an undefined AUC (one class only) is written as null. */
function cardMetrics(metrics: BinaryMetrics): ModelCard['metrics']['heldOut'] {
  return { ...metrics, auc: Number.isNaN(metrics.auc) ? null : metrics.auc };
}

export async function trainFeasibilityModel(options: TrainFeasibilityOptions): Promise<TrainFeasibilityResult> {
  const emit = options.onEvent ?? (() => {});
  const heldOutFraction = options.heldOutFraction ?? 0.2;
  const ordersPerDay = options.ordersPerDay ?? DEFAULT_ORDERS_PER_DAY;
  if (options.days < 2) throw new Error('Need at least 2 simulated days: one to train on, one to hold out');

  const generateStart = performance.now();
  const history = generateSimulatedHistory({ seed: options.seed, days: options.days, ordersPerDay });
  const heldOutDays = Math.min(Math.max(1, Math.round(options.days * heldOutFraction)), options.days - 1);
  const cutoffDay = options.days - heldOutDays;
  const train = history.filter((o) => o.day < cutoffDay);
  const heldOut = history.filter((o) => o.day >= cutoffDay);
  emit({
    kind: 'history',
    rows: history.length,
    trainRows: train.length,
    heldOutRows: heldOut.length,
    cutoffDay,
    ms: performance.now() - generateStart,
  });

  const trainRows = train.map((o) => toFeatureVector(o.input));
  const heldOutRows = heldOut.map((o) => toFeatureVector(o.input));
  const params: GbtParams = { ...FEASIBILITY_GBT_PARAMS, seed: options.seed, ...options.params };

  const trainStart = performance.now();
  const model = trainGbt(
    trainRows,
    labelsOf(train),
    { ...params, featureNames: [...FEATURE_NAMES] },
    {
      onProgress: (p) => emit({ kind: 'tree', ...p, elapsedMs: performance.now() - trainStart }),
    },
  );
  const trainingMs = performance.now() - trainStart;
  emit({ kind: 'trained', ms: trainingMs });

  const heldOutPredictions = heldOutRows.map((row) => predictProba(model, row));
  const trainPredictions = trainRows.map((row) => predictProba(model, row));

  const version = options.version ?? (await nextVersion(options.outDir));
  const names = modelFileNames(FEASIBILITY_ENGINE, version);
  const files = {
    onnx: path.join(options.outDir, names.onnx),
    card: path.join(options.outDir, names.card),
    trees: path.join(options.outDir, names.trees),
    pointer: path.join(options.outDir, pointerFileName(FEASIBILITY_ENGINE)),
  };
  await mkdir(options.outDir, { recursive: true });

  // A session cached from an earlier file at this path would hide the new one.
  await releaseOnnxSession(files.onnx);
  const onnx = await writeGbtOnnx(model, files.onnx, {
    graphName: FEASIBILITY_ENGINE,
    modelVersion: version,
    docString: 'Probability that a production order finishes by its due date.',
    metadata: { engine: FEASIBILITY_ENGINE, version: String(version), seed: String(options.seed) },
  });
  emit({ kind: 'exported', file: files.onnx, bytes: onnx.bytes });
  await writeFile(files.trees, JSON.stringify(model));

  // The API serves the ONNX file and tests compare it with the trees: check they agree before publishing.
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

  const card: ModelCard = {
    engine: FEASIBILITY_ENGINE,
    version,
    id: modelId(FEASIBILITY_ENGINE, version),
    createdAt: new Date().toISOString(),
    seed: options.seed,
    files: { onnx: names.onnx, trees: names.trees },
    sha256: onnx.sha256,
    onnx: {
      bytes: onnx.bytes,
      irVersion: 8,
      opsets: { '': 17, 'ai.onnx.ml': 3 },
      input: { name: ONNX_INPUT_NAME, shape: ['N', FEATURE_NAMES.length] },
      outputs: [ONNX_LOGIT_OUTPUT, ONNX_PROBABILITY_OUTPUT],
    },
    features: FEATURE_NAMES.map((name) => ({ name, type: 'float32', ...FEATURE_DESCRIPTIONS[name] })),
    data: {
      source: 'simulated-history',
      days: options.days,
      rows: { train: train.length, heldOut: heldOut.length },
      training: window(train),
      heldOut: window(heldOut),
    },
    algorithm: 'gradient-boosted trees, log loss, Newton leaves, histogram splits (lib/ml/gbt.ts)',
    hyperparameters: { ...params },
    trainingMs: Math.round(trainingMs),
    metrics: {
      heldOut: cardMetrics(evaluateBinary(labelsOf(heldOut), heldOutPredictions)),
      train: cardMetrics(evaluateBinary(labelsOf(train), trainPredictions)),
    },
    featureImportance: featureImportance(model),
    parity: { rows: heldOutRows.length, maxRelativeError },
  };
  await writeFile(files.card, `${JSON.stringify(card, null, 2)}\n`);

  // Last, so that a failed run never becomes the current model.
  const pointer: ModelPointer = { version, file: names.onnx };
  await writeFile(files.pointer, `${JSON.stringify(pointer, null, 2)}\n`);
  return { card, files };
}

