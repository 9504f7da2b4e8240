// Every model kind, exported to ONNX, must give the TypeScript evaluation's
// numbers in each runtime the project uses: onnxruntime-web as the app loads it
// under Node, onnxruntime-node (dev dependency: tests and benchmarks), and the
// browser build `onnxruntime-web/wasm` (what a page would import), loaded here
// under Node from the same bytes. Inputs are raw: numbers with missing values,
// and category strings (known, unknown and missing) that the graph encodes.
import { describe, expect, it } from 'vitest';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import {
  predictClassProba,
  predictProba,
  predictRaw,
  predictRawScores,
  predictRegression,
  trainGbt,
  trainGbtMulticlass,
  trainGbtRegression,
} from '@/lib/ml/gbt';
import { encodeRow, encodedFeatureNames, type InputSpec, type RawRow } from '@/lib/ml/input-spec';
import { predictLogistic, predictLogisticRaw, trainLogisticRegression } from '@/lib/ml/logistic-regression';
import { modelToOnnx, onnxSignature, type ExportableModel } from '@/lib/ml/onnx-export';
import { runOnnxColumn, runOnnxMatrix, type ModelInputs, type OrtModule } from '@/lib/ml/onnx-run';
import { createRandom } from '@/lib/ml/random';

const RELATIVE_TOLERANCE = 1e-5;

ortWeb.env.wasm.numThreads = 1;

// Not a static import: the browser build has no 'node' export condition, and
// loading it is part of what this test checks.
const runtimes: [string, () => Promise<OrtModule>][] = [
  ['onnxruntime-web', async () => ortWeb],
  ['onnxruntime-node', async () => ortNode],
  [
    'onnxruntime-web/wasm (browser build)',
    async () => {
      const wasm = await import('onnxruntime-web/wasm');
      wasm.env.wasm.numThreads = 1;
      return wasm;
    },
  ],
];

const spec: InputSpec = {
  numeric: ['quantity', 'slack_hours', 'oee'],
  categorical: [
    { name: 'work_center', categories: ['WC-ASSY-05', 'WC-ASSY-06', 'WC-PACK-01'], encoding: 'ordinal' },
    { name: 'shift', categories: ['EARLY', 'LATE', 'NIGHT'], encoding: 'one-hot' },
  ],
};
const featureNames = encodedFeatureNames(spec);

function rawRows(seed: number, n: number): RawRow[] {
  const random = createRandom(seed);
  return Array.from({ length: n }, () => ({
    // Doubles that are not float32 numbers, on purpose: rounding happens at the tensor boundary.
    numeric: [random.uniform(50, 1500), random.normal() * 20 + 10, random.chance(0.1) ? Number.NaN : random.uniform(0.4, 0.95)],
    // Some unknown ('WC-NEW') and missing (null) categories: the graph must handle both.
    categorical: [random.chance(0.05) ? null : random.pick(['WC-ASSY-05', 'WC-ASSY-06', 'WC-PACK-01', 'WC-NEW']), random.pick(['EARLY', 'LATE', 'NIGHT'])],
  }));
}

function outcome(row: number[], random: ReturnType<typeof createRandom>): number {
  const oee = Number.isNaN(row[2]) ? 0.7 : row[2];
  return row[1] / 10 - row[0] / 800 + 2 * oee + (row[3] === 2 ? -0.8 : 0.3) + (row[6] === 1 ? -0.7 : 0) + random.normal() * 0.7;
}

const trainRaw = rawRows(1, 3000);
const trainRows = trainRaw.map((r) => encodeRow(spec, r));
const random = createRandom(2);
const scores = trainRows.map((row) => outcome(row, random));
const binaryLabels = scores.map((z) => (z > 0 ? 1 : 0));
const classLabels = scores.map((z) => (z < -0.5 ? 0 : z < 1 ? 1 : 2));

const heldOutRaw = rawRows(3, 400);
const heldOutRows = heldOutRaw.map((r) => encodeRow(spec, r));
const inputs: ModelInputs = { numeric: heldOutRaw.map((r) => r.numeric), categorical: heldOutRaw.map((r) => r.categorical) };

interface Case {
  name: string;
  model: ExportableModel;
  output: string;
  /** The TypeScript twin of the output for one encoded row. */
  expected: (row: number[]) => number[];
  /** Raw scores, for checking that probabilities are not the only thing right. */
  rawOutput?: string;
  expectedRaw?: (row: number[]) => number[];
  /** Below this size an output is compared absolutely: a sum of float32 leaves of about this size is only exact to its ulps. */
  scale?: number;
}

