import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEATURE_NAMES } from '@/lib/decisions/feasibility/features';
import { getFeasibilityModel } from '@/lib/decisions/feasibility/model';
import { trainFeasibilityModel, type TrainFeasibilityEvent } from '@/lib/decisions/feasibility/train-feasibility-model';
import { modelCardSchema } from '@/lib/ml/model-card';
import { listModelCards, readModelPointer } from '@/lib/ml/model-files';

describe('trainFeasibilityModel', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'interlock-train-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const small = { seed: 5, days: 6, ordersPerDay: 80, params: { nTrees: 15, maxDepth: 3 } };

  it('makes the first version current and every later one a candidate', async () => {
    const events: TrainFeasibilityEvent[] = [];
    const first = await trainFeasibilityModel({ ...small, outDir: dir, onEvent: (e) => events.push(e) });
    expect(first.madeCurrent).toBe(true);
    expect(first.card.id).toBe('feasibility@1');
    expect(await readModelPointer(dir, 'feasibility')).toEqual({ version: 1, file: 'feasibility@1.onnx' });
    expect(events.filter((e) => e.kind === 'tree')).toHaveLength(15);

    const second = await trainFeasibilityModel({ ...small, seed: 6, outDir: dir, classWeights: [2, 1] });
    expect(second.madeCurrent).toBe(false);
    expect(second.files.pointer).toBeNull();
    expect(second.card.id).toBe('feasibility@2');
    expect(await readModelPointer(dir, 'feasibility')).toEqual({ version: 1, file: 'feasibility@1.onnx' });
    expect((await getFeasibilityModel(dir)).version).toBe('feasibility@1');
    expect((await listModelCards(dir, 'feasibility')).map((c) => c.card.version)).toEqual([1, 2]);
  });

  it('writes a card with the time-based split, binary metrics, the graph signature and a drift profile', async () => {
    const card = modelCardSchema.parse(JSON.parse(await readFile(path.join(dir, 'feasibility@2.card.json'), 'utf8')));
    expect(card.kind).toBe('binary');
    expect(card.data.training.toDay).toBeLessThan(card.data.heldOut.fromDay);
    expect(card.data.rows).toEqual({ train: 5 * 80, heldOut: 80 });
    expect(card.metrics.heldOut.kind).toBe('binary');
    expect(card.hyperparameters).toMatchObject({ nTrees: 15, lateWeight: 2, onTimeWeight: 1 });
    expect(card.onnx.inputs).toEqual([{ name: 'features', type: 'float32', shape: ['N', FEATURE_NAMES.length] }]);
    expect(card.onnx.outputs).toEqual(['logit', 'probability']);
    expect(card.parity.maxRelativeError).toBeLessThanOrEqual(1e-5);
    expect(card.trainingProfile?.features.map((f) => f.feature)).toEqual([...FEATURE_NAMES]);
    expect(card.trainingProfile?.predictions?.rows).toBe(80);
    expect(card.features.find((f) => f.name === 'machine_down')?.kind).toBe('binary');
  });

  it('refuses a history too short to hold anything out', async () => {
    await expect(trainFeasibilityModel({ ...small, days: 1, outDir: dir })).rejects.toThrow(/at least 2/);
  });
});
