import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { resetEnvCache } from '@/lib/env';
import { FEATURE_NAMES, toFeatureVector } from '@/lib/decisions/feasibility/features';
import { generateSimulatedHistory } from '@/lib/decisions/feasibility/simulated-history';
import { buildLabelledDataset } from '@/lib/decisions/feasibility/labelled-dataset';
import { readModelPointer } from '@/lib/ml/model-files';
import { syncModelRegistry } from '@/lib/models/sync-model-registry';
import { retrainFromLabels } from '@/lib/models/retrain-from-labels';
import { setupPlant } from '@/lib/testing/fixtures';

const SHIPPED = path.resolve(import.meta.dirname, '../../models');
const DAY_MS = 24 * 3_600_000;
const small = { seed: 3, days: 4, trees: 8, depth: 3, labelWeight: 5 };
let dir: string;
let seq = 0;

beforeAll(async () => {
  // A copy of the shipped models: retraining writes new files, and the git tree must never see them.
  dir = await mkdtemp(path.join(os.tmpdir(), 'interlock-retrain-'));
  await cp(SHIPPED, dir, { recursive: true });
  process.env.MODELS_DIR = dir;
  resetEnvCache();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Labelled examples with realistic features (drawn like the simulated history), decided `daysAgo` days back. */
async function addLabels(n: number, options: { daysAgo?: number; seed?: number; features?: 'ok' | 'missing' } = {}) {
  const orders = generateSimulatedHistory({ seed: options.seed ?? 11, days: 1, ordersPerDay: n });
  const decidedAt = new Date(Date.now() - (options.daysAgo ?? 0) * DAY_MS);
  await db.labelledExample.createMany({
    data: orders.map((o) => {
      const vector = toFeatureVector(o.input);
      const features = Object.fromEntries(FEATURE_NAMES.map((name, i) => [name, vector[i]]));
      if (options.features === 'missing') delete (features as Record<string, number>).stock_cover;
      return {
        engine: 'feasibility',
        decisionType: 'ORDER_RELEASE',
        siteId: '1710',
        recommendationId: `rec-${seq++}`,
        source: 'DECISION',
        modelVersion: 'feasibility@2',
        features,
        aiVerdict: 'FEASIBLE',
        aiAction: 'RELEASE_ORDER',
        aiScore: 0.8,
        aiConfidence: 0.8,
        outcome: o.onTime ? 'APPROVE' : 'REJECT',
        humanAction: o.onTime ? 'RELEASE_ORDER' : 'HOLD_ORDER',
        label: o.onTime ? 1 : 0,
        agreed: o.onTime,
        scoredAt: decidedAt,
        decidedAt,
        decidedByName: 'Test Supervisor',
      };
    }),
  });
}

async function statuses() {
  const rows = await db.modelVersion.findMany({ where: { engine: 'feasibility' }, orderBy: { version: 'asc' } });
  return Object.fromEntries(rows.map((r) => [r.version, r.status]));
}

describe('labelled dataset', () => {
  beforeEach(setupPlant);

  it('uses labels with full features, weighted, counts the skipped ones, and splits each source by its own days', async () => {
    await addLabels(30, { daysAgo: 2 });
    await addLabels(20, { daysAgo: 0, seed: 12 });
    await addLabels(4, { features: 'missing', seed: 13 });
    const dataset = await buildLabelledDataset({ seed: 1, days: 5, ordersPerDay: 40, labelWeight: 4 });
    expect(dataset.source).toBe('labels+simulated-history');
    expect(dataset.counts).toMatchObject({ labelled: 54, used: 50, skippedMissingFeatures: 4, skippedDuplicate: 0, labelDays: 2, simulated: 200 });
    // Two label days: the later one (today's 20, plus the 4 skipped) is held out, the earlier one trains.
    expect(dataset.counts).toMatchObject({ labelledTrain: 30, labelledHeldOut: 20 });
    const labelled = dataset.split.train.filter((e) => e.id.startsWith('label:'));
    expect(labelled).toHaveLength(30);
    expect(labelled.every((e) => e.weight === 4 && e.vector.length === FEATURE_NAMES.length)).toBe(true);
    // The simulated history: its last day held out, the rest trains, at weight 1 (none given).
    expect(dataset.split.heldOut.filter((e) => !e.id.startsWith('label:'))).toHaveLength(40);
    expect(dataset.split.train.filter((e) => !e.id.startsWith('label:')).every((e) => e.weight === undefined)).toBe(true);
    // On the calendar, the history ends before the first label.
    const lastSimulated = Math.max(...dataset.examples.filter((e) => !e.id.startsWith('label:')).map((e) => e.at.getTime()));
    const firstLabel = Math.min(...dataset.examples.filter((e) => e.id.startsWith('label:')).map((e) => e.at.getTime()));
    expect(lastSimulated).toBeLessThan(firstLabel);
  });

  it('trains on every label when they span one day', async () => {
    await addLabels(12);
    const dataset = await buildLabelledDataset({ seed: 1, days: 3, ordersPerDay: 20 });
    expect(dataset.counts).toMatchObject({ used: 12, labelDays: 1, labelledTrain: 12, labelledHeldOut: 0 });
    expect(dataset.labelWeight).toBe(5);
  });
});

describe('retrainFromLabels', () => {
  beforeEach(async () => {
    await setupPlant();
    await syncModelRegistry({ engine: 'feasibility', modelsDir: dir, actor: { actorType: 'SYSTEM', actorName: 'test' } });
  });

  it('skips with too few new labels, writing no file and no version', async () => {
    await addLabels(10);
    const files = await readdir(dir);
    const before = await statuses();
    const outcome = await retrainFromLabels({ minNewLabels: 50, training: small });
    expect(outcome).toMatchObject({ status: 'skipped', newLabels: 10, minNewLabels: 50, reason: '10 new labels < 50' });
    expect(await readdir(dir)).toEqual(files);
    expect(await statuses()).toEqual(before);
  });

  it('trains a version from labels into SHADOW, never ACTIVE, and then waits for new labels', async () => {
    await addLabels(40, { daysAgo: 1 });
    await addLabels(25, { seed: 14 });
    const before = await statuses();
    const activeBefore = Object.entries(before).find(([, s]) => s === 'ACTIVE')?.[0];
    expect(activeBefore).toBeDefined();
    const pointer = await readModelPointer(dir, 'feasibility');
    const next = Math.max(...Object.keys(before).map(Number)) + 1;

    const outcome = await retrainFromLabels({ minNewLabels: 50, training: small });
    expect(outcome).toMatchObject({ status: 'trained', version: next, modelId: `feasibility@${next}`, newLabels: 65, dataSource: 'labels+simulated-history' });
    if (outcome.status !== 'trained') return;
    expect(outcome.heldOutAuc).toBeGreaterThan(0.5);

    const after = await statuses();
    expect(after[next]).toBe('SHADOW');
    expect(Object.entries(after).filter(([, s]) => s === 'ACTIVE')).toEqual([[activeBefore, 'ACTIVE']]);
    expect(await readModelPointer(dir, 'feasibility')).toEqual(pointer);
    const row = await db.modelVersion.findUniqueOrThrow({ where: { engine_version: { engine: 'feasibility', version: next } } });
    expect(row).toMatchObject({ dataSource: 'labels+simulated-history', status: 'SHADOW' });
    expect(row.shadowSince).not.toBeNull();
    expect(await db.auditEvent.count({ where: { entityId: row.id, action: 'model.registered' } })).toBe(1);
    expect(await db.auditEvent.findFirstOrThrow({ where: { entityId: row.id, action: 'model.shadow_started' } })).toMatchObject({ actorType: 'SYSTEM', actorName: 'Interlock retraining' });

    // Nothing new since this version's training: the next round does nothing.
    expect(await retrainFromLabels({ minNewLabels: 50, training: small })).toMatchObject({ status: 'skipped', newLabels: 0 });
    expect(await statuses()).toEqual(after);
  });
});
