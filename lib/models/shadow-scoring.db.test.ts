import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { resetEnvCache } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { scoreOrderRelease } from '@/lib/decisions/feasibility/score-order-release';
import { endShadow } from '@/lib/models/end-shadow';
import { dropServingCache, getServingVersions } from '@/lib/models/get-serving-versions';
import { putModelInShadow } from '@/lib/models/put-model-in-shadow';
import { syncModelRegistry } from '@/lib/models/sync-model-registry';
import { createOrder, principalFor, setupPlant } from '@/lib/testing/fixtures';
import { actorOf } from '@/lib/auth/principal';

const COMMITTED = path.resolve(import.meta.dirname, '../../models');
const system = { actorType: 'SYSTEM' as const, actorName: 'Scheduled retraining' };
const errorCode = (code: string) => (e: unknown) => e instanceof AppError && e.code === code;
let dir: string;

// The serving code reads MODELS_DIR: point it at a copy holding @1, @2 and a third version (@2's files renamed).
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'interlock-shadow-'));
  for (const v of [1, 2]) for (const ext of ['card.json', 'onnx', 'trees.json']) await copyFile(path.join(COMMITTED, `feasibility@${v}.${ext}`), path.join(dir, `feasibility@${v}.${ext}`));
  await copyFile(path.join(COMMITTED, 'feasibility.current.json'), path.join(dir, 'feasibility.current.json'));
  for (const ext of ['onnx', 'trees.json']) await copyFile(path.join(COMMITTED, `feasibility@2.${ext}`), path.join(dir, `feasibility@3.${ext}`));
  const card = JSON.parse(await readFile(path.join(COMMITTED, 'feasibility@2.card.json'), 'utf8')) as Record<string, unknown>;
  await writeFile(path.join(dir, 'feasibility@3.card.json'), JSON.stringify({ ...card, version: 3, id: 'feasibility@3', files: { onnx: 'feasibility@3.onnx', trees: 'feasibility@3.trees.json' } }));
  process.env.MODELS_DIR = dir;
  resetEnvCache();
});

