// Trains a decision engine's model, publishes it to the models folder and
// records it in the model registry (the ModelVersion table).
//   npm run train -- feasibility [--seed 42] [--days 60] [--trees 120] [--out models]
//   npm run train -- feasibility --register-only
//   npm run train -- feasibility --labels [--label-weight 5]
//   npm run train -- feasibility --truth <plant simulator truth file>
import path from 'node:path';
import { FEASIBILITY_ENGINE } from '@/lib/decisions/feasibility/engine';
import { trainFeasibilityModel, type FeasibilityDataset, type TrainFeasibilityEvent } from '@/lib/decisions/feasibility/train-feasibility-model';
import { getEnv } from '@/lib/env';
import type { LabelledDataset } from '@/lib/decisions/feasibility/labelled-dataset';
import { describeTruthErrors, plantTruthDataset, readPlantTruth } from '@/lib/decisions/feasibility/plant-truth';
import type { ModelCard, ModelMetrics } from '@/lib/ml/model-card';
import { failer, integerOption, parseCommandLine, positiveOption, usageHint, type Fail } from '@/scripts/cli-args';

interface EngineTrainer {
  description: string;
  train(options: TrainOptions): Promise<{ card: ModelCard; files: Record<string, string | null>; madeCurrent: boolean }>;
}

interface TrainOptions {
  outDir: string;
  seed: number;
  days: number;
  version?: number;
  nTrees: number;
  maxDepth: number;
  learningRate?: number;
  classWeights?: [number, number] | 'balanced';
  /** Rows other than the simulated history (--labels). */
  dataset?: FeasibilityDataset;
}

const ENGINES: Record<string, EngineTrainer> = {
  [FEASIBILITY_ENGINE]: {
    description: `probability that a production order finishes by its due date,
                     trained on the demo plant's simulated order history`,
    train: (o) =>
      trainFeasibilityModel({
        outDir: o.outDir,
        seed: o.seed,
        days: o.days,
        version: o.version,
        params: { nTrees: o.nTrees, maxDepth: o.maxDepth, ...(o.learningRate === undefined ? {} : { learningRate: o.learningRate }) },
        classWeights: o.classWeights,
        dataset: o.dataset,
        onEvent: progressPrinter(o.nTrees),
      }),
  },
};

const HELP = `Usage: npm run train -- <engine> [options]

Trains a model, writes it to the models folder and records it in the model
registry (when DATABASE_URL is set).

Engines:
${Object.entries(ENGINES)
  .map(([name, e]) => `  ${name.padEnd(18)} ${e.description}`)
  .join('\n')}

Options:
  --seed <n>              seed for the simulated history and the trainer (default 42)
  --days <n>              simulated days; the last 20 % are held out (default 60)
  --trees <n>             boosting rounds (default 120)
  --depth <n>             maximum tree depth (default 5)
  --learning-rate <x>     shrinkage per tree (default 0.1)
  --class-weights <w>     'balanced', or weights of the negative and positive class, e.g. 2,1
  --out <dir>             models folder (default models)
  --version <n>           version to write (default: one above the highest in --out);
                          an existing version is overwritten
  --labels                add people's decisions (LabelledExample rows, needs DATABASE_URL)
                          to the simulated history; each source is split by its own days
  --label-weight <x>      weight of a labelled row against a simulated one (default 5)
  --truth <file>          train on the plant simulator's recorded order outcomes instead
                          (npm run simulate -- --offline --days 60 --truth <file>);
                          the latest 20 % of its days are held out
  --register-only         train nothing: record the versions already in --out in the registry
  --no-register           do not record anything in the registry
  -h, --help              show this help

Writes <out>/<engine>@<n>.onnx, .card.json and .trees.json. The new version is
a CANDIDATE: <out>/<engine>.current.json (what the API loads) is written only
when the engine has no current model yet, and that first version is ACTIVE.
Making a later version current is a promotion, not part of training.
Registering also records any older version in --out that the registry lacks.`;

const fail: Fail = failer('train', usageHint('train'));

