// Scoring speed of every model in the models folder, in one run so the
// numbers compare: onnxruntime-web (what the API uses), onnxruntime-node and a
// plain TypeScript walk of the same trees; then one event through the
// feasibility engine's scoring path without HTTP or the database.
//   npm run bench:score [-- --models models --calls 3000 --batches 200]
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { FEASIBILITY_ENGINE } from '@/lib/decisions/feasibility/engine';
import { evaluateFeasibility, featureInputOf, type FloorSnapshot } from '@/lib/decisions/feasibility/evaluate-feasibility';
import { FEATURE_NAMES, toFeatureVector } from '@/lib/decisions/feasibility/features';
import { getFeasibilityModel, getFeasibilityModelVersion } from '@/lib/decisions/feasibility/model';
import { generateSimulatedHistory } from '@/lib/decisions/feasibility/simulated-history';
import { predictRawScores, softmax, sigmoid, type AnyGbtModel } from '@/lib/ml/gbt';
import { listModelCards, type CardFile } from '@/lib/ml/model-files';
import { runOnnxOutputs, type OrtModule, type OrtSession } from '@/lib/ml/onnx-run';
import { createRandom } from '@/lib/ml/random';

const HELP = `Usage: npm run bench:score [-- options]

For each model card in the models folder, times scoring in three engines in
the same process: onnxruntime-web (WebAssembly, what the API runs),
onnxruntime-node (native) and TypeScript evaluation of the same trees:
batch-1 latency (median and p99 of single calls) and batch throughput.
Then the feasibility engine's scoring path for one event (features, model,
rules, explanation) without HTTP or the database.

Options:
  --models <dir>     models folder (default models)
  --calls <n>        timed batch-1 calls per engine (default 3000)
  --batches <n>      timed batches per engine (default 200)
  --batch-size <n>   rows per batch (default 256)
  -h, --help         show this help

Machines vary 10–25 % run to run: compare the ratios, not single figures.`;

function fail(message: string): never {
  console.error(`bench:score: ${message}\n\nRun \`npm run bench:score -- --help\` for usage.`);
  process.exit(1);
}

function positiveInteger(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) fail(`--${name} must be a positive integer, got '${value}'`);
  return n;
}

interface Timing {
  medianUs: number;
  p99Us: number;
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function timeCalls(calls: number, run: (i: number) => unknown): Promise<Timing> {
  const warmup = Math.min(500, calls);
  for (let i = 0; i < warmup; i++) await run(i);
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    await run(i);
    times.push((performance.now() - started) * 1000);
  }
  times.sort((a, b) => a - b);
  return { medianUs: quantile(times, 0.5), p99Us: quantile(times, 0.99) };
}

/** Rows a model might see: the simulated plant for feasibility, standard normals otherwise. */
function benchRows(card: CardFile['card'], n: number): number[][] {
  if (card.engine === FEASIBILITY_ENGINE) {
    const days = Math.ceil(n / 170) + 1;
    return generateSimulatedHistory({ seed: 9001, days }).slice(0, n).map((o) => toFeatureVector(o.input));
  }
  const random = createRandom(9001);
  return Array.from({ length: n }, () => card.features.map(() => random.normal()));
}

/** The TypeScript twin of the graph's last output: what a caller would get. */
function typescriptScore(model: AnyGbtModel, row: readonly number[]): number[] {
  const raw = predictRawScores(model, row);
  if (model.format === 'interlock-gbt@1') return [sigmoid(raw[0])];
  if (model.format === 'interlock-gbt-multiclass@1') return softmax(raw);
  return raw;
}

interface EngineResult {
  engine: string;
  batch1: Timing;
  /** Median time of one batch, ms. */
  batchMs: number;
  rowsPerSecond: number;
}

async function benchOnnx(label: string, ort: OrtModule, session: OrtSession, output: string, rows: number[][], calls: number, batches: number, batchSize: number): Promise<EngineResult> {
  process.stdout.write(`  ${label}: batch-1 …`);
  const batch1 = await timeCalls(calls, (i) => runOnnxOutputs(ort, session, { numeric: [rows[i % rows.length]] }, [output]));
  process.stdout.write(` batch-${batchSize} …`);
  const batch = rows.slice(0, batchSize);
  const batchTiming = await timeCalls(batches, () => runOnnxOutputs(ort, session, { numeric: batch }, [output]));
  console.log(' done');
  return { engine: label, batch1, batchMs: batchTiming.medianUs / 1000, rowsPerSecond: (batchSize / batchTiming.medianUs) * 1e6 };
}