const cases: Case[] = [
  {
    name: 'binary trees',
    model: trainGbt(trainRows, binaryLabels, { nTrees: 80, maxDepth: 4, featureNames, classWeights: [1, 1.5] }),
    output: 'probability',
    expected: (row) => [predictProba(cases[0].model as Parameters<typeof predictProba>[0], row)],
    rawOutput: 'logit',
    expectedRaw: (row) => [predictRaw(cases[0].model as Parameters<typeof predictRaw>[0], row)],
  },
  {
    name: 'multi-class trees (softmax)',
    model: trainGbtMulticlass(trainRows, classLabels, { nTrees: 40, maxDepth: 4, featureNames, classes: ['late', 'tight', 'easy'] }),
    output: 'probabilities',
    expected: (row) => predictClassProba(cases[1].model as Parameters<typeof predictClassProba>[0], row),
    rawOutput: 'logits',
    expectedRaw: (row) => predictRawScores(cases[1].model as Parameters<typeof predictRawScores>[0], row),
  },
  {
    name: 'regression trees (Huber)',
    model: trainGbtRegression(trainRows, scores, { nTrees: 60, maxDepth: 4, featureNames, loss: 'huber', huberDelta: 1 }),
    output: 'prediction',
    expected: (row) => [predictRegression(cases[2].model as Parameters<typeof predictRegression>[0], row)],
    // onnxruntime-node may add the trees in another order (threads): ulps of the leaves' size, not of the result.
    scale: 1,
  },
  {
    name: 'logistic regression (Imputer, Scaler, MatMul)',
    model: trainLogisticRegression(trainRows, binaryLabels, { featureNames, l2: 1 }),
    output: 'probability',
    expected: (row) => [predictLogistic(cases[3].model as Parameters<typeof predictLogistic>[0], row)],
    rawOutput: 'logit',
    expectedRaw: (row) => [predictLogisticRaw(cases[3].model as Parameters<typeof predictLogisticRaw>[0], row)],
  },
];

/** Relative error, with absolute slack near zero (a forecast of 0.001 has no meaningful relative error). */
function closeEnough(actual: number, expected: number, scale = 1e-3): boolean {
  return Math.abs(actual - expected) <= RELATIVE_TOLERANCE * Math.max(Math.abs(expected), scale);
}

describe.each(runtimes)('%s', (_name, load) => {
  it.each(cases.map((c) => [c.name, c] as const))('runs %s on raw inputs as TypeScript evaluates them', async (_caseName, c) => {
    const ort = await load();
    const session = await ort.InferenceSession.create(modelToOnnx(c.model, { input: spec }));
    try {
      expect([...session.inputNames].sort()).toEqual(['categories', 'features']);
      const actual = await runOnnxMatrix(ort, session, inputs, c.output);
      let checked = 0;
      heldOutRows.forEach((row, i) => {
        const expected = c.expected(row);
        expect(actual[i]).toHaveLength(expected.length);
        expected.forEach((e, k) => {
          if (!closeEnough(actual[i][k], e, c.scale)) throw new Error(`row ${i} output ${k}: ONNX ${actual[i][k]} vs TypeScript ${e}`);
          checked++;
        });
      });
      expect(checked).toBeGreaterThanOrEqual(heldOutRows.length);
      if (c.rawOutput && c.expectedRaw) {
        const raw = await runOnnxMatrix(ort, session, inputs, c.rawOutput);
        heldOutRows.forEach((row, i) => c.expectedRaw!(row).forEach((e, k) => expect(Math.abs(raw[i][k] - e)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(e)))));
      }
    } finally {
      await session.release();
    }
  });

  it('runs a numeric-only model fed one float tensor', async () => {
    const ort = await load();
    const numericOnly = trainGbt(
      heldOutRows.map((r) => r.slice(0, 3)),
      binaryLabels.slice(0, heldOutRows.length),
      { nTrees: 20, maxDepth: 3 },
    );
    const session = await ort.InferenceSession.create(modelToOnnx(numericOnly));
    try {
      expect(session.inputNames).toEqual(['features']);
      const rows = heldOutRows.map((r) => r.slice(0, 3));
      const actual = await runOnnxColumn(ort, session, { numeric: rows }, 'probability');
      rows.forEach((row, i) => expect(closeEnough(actual[i], predictProba(numericOnly, row))).toBe(true));
    } finally {
      await session.release();
    }
  });
});

describe('onnxSignature', () => {
  it('describes the raw inputs and the outputs per model kind', () => {
    expect(onnxSignature(cases[1].model, spec)).toEqual({
      inputs: [
        { name: 'features', type: 'float32', shape: ['N', 3] },
        { name: 'categories', type: 'string', shape: ['N', 2] },
      ],
      outputs: [
        expect.objectContaining({ name: 'logits', shape: ['N', 3] }),
        expect.objectContaining({ name: 'probabilities', shape: ['N', 3] }),
      ],
    });
    expect(onnxSignature(cases[2].model).outputs.map((o) => o.name)).toEqual(['prediction']);
    expect(onnxSignature(cases[3].model).inputs).toEqual([{ name: 'features', type: 'float32', shape: ['N', featureNames.length] }]);
  });

  it('refuses a spec that does not encode the model’s features', () => {
    expect(() => modelToOnnx(cases[0].model, { input: { ...spec, numeric: ['quantity', 'oee', 'slack_hours'] } })).toThrow(/encodes/);
  });
});