function classWeights(value: string | undefined): [number, number] | 'balanced' | undefined {
  if (value === undefined) return undefined;
  if (value === 'balanced') return 'balanced';
  const parts = value.split(',').map(Number);
  if (parts.length !== 2 || parts.some((w) => !Number.isFinite(w) || w <= 0)) {
    fail(`--class-weights must be 'balanced' or two positive numbers like 2,1; got '${value}'`);
  }
  return [parts[0], parts[1]];
}

function readCommandLine() {
  return parseCommandLine(
    {
      allowPositionals: true,
      options: {
        seed: { type: 'string' },
        days: { type: 'string' },
        trees: { type: 'string' },
        depth: { type: 'string' },
        'learning-rate': { type: 'string' },
        'class-weights': { type: 'string' },
        out: { type: 'string' },
        version: { type: 'string' },
        labels: { type: 'boolean' },
        'label-weight': { type: 'string' },
        truth: { type: 'string' },
        'register-only': { type: 'boolean' },
        'no-register': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    },
    fail,
  );
}

const fixed = (value: number | null | undefined, digits = 4) => (value === null || value === undefined ? '—' : value.toFixed(digits));

function metricsTable(heldOut: ModelMetrics, train: ModelMetrics): void {
  const both = <T,>(pick: (m: ModelMetrics) => T) => ({ train: pick(train), 'held-out': pick(heldOut) });
  if (heldOut.kind === 'multiclass' && train.kind === 'multiclass') {
    console.table({
      rows: both((m) => m.rows),
      accuracy: both((m) => (m.kind === 'multiclass' ? fixed(m.accuracy) : '—')),
      'macro-F1': both((m) => (m.kind === 'multiclass' ? fixed(m.macroF1) : '—')),
      'log loss': both((m) => (m.kind === 'multiclass' ? fixed(m.logLoss) : '—')),
    });
    console.log('Held-out per class:');
    console.table(heldOut.perClass.map((c) => ({ class: c.class, support: c.support, precision: fixed(c.precision, 3), recall: fixed(c.recall, 3), F1: fixed(c.f1, 3) })));
    return;
  }
  if (heldOut.kind === 'regression' && train.kind === 'regression') {
    console.table({
      rows: both((m) => m.rows),
      MAE: both((m) => (m.kind === 'regression' ? fixed(m.mae) : '—')),
      'naive MAE': both((m) => (m.kind === 'regression' ? fixed(m.naiveMae) : '—')),
      'MAE ÷ naive': both((m) => (m.kind === 'regression' ? fixed(m.maeRatio, 3) : '—')),
      RMSE: both((m) => (m.kind === 'regression' ? fixed(m.rmse) : '—')),
    });
    return;
  }
  if (heldOut.kind !== undefined && heldOut.kind !== 'binary') return;
  if (train.kind !== undefined && train.kind !== 'binary') return;
  console.table({
    rows: { train: train.rows, 'held-out': heldOut.rows },
    'positive rate': { train: fixed(train.positiveRate), 'held-out': fixed(heldOut.positiveRate) },
    AUC: { train: fixed(train.auc), 'held-out': fixed(heldOut.auc) },
    'log loss': { train: fixed(train.logLoss), 'held-out': fixed(heldOut.logLoss) },
    Brier: { train: fixed(train.brier), 'held-out': fixed(heldOut.brier) },
    'accuracy @0.5': { train: fixed(train.accuracy), 'held-out': fixed(heldOut.accuracy) },
  });
  console.log('Held-out calibration (predicted → observed):');
  console.table(
    heldOut.calibration.map((bin) => ({
      bin: `${bin.lower.toFixed(1)}–${bin.upper.toFixed(1)}`,
      count: bin.count,
      predicted: fixed(bin.meanPredicted, 3),
      observed: fixed(bin.observedRate, 3),
    })),
  );
}

function printSummary(card: ModelCard, files: Record<string, string | null>, madeCurrent: boolean, totalMs: number): void {
  console.log(`\n${card.id}  (seed ${card.seed}, ${card.data.days} days, trained in ${(card.trainingMs / 1000).toFixed(2)} s, total ${(totalMs / 1000).toFixed(2)} s)`);
  console.log(`training days ${card.data.training.fromDay}–${card.data.training.toDay}, held-out days ${card.data.heldOut.fromDay}–${card.data.heldOut.toDay}\n`);
  metricsTable(card.metrics.heldOut, card.metrics.train);
  console.log('Top features by gain:');
  console.table(
    card.featureImportance.slice(0, 6).map((f) => ({ feature: f.feature, 'gain share': fixed(f.gainShare, 3), splits: f.splits })),
  );
  console.log(`ONNX vs TypeScript on ${card.parity.rows} held-out rows: max relative error ${card.parity.maxRelativeError.toExponential(2)}`);
  console.log(`ONNX ${card.onnx.bytes.toLocaleString('en-US')} bytes, sha256 ${card.sha256}`);
  for (const file of Object.values(files)) if (file) console.log(`  wrote ${path.relative(process.cwd(), file)}`);
  console.log(
    madeCurrent
      ? `${card.id} is the engine's first model: it is now current (${card.engine}.current.json).`
      : `${card.id} is a candidate; the current model is unchanged.`,
  );
}

function progressPrinter(nTrees: number) {
  const every = Math.max(1, Math.round(nTrees / 10));
  return (event: TrainFeasibilityEvent) => {
    switch (event.kind) {
      case 'history':
        console.log(
          `${event.rows.toLocaleString('en-US')} orders in ${event.ms.toFixed(0)} ms: ` +
            `${event.trainRows} for training (days < ${event.cutoffDay}), ${event.heldOutRows} held out`,
        );
        break;
      case 'tree':
        if (event.tree % every === 0 || event.tree === event.nTrees) {
          console.log(
            `  tree ${String(event.tree).padStart(4)}/${event.nTrees}  train loss ${event.trainLoss.toFixed(4)}  ${(event.elapsedMs / 1000).toFixed(2)} s`,
          );
        }
        break;
      case 'trained':
        console.log(`Trained in ${(event.ms / 1000).toFixed(2)} s`);
        break;
      case 'exported':
        console.log(`Exported ${path.relative(process.cwd(), event.file)} (${event.bytes.toLocaleString('en-US')} bytes)`);
        break;
    }
  };
}

async function syncRegistry(engine: string, modelsDir: string): Promise<void> {
  // Loaded here so that training without a database never touches the database modules.
  const { syncModelRegistry } = await import('@/lib/models/sync-model-registry');
  const { db } = await import('@/lib/db');
  try {
    const synced = await syncModelRegistry({ engine, modelsDir, actor: { actorType: 'SYSTEM', actorName: 'npm run train' } });
    console.log(`\nRegistry: ${synced.length} version(s) of ${engine} in ${path.relative(process.cwd(), modelsDir) || '.'}`);
    console.table(
      synced.map((v) => ({
        version: v.modelId,
        status: v.status,
        registry: v.created ? 'registered now' : 'already registered',
        'drift profile': v.profile === 'card' ? 'from card' : v.profile === 'rebuilt' ? 'rebuilt from data' : 'none',
        ...(v.note ? { note: v.note } : {}),
      })),
    );
  } finally {
    await db.$disconnect();
  }
}

function labelCounts(dataset: LabelledDataset): string {
  const c = dataset.counts;
  return (
    `Labelled rows: ${c.used} used of ${c.labelled} (weight ${dataset.labelWeight}; ${c.labelledTrain} train, ${c.labelledHeldOut} held out, ` +
    `${c.labelDays} day(s), ${c.positiveLabels} releasable); skipped ${c.skippedMissingFeatures} without features, ${c.skippedDuplicate} observed rows of decided recommendations`
  );
}

/** --truth: the plant simulator's order outcomes; a file with bad lines is refused, with their line numbers. */
async function readTruthDataset(engine: string, file: string): Promise<FeasibilityDataset> {
  if (engine !== FEASIBILITY_ENGINE) fail(`--truth is not available for ${engine}`);
  const truth = await readPlantTruth(file).catch((error: unknown) => fail(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`));
  if (truth.errors.length > 0) fail(describeTruthErrors(file, truth.errors));
  if (truth.examples.length === 0) fail(`${file} holds no order outcomes`);
  const late = truth.examples.filter((e) => e.label === 0).length;
  console.log(`Read ${file}: ${truth.examples.length.toLocaleString('en-US')} order outcomes (${late} late) over ${new Set(truth.examples.map((e) => e.day)).size} days`);
  return plantTruthDataset(truth);
}

/** --labels: people's decisions on top of the simulated history, with the counts of what was used. */
async function readLabelledDataset(engine: string, databaseUrl: string | undefined, options: { seed: number; days: number; labelWeight?: number }): Promise<LabelledDataset> {
  if (engine !== FEASIBILITY_ENGINE) fail(`--labels is not available for ${engine}`);
  if (!databaseUrl) fail('--labels needs DATABASE_URL (labelled examples are a database table)');
  // Loaded here so that training without --labels never touches the database modules.
  const { buildLabelledDataset } = await import('@/lib/decisions/feasibility/labelled-dataset');
  const { db } = await import('@/lib/db');
  console.log('Reading labelled examples…');
  let dataset: LabelledDataset;
  try {
    dataset = await buildLabelledDataset(options);
  } catch (error) {
    await db.$disconnect();
    throw error;
  }
  const c = dataset.counts;
  console.log(`${labelCounts(dataset)}; ${c.simulated.toLocaleString('en-US')} simulated rows`);
  if (c.labelDays < 2 && c.used > 0) console.log('  Labels span one day: all of them train, none is held out.');
  if (c.used === 0) fail('no usable labelled examples: decide some recommendations first, or train without --labels');
  return dataset;
}

async function main(): Promise<void> {
  const { values, positionals } = readCommandLine();
  if (values.help) {
    console.log(HELP);
    return;
  }
  const [engine, ...extra] = positionals;
  const names = Object.keys(ENGINES);
  if (!engine) fail(`name an engine: ${names.join(', ')}`);
  const trainer = ENGINES[engine];
  if (!trainer) fail(`unknown engine '${engine}'; known engines: ${names.join(', ')}`);
  if (extra.length > 0) fail(`unexpected arguments: ${extra.join(' ')}`);
  if (values['register-only'] && values['no-register']) fail('--register-only and --no-register contradict each other');

  const outDir = path.resolve(values.out ?? 'models');
  const register = !values['no-register'];
  const databaseUrl = getEnv().DATABASE_URL;

  if (!values['register-only']) {
    const seed = integerOption(fail, 'seed', values.seed, 42, 0);
    const days = integerOption(fail, 'days', values.days, 60, 2);
    const nTrees = integerOption(fail, 'trees', values.trees, 120, 1);
    const maxDepth = integerOption(fail, 'depth', values.depth, 5, 1);
    const learningRate = positiveOption(fail, 'learning-rate', values['learning-rate']);
    const weights = classWeights(values['class-weights']);
    const version = values.version === undefined ? undefined : integerOption(fail, 'version', values.version, 1, 1);
    const labelWeight = positiveOption(fail, 'label-weight', values['label-weight']);
    if (labelWeight !== undefined && !values.labels) fail('--label-weight goes with --labels');
    if (values.truth && values.labels) fail('--truth and --labels are different sources; use one');
    const dataset = values.labels ? await readLabelledDataset(engine, databaseUrl, { seed, days, labelWeight }) : undefined;
    const truth = values.truth ? await readTruthDataset(engine, values.truth) : undefined;

    const started = performance.now();
    console.log(`Training ${engine}: seed ${seed}, ${truth ? `plant truth ${values.truth}` : `${days} days`}, ${nTrees} trees of depth ≤ ${maxDepth} → ${outDir}`);
    const { card, files, madeCurrent } = await trainer.train({ outDir, seed, days, version, nTrees, maxDepth, learningRate, classWeights: weights, dataset: dataset ?? truth });
    printSummary(card, files, madeCurrent, performance.now() - started);
    if (dataset) console.log(labelCounts(dataset));
    // The registry sync below closes the connection --labels opened; without it, close it here.
    if (dataset && !register) await (await import('@/lib/db')).db.$disconnect();
  }

  if (!register) {
    console.log('\nNot recorded in the registry (--no-register).');
  } else if (!databaseUrl) {
    if (values['register-only']) fail('--register-only needs DATABASE_URL (the registry is a database table)');
    console.log('\nNot recorded in the registry: DATABASE_URL is not set. Run `npm run train -- ' + engine + ' --register-only` with it set.');
  } else {
    await syncRegistry(engine, outDir);
  }
}

main().catch((error: unknown) => {
  console.error(`train: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