afterAll(async () => {
  delete process.env.MODELS_DIR;
  resetEnvCache();
  await rm(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  await setupPlant();
  dropServingCache();
  await syncModelRegistry({ engine: 'feasibility', modelsDir: dir, actor: system });
});

const score = (erpOrderId: string) =>
  createOrder(erpOrderId, { quantity: 200, dueInHours: 40 }).then((o) =>
    scoreOrderRelease({ siteId: '1710', orderId: o.erpOrderId, material: 'VALVE-ASSY-55', quantity: o.quantity, dueDate: o.dueDate, workCenter: 'WC-ASSY-05', requiredSkill: 'TORQUE_CERT', source: 'ERP_SYNC', actor: system }),
  );

/** A registry row for a version whose files are not in the folder. */
async function registerWithoutFiles(version: number, status: 'CANDIDATE' | 'SHADOW') {
  const template = await db.modelVersion.findUniqueOrThrow({ where: { engine_version: { engine: 'feasibility', version: 2 } } });
  const { id: _id, ...rest } = template;
  return db.modelVersion.create({
    data: {
      ...rest,
      version,
      file: `feasibility@${version}.onnx`,
      cardFile: `feasibility@${version}.card.json`,
      status,
      shadowSince: status === 'SHADOW' ? new Date() : null,
      features: rest.features ?? [],
      metrics: rest.metrics ?? {},
      trainMetrics: undefined,
      featureImportance: undefined,
      trainingProfile: undefined,
      hyperparameters: undefined,
    },
  });
}

const statuses = async () => Object.fromEntries((await db.modelVersion.findMany({ orderBy: { version: 'asc' } })).map((r) => [r.version, r.status]));

describe('shadow scoring', () => {
  it('writes the served model’s row and the shadow’s beside the recommendation; the recommendation is the served model’s', async () => {
    expect(await putModelInShadow({ engine: 'feasibility', version: 2, actor: system })).toMatchObject({ modelId: 'feasibility@2', changed: true, replacedVersion: null });
    const scored = await score('1000100');
    const rec = await db.recommendation.findUniqueOrThrow({ where: { id: scored.recommendationId! } });
    expect(rec.modelVersion).toBe('feasibility@1');
    const rows = await db.modelPrediction.findMany({ where: { recommendationId: rec.id }, orderBy: { role: 'asc' } });
    expect(rows.map((r) => [r.role, r.modelVersion, r.engine])).toEqual([
      ['SERVED', 'feasibility@1', 'feasibility'],
      ['SHADOW', 'feasibility@2', 'feasibility'],
    ]);
    const [served, shadow] = rows;
    expect(served).toMatchObject({ verdict: rec.verdict, recommendedAction: rec.recommendedAction, score: rec.score, confidence: rec.confidence });
    for (const row of rows) {
      expect(row.probability).toBeGreaterThan(0);
      expect(row.probability).toBeLessThan(1);
      // Not blocked by a rule here, so each model's score is its own probability, rounded.
      expect(row.score).toBe(Math.round(row.probability * 100) / 100);
    }
    // @2 is another model: its probability for the same features is its own.
    expect(shadow.probability).not.toBe(served.probability);
    const created = await db.auditEvent.findFirstOrThrow({ where: { entityId: rec.id, action: 'recommendation.created' } });
    expect(created.data).toMatchObject({ modelVersion: 'feasibility@1', shadowModels: ['feasibility@2'] });
  });

  it('writes only the served row when nothing is in shadow', async () => {
    const scored = await score('1000101');
    expect(await db.modelPrediction.findMany({ where: { recommendationId: scored.recommendationId! }, select: { role: true, modelVersion: true } })).toEqual([
      { role: 'SERVED', modelVersion: 'feasibility@1' },
    ]);
  });

  it('skips a shadow model that cannot load, and still records the recommendation and the other rows', async () => {
    await putModelInShadow({ engine: 'feasibility', version: 2, actor: system });
    // Put in shadow behind the use case's back, as if its files vanished afterwards.
    await registerWithoutFiles(9, 'SHADOW');
    dropServingCache();
    expect((await getServingVersions('feasibility')).shadows).toEqual([2, 9]);
    const scored = await score('1000102');
    expect(scored.recommendationId).not.toBeNull();
    const rows = await db.modelPrediction.findMany({ where: { recommendationId: scored.recommendationId! }, orderBy: { role: 'asc' } });
    expect(rows.map((r) => r.modelVersion)).toEqual(['feasibility@1', 'feasibility@2']);
  });
});

describe('putting a version in shadow and ending it', () => {
  it('lets an admin or the system put a candidate in shadow, one at a time, and end it; audited; what is served does not change', async () => {
    const admin = await principalFor('ADMIN');
    await putModelInShadow({ engine: 'feasibility', version: 2, actor: actorOf(admin), principal: admin, reason: 'compare on live orders' });
    const again = await putModelInShadow({ engine: 'feasibility', version: 2, actor: system });
    expect(again.changed).toBe(false);
    const third = await putModelInShadow({ engine: 'feasibility', version: 3, actor: system });
    expect(third).toMatchObject({ changed: true, replacedVersion: 2 });
    expect(await statuses()).toEqual({ 1: 'ACTIVE', 2: 'CANDIDATE', 3: 'SHADOW' });
    const v2 = await db.modelVersion.findUniqueOrThrow({ where: { engine_version: { engine: 'feasibility', version: 2 } } });
    expect(v2.shadowSince).toBeNull();
    expect(await getServingVersions('feasibility')).toMatchObject({ active: 1, shadows: [3] });

    await endShadow({ engine: 'feasibility', version: 3, actor: actorOf(admin), principal: admin });
    expect(await statuses()).toEqual({ 1: 'ACTIVE', 2: 'CANDIDATE', 3: 'CANDIDATE' });
    expect(await getServingVersions('feasibility')).toMatchObject({ active: 1, shadows: [] });

    const events = await db.auditEvent.findMany({ where: { action: { in: ['model.shadow_started', 'model.shadow_ended'] } }, orderBy: { seq: 'asc' } });
    expect(events.map((e) => [e.action, (e.data as { modelId: string }).modelId, e.actorName])).toEqual([
      ['model.shadow_started', 'feasibility@2', admin.name],
      ['model.shadow_ended', 'feasibility@2', system.actorName],
      ['model.shadow_started', 'feasibility@3', system.actorName],
      ['model.shadow_ended', 'feasibility@3', admin.name],
    ]);
    expect(events[0].data).toMatchObject({ reason: 'compare on live orders' });
  });

  it('refuses people without models.manage, the active version, and versions whose files do not load; nothing changes', async () => {
    await registerWithoutFiles(9, 'CANDIDATE');
    await db.modelVersion.update({ where: { engine_version: { engine: 'feasibility', version: 3 } }, data: { sha256: 'f'.repeat(64) } });
    const before = { statuses: await statuses(), audit: await db.auditEvent.count() };
    for (const role of ['SUPERVISOR', 'VIEWER', 'ACCOUNTANT'] as const) {
      const p = await principalFor(role);
      await expect(putModelInShadow({ engine: 'feasibility', version: 2, actor: actorOf(p), principal: p })).rejects.toSatisfy(errorCode('FORBIDDEN'));
    }
    await expect(putModelInShadow({ engine: 'feasibility', version: 1, actor: system })).rejects.toSatisfy(errorCode('CONFLICT'));
    await expect(putModelInShadow({ engine: 'feasibility', version: 9, actor: system })).rejects.toSatisfy(
      (e: unknown) => errorCode('UNPROCESSABLE')(e) && /feasibility@9's files do not load: No feasibility model card/.test((e as Error).message),
    );
    await expect(putModelInShadow({ engine: 'feasibility', version: 3, actor: system })).rejects.toThrow(/files changed since it was registered/);
    await expect(putModelInShadow({ engine: 'feasibility', version: 42, actor: system })).rejects.toSatisfy(errorCode('NOT_FOUND'));
    await expect(putModelInShadow({ engine: 'nope', version: 2, actor: system })).rejects.toSatisfy(errorCode('NOT_FOUND'));
    await expect(endShadow({ engine: 'feasibility', version: 2, actor: system })).rejects.toSatisfy(errorCode('CONFLICT'));
    expect({ statuses: await statuses(), audit: await db.auditEvent.count() }).toEqual(before);
  });
});
