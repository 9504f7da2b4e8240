// Scores model versions on recorded ground truth they were not trained on.
//   npm run evaluate -- feasibility --truth <file> [--version N | --all] [--held-out 0.2]
import path from 'node:path';
import { FEASIBILITY_ENGINE } from '@/lib/decisions/feasibility/engine';
import { describeTruthErrors, readPlantTruth } from '@/lib/decisions/feasibility/plant-truth';
import { scoreHeldOutDays, type HeldOutScores } from '@/lib/decisions/feasibility/score-held-out-days';
import { getEnv } from '@/lib/env';
import type { BinaryMetrics } from '@/lib/ml/metrics';
import { failer, integerOption, parseCommandLine, usageHint, type Fail } from '@/scripts/cli-args';

const HELP = `Usage: npm run evaluate -- <engine> --truth <file> [options]

Scores model versions on the held-out days of recorded ground truth: the
latest days of the file (a time-based split, as in training), run through each
version's ONNX file the way the API serves it.

Engines:
  ${FEASIBILITY_ENGINE.padEnd(18)} on-time probability of production orders; the truth is the
                     plant simulator's: npm run simulate -- --offline --days 60 --truth <file>

Options:
  --truth <file>      the ground truth, JSON lines (required)
  --version <n>       score this version (default: the current one)
  --all               score every version in the models folder
  --held-out <x>      share of the latest days scored, between 0 and 1 (default 0.2)
  --models <dir>      models folder (default MODELS_DIR, models)
  -h, --help          show this help

Prints, per version: rows and days scored, the base rate, AUC, log loss, Brier
score, accuracy at 0.5, the calibration bins, and how far the trees file is from
the ONNX graph. The constant forecast of the training days' base rate and the
AUC of the slack ratio alone are shown for reference. Exits 1 when the truth file has bad lines (listed with their
line numbers) or a model cannot be loaded.`;

const fail: Fail = failer('evaluate');

function readCommandLine() {
  return parseCommandLine(
    {
      allowPositionals: true,
      options: {
        truth: { type: 'string' },
        version: { type: 'string' },
        all: { type: 'boolean' },
        'held-out': { type: 'string' },
        models: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    },
    fail,
    usageHint('evaluate'),
  );
}

const fixed = (value: number | null, digits = 4) => (value === null || Number.isNaN(value) ? '—' : value.toFixed(digits));

function metricsTable(scores: HeldOutScores): void {
  const columns: [string, BinaryMetrics, Record<string, string>][] = scores.versions.map((v) => [
    `${v.id}${v.current ? ' (current)' : ''}`,
    v.metrics,
    {
      'trained on': v.source,
      'its own held-out AUC': v.card.metrics.heldOut.kind === undefined || v.card.metrics.heldOut.kind === 'binary' ? fixed(v.card.metrics.heldOut.auc ?? null) : '—',
      'ONNX vs trees, max |Δp|': v.treesMaxDifference.toExponential(1),
    },
  ]);
  columns.push([`constant ${fixed(scores.split.trainBaseRate, 3)}`, scores.constant, { 'trained on': 'training days’ base rate', 'its own held-out AUC': '—', 'ONNX vs trees, max |Δp|': '—' }]);
  const row = (pick: (m: BinaryMetrics) => string) => Object.fromEntries(columns.map(([name, m]) => [name, pick(m)]));
  const extra = (key: string) => Object.fromEntries(columns.map(([name, , e]) => [name, e[key]]));
  console.table({
    rows: row((m) => String(m.rows)),
    days: row(() => String(scores.split.heldOutDays)),
    'base rate (on time)': row((m) => fixed(m.positiveRate)),
    'mean predicted': row((m) => fixed(m.meanPredicted)),
    AUC: row((m) => fixed(m.auc)),
    'log loss': row((m) => fixed(m.logLoss)),
    Brier: row((m) => fixed(m.brier)),
    'accuracy @0.5': row((m) => fixed(m.accuracy)),
    'trained on': extra('trained on'),
    'its own held-out AUC': extra('its own held-out AUC'),
    'ONNX vs trees, max |Δp|': extra('ONNX vs trees, max |Δp|'),
  });
  for (const v of scores.versions) {
    console.log(`Calibration of ${v.id} (predicted → observed on-time share):`);
    console.table(
      v.metrics.calibration.map((bin) => ({
        bin: `${bin.lower.toFixed(1)}–${bin.upper.toFixed(1)}`,
        rows: bin.count,
        predicted: fixed(bin.meanPredicted, 3),
        observed: fixed(bin.observedRate, 3),
      })),
    );
  }
}

async function main(): Promise<void> {
  const { values, positionals } = readCommandLine();
  if (values.help) {
    console.log(HELP);
    return;
  }
  const [engine, ...extra] = positionals;
  if (engine !== FEASIBILITY_ENGINE) fail(engine ? `unknown engine '${engine}'; known engines: ${FEASIBILITY_ENGINE}` : `name an engine: ${FEASIBILITY_ENGINE}`);
  if (extra.length > 0) fail(`unexpected arguments: ${extra.join(' ')}`);
  if (!values.truth) fail('--truth <file> is required');
  if (values.all && values.version !== undefined) fail('--version and --all contradict each other');
  const version = values.version === undefined ? undefined : integerOption(fail, 'version', values.version, 1, 1);
  const heldOut = values['held-out'] === undefined ? 0.2 : Number(values['held-out']);
  if (!(heldOut > 0 && heldOut < 1)) fail(`--held-out must be between 0 and 1, got '${values['held-out']}'`);
  const modelsDir = path.resolve(values.models ?? getEnv().MODELS_DIR);

  const started = performance.now();
  const file = values.truth;
  const truth = await readPlantTruth(file).catch((error: unknown) => fail(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`));
  if (truth.errors.length > 0) fail(describeTruthErrors(values.truth, truth.errors));
  if (truth.examples.length === 0) fail(`${values.truth} holds no order outcomes (${truth.otherIncidents} other incidents)`);
  const late = truth.examples.filter((e) => e.label === 0).length;
  console.log(
    `Read ${values.truth}: ${truth.examples.length.toLocaleString('en-US')} order outcomes (${late} late), ` +
      `${truth.otherIncidents.toLocaleString('en-US')} other incidents passed over`,
  );

  const scores = await scoreHeldOutDays({
    modelsDir,
    examples: truth.examples,
    heldOutFraction: heldOut,
    versions: values.all ? 'all' : version !== undefined ? [version] : 'current',
  });
  const s = scores.split;
  console.log(
    `${s.days} days: training days 0–${s.cutoffDay - 1} (${s.trainRows} rows, not scored), ` +
      `held-out days ${s.cutoffDay}–${s.days - 1} (${s.heldOutRows} rows, ${s.heldOut.from} … ${s.heldOut.to})`,
  );
  console.log(`Models from ${path.relative(process.cwd(), modelsDir) || '.'}, scored with ONNX (onnxruntime-web)\n`);
  metricsTable(scores);
  console.log(`For reference, the slack ratio alone (no model) ranks these rows with AUC ${fixed(scores.slackRatioAuc)}.`);
  const best = [...scores.versions].sort((a, b) => b.metrics.auc - a.metrics.auc)[0];
  console.log(`\nScored ${scores.versions.length} version(s) on ${s.heldOutRows} held-out rows in ${((performance.now() - started) / 1000).toFixed(1)} s; best AUC ${fixed(best.metrics.auc)} (${best.id}).`);
}

main().catch((error: unknown) => {
  console.error(`evaluate: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
