// Guards the committed model: the .onnx the API serves must agree with the
// trees it was exported from, and with its card.
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEATURE_NAMES, toFeatureVector } from '@/lib/decisions/feasibility/features';
import { getFeasibilityModel } from '@/lib/decisions/feasibility/model';
import { generateSimulatedHistory } from '@/lib/decisions/feasibility/simulated-history';
import { predictProba, type GbtModel } from '@/lib/ml/gbt';
import { modelCardSchema, modelPointerSchema } from '@/lib/ml/model-card';
import { loadOnnxSession, runProbability } from '@/lib/ml/onnx-runtime';
import { sha256Hex } from '@/lib/ml/sha256';

const MODELS_DIR = path.resolve(import.meta.dirname, '../../../models');
const files = {
  onnx: path.join(MODELS_DIR, 'feasibility@1.onnx'),
  card: path.join(MODELS_DIR, 'feasibility@1.card.json'),
  trees: path.join(MODELS_DIR, 'feasibility@1.trees.json'),
  pointer: path.join(MODELS_DIR, 'feasibility.current.json'),
};
const RELATIVE_TOLERANCE = 1e-5;

// A seed the model was not trained on: fresh situations from the same plant.
const inputs = generateSimulatedHistory({ seed: 2024, days: 3, ordersPerDay: 100 }).map((o) => o.input);

describe('committed feasibility@1', () => {
  let trees: GbtModel;

  beforeAll(async () => {
    trees = JSON.parse(await readFile(files.trees, 'utf8')) as GbtModel;
  });

  it('has a card whose sha256 is the .onnx file’s', async () => {
    const card = modelCardSchema.parse(JSON.parse(await readFile(files.card, 'utf8')));
    expect(card.sha256).toBe(sha256Hex(await readFile(files.onnx)));
    expect(card.features.map((f) => f.name)).toEqual([...FEATURE_NAMES]);
    expect(card.metrics.heldOut.auc).toBeGreaterThanOrEqual(0.9);
  });

  it('runs in ONNX exactly as the trees evaluate in TypeScript', async () => {
    expect(trees.featureNames).toEqual([...FEATURE_NAMES]);
    const rows = inputs.map(toFeatureVector);
    expect(rows.length).toBeGreaterThanOrEqual(200);
    const onnx = await runProbability(await loadOnnxSession(files.onnx), rows);
    rows.forEach((row, i) => {
      const expected = predictProba(trees, row);
      expect(Math.abs(onnx[i] - expected) / expected).toBeLessThanOrEqual(RELATIVE_TOLERANCE);
    });
  });

  it('is the current model and predicts through getFeasibilityModel', async () => {
    expect(modelPointerSchema.parse(JSON.parse(await readFile(files.pointer, 'utf8')))).toEqual({
      version: 1,
      file: 'feasibility@1.onnx',
    });
    const model = await getFeasibilityModel(MODELS_DIR);
    expect(model.version).toBe('feasibility@1');
    expect(await getFeasibilityModel(MODELS_DIR)).toBe(model);
    const predictions = await model.predict(inputs.slice(0, 50));
    predictions.forEach((p, i) => {
      const expected = predictProba(trees, toFeatureVector(inputs[i]));
      expect(Math.abs(p - expected) / expected).toBeLessThanOrEqual(RELATIVE_TOLERANCE);
    });
    expect(await model.predict([])).toEqual([]);
  });
});

describe('getFeasibilityModel with broken files', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'interlock-models-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('says how to train a model when there is none', async () => {
    await expect(getFeasibilityModel(path.join(dir, 'empty'))).rejects.toThrow(/npm run train -- feasibility/);
  });

  it('refuses an .onnx that does not match its card', async () => {
    const broken = path.join(dir, 'tampered');
    await mkdir(broken);
    await copyFile(files.card, path.join(broken, 'feasibility@1.card.json'));
    await copyFile(files.pointer, path.join(broken, 'feasibility.current.json'));
    const bytes = await readFile(files.onnx);
    await writeFile(path.join(broken, 'feasibility@1.onnx'), Buffer.concat([bytes, Buffer.from([0])]));
    await expect(getFeasibilityModel(broken)).rejects.toThrow(/sha256 is [0-9a-f]{64}, expected/);
  });
});
