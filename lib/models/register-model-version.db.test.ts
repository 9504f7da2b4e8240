import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { rebuildFeasibilityProfile } from '@/lib/decisions/feasibility/train-feasibility-model';
import type { TrainingProfile } from '@/lib/ml/drift';
import type { GbtModel } from '@/lib/ml/gbt';
import { modelCardSchema, type ModelCard } from '@/lib/ml/model-card';
import { registerModelVersion } from '@/lib/models/register-model-version';
import { setupPlant } from '@/lib/testing/fixtures';

const MODELS_DIR = path.resolve(import.meta.dirname, '../../models');
const actor = { actorType: 'SYSTEM' as const, actorName: 'test' };
const isConflict = (e: unknown) => e instanceof AppError && e.code === 'CONFLICT';

let card: ModelCard;
let profile: TrainingProfile;

beforeAll(async () => {
  card = modelCardSchema.parse(JSON.parse(await readFile(path.join(MODELS_DIR, 'feasibility@1.card.json'), 'utf8')));
  const trees = JSON.parse(await readFile(path.join(MODELS_DIR, 'feasibility@1.trees.json'), 'utf8')) as GbtModel;
  profile = rebuildFeasibilityProfile(card, trees);
});

/** The committed card as if it were another version trained from other files. */
const otherVersion = (version: number, sha = 'f'.repeat(64)): ModelCard => ({ ...card, version, id: `feasibility@${version}`, sha256: sha });

describe('registerModelVersion', () => {
  beforeEach(setupPlant);

  it('records the committed feasibility@1 with its training window, held-out metrics and drift profile, audited in the same transaction', async () => {
    const result = await registerModelVersion({ card, trainingProfile: profile, status: 'ACTIVE', actor });
    expect(result).toMatchObject({ modelId: 'feasibility@1', status: 'ACTIVE', created: true });

    const row = await db.modelVersion.findUniqueOrThrow({ where: { id: result.id } });
    expect(row).toMatchObject({
      engine: 'feasibility',
      version: 1,
      kind: 'binary',
      file: 'feasibility@1.onnx',
      cardFile: 'feasibility@1.card.json',
      sha256: card.sha256,
      trainingRows: 8160,
      heldOutRows: 2040,
      seed: 42,
      dataSource: 'simulated-history',
      status: 'ACTIVE',
    });
    expect(row.trainingFrom?.toISOString()).toBe(card.data.training.from);
    expect(row.heldOutTo?.toISOString()).toBe(card.data.heldOut.to);
    expect((row.metrics as { auc: number }).auc).toBeGreaterThan(0.95);
    expect((row.features as { name: string }[]).map((f) => f.name)).toContain('slack_hours');
    const stored = row.trainingProfile as TrainingProfile;
    expect(stored.features).toHaveLength(13);
    expect(stored.predictions?.shares).toHaveLength(10);

    const events = await db.auditEvent.findMany({ where: { entityType: 'ModelVersion', entityId: row.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'model.registered', actorType: 'SYSTEM' });
    expect(events[0].data).toMatchObject({ modelId: 'feasibility@1', status: 'ACTIVE', sha256: card.sha256 });
  });

  it('does nothing when the same files are registered again', async () => {
    const first = await registerModelVersion({ card, trainingProfile: profile, status: 'ACTIVE', actor });
    const again = await registerModelVersion({ card, status: 'CANDIDATE', actor });
    expect(again).toEqual({ ...first, created: false });
    expect(await db.modelVersion.count()).toBe(1);
    expect(await db.auditEvent.count({ where: { action: 'model.registered' } })).toBe(1);
  });

  it('refuses the same version number with other files, writing nothing', async () => {
    await registerModelVersion({ card, status: 'ACTIVE', actor });
    await expect(registerModelVersion({ card: { ...card, sha256: 'a'.repeat(64) }, status: 'CANDIDATE', actor })).rejects.toSatisfy(isConflict);
    expect(await db.modelVersion.count()).toBe(1);
    expect(await db.auditEvent.count({ where: { action: 'model.registered' } })).toBe(1);
  });

  it('keeps one active version per engine: a second is a candidate', async () => {
    await registerModelVersion({ card, status: 'ACTIVE', actor });
    await expect(registerModelVersion({ card: otherVersion(2), status: 'ACTIVE', actor })).rejects.toSatisfy(isConflict);
    expect(await db.modelVersion.count()).toBe(1);
    const candidate = await registerModelVersion({ card: otherVersion(2), status: 'CANDIDATE', actor });
    expect(candidate.status).toBe('CANDIDATE');
    // Old cards carry no profile; without a rebuilt one the row simply has none.
    expect((await db.modelVersion.findUniqueOrThrow({ where: { id: candidate.id } })).trainingProfile).toBeNull();
  });

  it('has the database refuse a second ACTIVE row even past the use case (concurrent promotions)', async () => {
    await registerModelVersion({ card, status: 'ACTIVE', actor });
    const candidate = await registerModelVersion({ card: otherVersion(2), status: 'CANDIDATE', actor });
    await expect(db.modelVersion.update({ where: { id: candidate.id }, data: { status: 'ACTIVE' } })).rejects.toThrow();
    await db.modelVersion.updateMany({ where: { engine: 'feasibility', status: 'ACTIVE' }, data: { status: 'RETIRED' } });
    await db.modelVersion.update({ where: { id: candidate.id }, data: { status: 'ACTIVE' } });
    expect(await db.modelVersion.count({ where: { status: 'ACTIVE' } })).toBe(1);
  });
});
