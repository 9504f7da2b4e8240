import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { predictProba, trainGbt, type GbtModel } from '@/lib/ml/gbt';
import { writeGbtOnnx } from '@/lib/ml/onnx-export';
import { loadOnnxSession, releaseOnnxSession, runProbability } from '@/lib/ml/onnx-runtime';
import { createRandom } from '@/lib/ml/random';

const RELATIVE_TOLERANCE = 1e-5;

function syntheticRows(seed: number, n: number) {
  const random = createRandom(seed);
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    // Doubles that are not float32 numbers, on purpose: rounding happens at the tensor boundary.
    const row = [random.normal() * 10, random.uniform(0, 100), random.int(0, 5), random.normal()];
    if (random.chance(0.15)) row[0] = Number.NaN;
    if (random.chance(0.1)) row[3] = Number.NaN;
    const a = Number.isNaN(row[0]) ? 4 : row[0];
    const d = Number.isNaN(row[3]) ? -1 : row[3];
    const z = 0.3 * a - 0.04 * row[1] + (row[2] >= 3 ? 1.5 : 0) + d * (row[2] - 2) + random.normal();
    rows.push(row);
    labels.push(z > 0 ? 1 : 0);
  }
  return { rows, labels };
}

/** Values on, just below and just above every threshold: where float32 rounding would show. */
function boundaryRows(model: GbtModel, template: number[]): number[][] {
  const rows: number[][] = [];
  for (const tree of model.trees.slice(0, 10)) {
    for (const node of tree.nodes) {
      if (node.type !== 'split') continue;
      for (const value of [node.threshold, node.threshold * (1 - 1e-9), node.threshold * (1 + 1e-7)]) {
        const row = [...template];
        row[node.feature] = value;
        rows.push(row);
      }
    }
  }
  return rows;
}

describe('ONNX export of a GBT model', () => {
  let dir: string;
  let file: string;
  let model: GbtModel;
  let heldOut: number[][];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'interlock-onnx-'));
    file = path.join(dir, 'parity.onnx');
    const train = syntheticRows(1, 3000);
    model = trainGbt(train.rows, train.labels, { nTrees: 80, maxDepth: 4, learningRate: 0.2, seed: 5 });
    await writeGbtOnnx(model, file, { metadata: { purpose: 'test' } });
    heldOut = syntheticRows(2, 400).rows;
  });

  afterAll(async () => {
    await releaseOnnxSession(file);
    await rm(dir, { recursive: true, force: true });
  });

  it('gives the TypeScript probabilities on held-out rows, missing values included', async () => {
    expect(heldOut.filter((r) => r.some(Number.isNaN)).length).toBeGreaterThan(50);
    const session = await loadOnnxSession(file);
    const onnx = await runProbability(session, heldOut);
    expect(onnx).toHaveLength(heldOut.length);
    heldOut.forEach((row, i) => {
      const expected = predictProba(model, row);
      expect(Math.abs(onnx[i] - expected) / expected).toBeLessThanOrEqual(RELATIVE_TOLERANCE);
    });
  });

  it('agrees on values at and next to the split thresholds', async () => {
    const rows = boundaryRows(model, heldOut[0].map((v) => (Number.isNaN(v) ? 0 : v)));
    expect(rows.length).toBeGreaterThan(50);
    const onnx = await runProbability(await loadOnnxSession(file), rows);
    rows.forEach((row, i) => {
      const expected = predictProba(model, row);
      expect(Math.abs(onnx[i] - expected) / expected).toBeLessThanOrEqual(RELATIVE_TOLERANCE);
    });
  });

  it('keeps very small probabilities relatively exact', async () => {
    // Extreme logits: a fused Sigmoid kernel is only absolutely accurate there.
    const extreme = trainGbt(
      Array.from({ length: 400 }, (_, i) => [i]),
      Array.from({ length: 400 }, (_, i) => (i >= 200 ? 1 : 0)),
      { nTrees: 30, maxDepth: 1, learningRate: 0.5, subsample: 1, lambda: 0, minChildWeight: 0 },
    );
    const extremeFile = path.join(dir, 'extreme.onnx');
    await writeGbtOnnx(extreme, extremeFile);
    const rows = [[0], [100], [199], [200], [399]];
    const onnx = await runProbability(await loadOnnxSession(extremeFile), rows);
    expect(predictProba(extreme, [0])).toBeLessThan(1e-5);
    rows.forEach((row, i) => {
      const expected = predictProba(extreme, row);
      expect(Math.abs(onnx[i] - expected) / expected).toBeLessThanOrEqual(RELATIVE_TOLERANCE);
    });
    await releaseOnnxSession(extremeFile);
  });

  it('reuses the session for the same file and returns nothing for no rows', async () => {
    const session = await loadOnnxSession(file);
    expect(await loadOnnxSession(path.join(dir, '.', 'parity.onnx'))).toBe(session);
    expect(await runProbability(session, [])).toEqual([]);
    await expect(runProbability(session, [[1, 2, 3, 4], [1, 2]])).rejects.toThrow(/Row 1 has 2 features/);
  });

  it('refuses a file whose hash is not the expected one', async () => {
    const other = path.join(dir, 'copy.onnx');
    await writeGbtOnnx(model, other);
    await expect(loadOnnxSession(other, { sha256: '0'.repeat(64) })).rejects.toThrow(/does not match its model card/);
  });
});