async function benchTypescript(model: AnyGbtModel, rows: number[][], calls: number, batches: number, batchSize: number): Promise<EngineResult> {
  process.stdout.write('  TypeScript trees: batch-1 …');
  const batch1 = await timeCalls(calls, (i) => typescriptScore(model, rows[i % rows.length]));
  process.stdout.write(` batch-${batchSize} …`);
  const batch = rows.slice(0, batchSize);
  const batchTiming = await timeCalls(batches, () => batch.map((row) => typescriptScore(model, row)));
  console.log(' done');
  return { engine: 'TypeScript trees', batch1, batchMs: batchTiming.medianUs / 1000, rowsPerSecond: (batchSize / batchTiming.medianUs) * 1e6 };
}

const us = (v: number) => (v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0));

function printResults(id: string, results: EngineResult[], batchSize: number): void {
  console.log(`\n${id}`);
  console.table(
    Object.fromEntries(
      results.map((r) => [
        r.engine,
        {
          'batch-1 median µs': us(r.batch1.medianUs),
          'batch-1 p99 µs': us(r.batch1.p99Us),
          [`batch-${batchSize} ms`]: r.batchMs.toFixed(3),
          'rows/s': Math.round(r.rowsPerSecond).toLocaleString('en-US'),
        },
      ]),
    ),
  );
  const [web, node, ts] = results;
  console.log('Ratios (higher = the first is slower):');
  console.table({
    'web ÷ node': { 'batch-1 median': (web.batch1.medianUs / node.batch1.medianUs).toFixed(2), [`batch-${batchSize}`]: (web.batchMs / node.batchMs).toFixed(2) },
    'web ÷ TypeScript': { 'batch-1 median': (web.batch1.medianUs / ts.batch1.medianUs).toFixed(2), [`batch-${batchSize}`]: (web.batchMs / ts.batchMs).toFixed(2) },
    'node ÷ TypeScript': { 'batch-1 median': (node.batch1.medianUs / ts.batch1.medianUs).toFixed(2), [`batch-${batchSize}`]: (node.batchMs / ts.batchMs).toFixed(2) },
  });
}

/** A plausible floor for a simulated order: what loadFloorSnapshot would read from the database. */
function snapshotOf(input: ReturnType<typeof generateSimulatedHistory>[number]['input'], i: number): FloorSnapshot {
  const down = input.machineState === 'DOWN' || input.machineState === 'MAINTENANCE';
  return {
    now: input.now,
    order: { orderId: `BENCH-${i}`, siteId: '1710', material: 'VALVE-ASSY-55', materialKnown: true, quantity: input.quantity, dueDate: input.dueDate, workCenter: 'WC-ASSY-05', requiredSkill: 'TORQUE_CERT' },
    workCenter: {
      code: 'WC-ASSY-05',
      lineCode: 'L1',
      ratePerHour: input.ratePerHour,
      state: input.machineState,
      reason: down ? 'bench' : null,
      expectedUpAt: down && input.hoursUntilUp !== null ? new Date(input.now.getTime() + input.hoursUntilUp * 3_600_000) : null,
      oee: input.oee,
    },
    queue: { orders: input.wipOrders, hours: input.queueHours },
    operators: {
      onShift: Array.from({ length: input.certifiedOperatorsOnShift }, (_, k) => ({ operator: `OP-${k}`, skills: ['TORQUE_CERT'] })),
      // The feature counts those on shift too; the snapshot lists only the ones still to come.
      rostered: Array.from({ length: Math.max(0, input.certifiedOperatorsRostered - input.certifiedOperatorsOnShift) }, (_, k) => ({ operator: `OP-R${k}`, skills: ['TORQUE_CERT'], from: null })),
    },
    components: [
      { material: 'VLV-55', required: input.quantity, uom: 'EA', lineside: input.quantity * input.linesideCover, storage: input.quantity * (input.stockCover - input.linesideCover), receipts: [] },
    ],
  };
}

