// Trains a decision engine's model and publishes it to the models folder.
//   npm run train -- feasibility [--seed 42] [--days 60] [--trees 120] [--out models]
import path from 'node:path';
import { parseArgs } from 'node:util';
import { trainFeasibilityModel, type TrainFeasibilityEvent } from '@/lib/decisions/feasibility/train-feasibility-model';
import type { ModelCard } from '@/lib/ml/model-card';

const ENGINES = ['feasibility'] as const;

const HELP = `Usage: npm run train -- <engine> [options]

Engines:
  feasibility        probability that a production order finishes by its due date,
                     trained on the demo plant's simulated order history

Options:
  --seed <n>            seed for the simulated history and the trainer (default 42)
  --days <n>            simulated days; the last 20 % are held out (default 60)
  --trees <n>           boosting rounds (default 120)
  --depth <n>           maximum tree depth (default 5)
  --learning-rate <x>   shrinkage per tree (default 0.1)
  --out <dir>           models folder (default models)
  --version <n>         version to write (default: one above the highest in --out);
                        an existing version is overwritten
  -h, --help            show this help

Writes <out>/<engine>@<n>.onnx, .card.json and .trees.json, then points
<out>/<engine>.current.json at the new version.`;

function fail(message: string): never {
  console.error(`train: ${message}\n\nRun \`npm run train -- --help\` for usage.`);
  process.exit(1);
}

function integer(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) fail(`--${name} must be an integer ≥ ${min}, got '${value}'`);
  return n;
}

function positive(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) fail(`--${name} must be a positive number, got '${value}'`);
  return n;
}

function parseCommandLine() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        seed: { type: 'string' },
        days: { type: 'string' },
        trees: { type: 'string' },
        depth: { type: 'string' },
        'learning-rate': { type: 'string' },
        out: { type: 'string' },
        version: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
}

const fixed = (value: number | null, digits = 4) => (value === null ? '—' : value.toFixed(digits));

function printSummary(card: ModelCard, files: Record<string, string>, totalMs: number): void {
  const { heldOut, train } = card.metrics;
  console.log(`\n${card.id}  (seed ${card.seed}, ${card.data.days} days, trained in ${(card.trainingMs / 1000).toFixed(2)} s, total ${(totalMs / 1000).toFixed(2)} s)`);
  console.log(`training days ${card.data.training.fromDay}–${card.data.training.toDay}, held-out days ${card.data.heldOut.fromDay}–${card.data.heldOut.toDay}\n`);
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
  console.log('Top features by gain:');
  console.table(
    card.featureImportance.slice(0, 6).map((f) => ({ feature: f.feature, 'gain share': fixed(f.gainShare, 3), splits: f.splits })),
  );
  console.log(`ONNX vs TypeScript on ${card.parity.rows} held-out rows: max relative error ${card.parity.maxRelativeError.toExponential(2)}`);
  console.log(`ONNX ${card.onnx.bytes.toLocaleString('en-US')} bytes, sha256 ${card.sha256}`);
  for (const file of Object.values(files)) console.log(`  wrote ${path.relative(process.cwd(), file)}`);
}

function progressPrinter(nTrees: number) {
  const every = Math.max(1, Math.round(nTrees / 10));
  return (event: TrainFeasibilityEvent) => {
    switch (event.kind) {
      case 'history':
        console.log(
          `Simulated ${event.rows.toLocaleString('en-US')} orders in ${event.ms.toFixed(0)} ms: ` +
            `${event.trainRows} for training (days < ${event.cutoffDay}), ${event.heldOutRows} held out`,
        );
        break;
      case 'tree':
        if (event.tree % every === 0 || event.tree === event.nTrees) {
          console.log(
            `  tree ${String(event.tree).padStart(4)}/${event.nTrees}  train log loss ${event.trainLogLoss.toFixed(4)}  ${(event.elapsedMs / 1000).toFixed(2)} s`,
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

async function main(): Promise<void> {
  const { values, positionals } = parseCommandLine();
  if (values.help) {
    console.log(HELP);
    return;
  }
  const [engine, ...extra] = positionals;
  if (!engine) fail(`name an engine: ${ENGINES.join(', ')}`);
  if (!(ENGINES as readonly string[]).includes(engine)) fail(`unknown engine '${engine}'; known engines: ${ENGINES.join(', ')}`);
  if (extra.length > 0) fail(`unexpected arguments: ${extra.join(' ')}`);

  const seed = integer('seed', values.seed, 42, 0);
  const days = integer('days', values.days, 60, 2);
  const nTrees = integer('trees', values.trees, 120, 1);
  const maxDepth = integer('depth', values.depth, 5, 1);
  const learningRate = positive('learning-rate', values['learning-rate']);
  const version = values.version === undefined ? undefined : integer('version', values.version, 1, 1);
  const outDir = path.resolve(values.out ?? 'models');

  const started = performance.now();
  console.log(`Training ${engine}: seed ${seed}, ${days} days, ${nTrees} trees of depth ≤ ${maxDepth} → ${outDir}`);
  const { card, files } = await trainFeasibilityModel({
    outDir,
    seed,
    days,
    version,
    params: { nTrees, maxDepth, ...(learningRate === undefined ? {} : { learningRate }) },
    onEvent: progressPrinter(nTrees),
  });
  printSummary(card, files, performance.now() - started);
}

main().catch((error: unknown) => {
  console.error(`train: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
