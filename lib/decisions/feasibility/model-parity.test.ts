// Guards the committed model: the .onnx the API serves must agree with the
// trees it was exported from (in every runtime), with its card, and with the
// trainer that made it; and the explanations come from those very trees.
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as ortNode from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEATURE_NAMES, toFeatureVector } from '@/lib/decisions/feasibility/features';
import { getFeasibilityModel } from '@/lib/decisions/feasibility/model';
import { generateSimulatedHistory } from '@/lib/decisions/feasibility/simulated-history';
import { FEASIBILITY_GBT_PARAMS, rebuildFeasibilityProfile } from '@/lib/decisions/feasibility/train-feasibility-model';
import { explain } from '@/lib/ml/explain';
import { predictProba, predictRaw, trainGbt, type GbtModel } from '@/lib/ml/gbt';
import { modelCardSchema, modelPointerSchema } from '@/lib/ml/model-card';
import { listModelCards } from '@/lib/ml/model-files';
import { runOnnxColumn } from '@/lib/ml/onnx-run';
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
    const heldOut = card.metrics.heldOut;
    expect(heldOut.kind === undefined || heldOut.kind === 'binary' ? heldOut.auc : null).toBeGreaterThanOrEqual(0.9);
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

  it('runs the same in onnxruntime-node and in the browser build onnxruntime-web/wasm', async () => {
    const bytes = await readFile(files.onnx);
    const rows = inputs.slice(0, 100).map(toFeatureVector);
    const wasm = await import('onnxruntime-web/wasm');
    wasm.env.wasm.numThreads = 1;
    for (const ort of [ortNode, wasm]) {
      const session = await ort.InferenceSession.create(bytes);
      const onnx = await runOnnxColumn(ort, session, { numeric: rows }, 'probability');
      rows.forEach((row, i) => {
        const expected = predictProba(trees, row);
        expect(Math.abs(onnx[i] - expected) / expected).toBeLessThanOrEqual(RELATIVE_TOLERANCE);
      });
      await session.release();
    }
  });

  it('comes back byte for byte when the trainer reruns with its card’s seed', async () => {
    const card = modelCardSchema.parse(JSON.parse(await readFile(files.card, 'utf8')));
    const history = generateSimulatedHistory({ seed: card.seed, days: card.data.days });
    const train = history.filter((o) => o.day <= card.data.training.toDay);
    const retrained = trainGbt(
      train.map((o) => toFeatureVector(o.input)),
      train.map((o) => (o.onTime ? 1 : 0)),
      { ...FEASIBILITY_GBT_PARAMS, seed: card.seed, featureNames: [...FEATURE_NAMES] },
    );
    expect(JSON.stringify(retrained)).toBe(await readFile(files.trees, 'utf8'));
  });

  it('rebuilds its training profile from the data source, and refuses when the data no longer match', async () => {
    const card = modelCardSchema.parse(JSON.parse(await readFile(files.card, 'utf8')));
    const profile = rebuildFeasibilityProfile(card, trees);
    expect(profile.features.map((f) => f.feature)).toEqual([...FEATURE_NAMES]);
    profile.features.forEach((f) => expect(f.rows).toBe(card.data.rows.train));
    expect(profile.predictions?.rows).toBe(card.data.rows.heldOut);
    expect(() => rebuildFeasibilityProfile({ ...card, seed: 7 }, trees)).toThrow(/does not reproduce/);
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

  it('explains a prediction with contributions that add up to the logit', async () => {
    const model = await getFeasibilityModel(MODELS_DIR);
    for (const input of inputs.slice(0, 40)) {
      const row = toFeatureVector(input);
      const all = model.explain(input, FEATURE_NAMES.length);
      const full = explain(trees, row);
      // Rounded to 4 decimals for storage; the exact sum is tested in lib/ml/explain.test.ts.
      expect(full.base + all.reduce((s, c) => s + c.contribution, 0)).toBeCloseTo(predictRaw(trees, row), 2);
      const top = model.explain(input);
      expect(top.length).toBeLessThanOrEqual(5);
      expect(top).toEqual(all.slice(0, top.length));
    }
  });
});

// Later versions are committed as candidates: each must be as sound as the current one.
const committed = await listModelCards(MODELS_DIR, 'feasibility');

describe.each(committed.map((c) => [c.card.id, c] as const))('committed %s', (_id, { card }) => {
  it('has a card whose sha256 is its .onnx file’s, and runs in ONNX as its trees do in TypeScript', async () => {
    const bytes = await readFile(path.join(MODELS_DIR, card.files.onnx));
    expect(sha256Hex(bytes)).toBe(card.sha256);
    expect(card.features.map((f) => f.name)).toEqual([...FEATURE_NAMES]);
    const versionTrees = JSON.parse(await readFile(path.join(MODELS_DIR, card.files.trees), 'utf8')) as GbtModel;
    const rows = inputs.map(toFeatureVector);
    const onnx = await runProbability(await loadOnnxSession(path.join(MODELS_DIR, card.files.onnx)), rows);
    rows.forEach((row, i) => {
      const expected = predictProba(versionTrees, row);
      expect(Math.abs(onnx[i] - expected) / expected).toBeLessThanOrEqual(RELATIVE_TOLERANCE);
    });
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

  it('refuses a trees file that is not the served model’s', async () => {
    const broken = path.join(dir, 'other-trees');
    await mkdir(broken);
    for (const name of ['feasibility@1.card.json', 'feasibility.current.json', 'feasibility@1.onnx']) await copyFile(path.join(MODELS_DIR, name), path.join(broken, name));
    const other = JSON.parse(await readFile(files.trees, 'utf8')) as GbtModel;
    const root = other.trees[0].nodes[0];
    if (root.type === 'split') root.threshold = Math.fround(root.threshold + 1);
    await writeFile(path.join(broken, 'feasibility@1.trees.json'), JSON.stringify(other));
    await expect(getFeasibilityModel(broken)).rejects.toThrow(/does not give the predictions/);
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