async function benchScoringPath(modelsDir: string, calls: number, versions: number[]): Promise<void> {
  console.log(`\nFeasibility scoring path for one event (snapshot → features → ONNX (web) → rules → explanation), no HTTP or database:`);
  const model = await getFeasibilityModel(modelsDir);
  // The other versions in the folder stand in for a model in shadow: scored beside the served one, as score-order-release does.
  const shadows = await Promise.all(versions.filter((v) => `${FEASIBILITY_ENGINE}@${v}` !== model.version).slice(0, 1).map((v) => getFeasibilityModelVersion(v, modelsDir)));
  const snapshots = generateSimulatedHistory({ seed: 4242, days: 12 }).map((o, i) => snapshotOf(o.input, i));
  const scoreOne = (withShadow: boolean) => async (i: number) => {
    const snapshot = snapshots[i % snapshots.length];
    const input = featureInputOf(snapshot);
    const [probability] = await model.predict([input]);
    const result = evaluateFeasibility(snapshot, probability, 0.6);
    const vector = toFeatureVector(input);
    result.evidence.features = Object.fromEntries(FEATURE_NAMES.map((n, k) => [n, Math.round(vector[k] * 1000) / 1000]));
    if (withShadow) {
      for (const shadow of shadows) {
        const [p] = await shadow.predict([input]);
        evaluateFeasibility(snapshot, p, 0.6);
      }
    }
    return model.explain(input);
  };
  const rows: Record<string, Record<string, string>> = {};
  const served = await timeCalls(calls, scoreOne(false));
  rows[model.version] = { 'median µs': us(served.medianUs), 'p99 µs': us(served.p99Us), 'p99 < 2 ms': served.p99Us < 2000 ? 'yes' : 'NO' };
  if (shadows.length > 0) {
    const both = await timeCalls(calls, scoreOne(true));
    rows[`${model.version} + ${shadows[0].version} in shadow`] = { 'median µs': us(both.medianUs), 'p99 µs': us(both.p99Us), 'p99 < 2 ms': both.p99Us < 2000 ? 'yes' : 'NO' };
  }
  console.table(rows);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        models: { type: 'string' },
        calls: { type: 'string' },
        batches: { type: 'string' },
        'batch-size': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  const { values } = parsed;
  if (values.help) {
    console.log(HELP);
    return;
  }
  const modelsDir = path.resolve(values.models ?? 'models');
  const calls = positiveInteger('calls', values.calls, 3000);
  const batches = positiveInteger('batches', values.batches, 200);
  const batchSize = positiveInteger('batch-size', values['batch-size'], 256);

  // One thread each: the API runs one web session per process, and threads only add noise at batch 1.
  ortWeb.env.wasm.numThreads = 1;
  const cards = await listModelCards(modelsDir);
  if (cards.length === 0) fail(`no model cards in ${modelsDir}; train one with \`npm run train -- feasibility\``);
  console.log(`Scoring benchmark: ${cards.length} model(s) in ${path.relative(process.cwd(), modelsDir) || '.'}, ${calls} batch-1 calls and ${batches} batches of ${batchSize} per engine, Node ${process.version}`);

  for (const { card } of cards) {
    console.log(`\n${card.id}: loading ${card.files.onnx} and ${card.files.trees}`);
    const bytes = await readFile(path.join(modelsDir, card.files.onnx));
    const trees = JSON.parse(await readFile(path.join(modelsDir, card.files.trees), 'utf8')) as AnyGbtModel;
    const output = card.onnx.outputs[card.onnx.outputs.length - 1];
    const rows = benchRows(card, Math.max(batchSize, 1000));
    const web = await ortWeb.InferenceSession.create(bytes);
    const node = await ortNode.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1 });
    try {
      const results = [
        await benchOnnx('onnxruntime-web', ortWeb, web, output, rows, calls, batches, batchSize),
        await benchOnnx('onnxruntime-node', ortNode, node, output, rows, calls, batches, batchSize),
        await benchTypescript(trees, rows, calls, batches, batchSize),
      ];
      printResults(card.id, results, batchSize);
    } finally {
      await web.release();
      await node.release();
    }
  }

  if (cards.some((c) => c.card.engine === FEASIBILITY_ENGINE)) await benchScoringPath(
      modelsDir,
      calls,
      cards.filter((c) => c.card.engine === FEASIBILITY_ENGINE).map((c) => c.card.version),
    );
}

main().catch((error: unknown) => {
  console.error(`bench:score: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
