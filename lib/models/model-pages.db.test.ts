import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { FEATURE_NAMES } from '@/lib/decisions/feasibility/features';
import { scoreOrderRelease } from '@/lib/decisions/feasibility/score-order-release';
import { rebuildFeasibilityProfile } from '@/lib/decisions/feasibility/train-feasibility-model';
import { explain, type FeatureContribution } from '@/lib/ml/explain';
import { sigmoid, type GbtModel } from '@/lib/ml/gbt';
import { modelCardSchema, type ModelCard } from '@/lib/ml/model-card';
import { findModelEngines } from '@/lib/models/find-model-engines';
import { getModelEngine } from '@/lib/models/get-model-engine';
import { getModelMonitoring } from '@/lib/models/get-model-monitoring';
import { registerModelVersion } from '@/lib/models/register-model-version';
import type { Principal } from '@/lib/auth/principal';
import { createOrder, gatewayPrincipal, principalFor, setupPlant } from '@/lib/testing/fixtures';

const MODELS_DIR = path.resolve(import.meta.dirname, '../../models');
const actor = { actorType: 'SYSTEM' as const, actorName: 'test' };
const errorCode = (code: string) => (e: unknown) => e instanceof AppError && e.code === code;

let card: ModelCard;
let trees: GbtModel;

beforeAll(async () => {
  card = modelCardSchema.parse(JSON.parse(await readFile(path.join(MODELS_DIR, 'feasibility@1.card.json'), 'utf8')));
  trees = JSON.parse(await readFile(path.join(MODELS_DIR, 'feasibility@1.trees.json'), 'utf8')) as GbtModel;
});

async function registerCommitted(): Promise<void> {
  await registerModelVersion({ card, trainingProfile: rebuildFeasibilityProfile(card, trees), status: 'ACTIVE', actor });
  await registerModelVersion({ card: { ...card, version: 2, id: 'feasibility@2', sha256: 'e'.repeat(64), createdAt: new Date().toISOString() }, status: 'CANDIDATE', actor });
}

const score = (erpOrderId: string, dueInHours = 40) =>
  createOrder(erpOrderId, { quantity: 200, dueInHours }).then((o) =>
    scoreOrderRelease({
      siteId: '1710',
      orderId: o.erpOrderId,
      material: 'VALVE-ASSY-55',
      quantity: o.quantity,
      dueDate: o.dueDate,
      workCenter: 'WC-ASSY-05',
      requiredSkill: 'TORQUE_CERT',
      source: 'ERP_SYNC',
      actor,
    }),
  );

/** A recommendation as the engine would write it, with chosen model inputs. */
async function insertRecommendation(features: Record<string, number>, score = 0.8, verdict = 'FEASIBLE', siteId = '1710') {
  const now = new Date();
  await db.recommendation.create({
    data: {
      type: 'ORDER_RELEASE',
      siteId,
      status: 'PENDING',
      verdict,
      recommendedAction: 'RELEASE_ORDER',
      score,
      confidence: score,
      findings: [],
      evidence: { rows: [], features, capturedAt: now.toISOString() },
      proposedAction: {},
      modelVersion: 'feasibility@1',
      source: 'ERP_SYNC',
      summary: 'test',
      impactAt: now,
      expiresAt: new Date(now.getTime() + 3_600_000),
    },
  });
}

describe('explanations stored with feasibility recommendations', () => {
  beforeEach(setupPlant);

  it('keeps the top path contributions in evidence.explanation, and they are the trees’ own', async () => {
    const scored = await score('2000001');
    const rec = await db.recommendation.findUniqueOrThrow({ where: { id: scored.recommendationId! } });
    const evidence = rec.evidence as unknown as { features: Record<string, number>; explanation: FeatureContribution[] };
    expect(evidence.explanation.length).toBeGreaterThan(0);
    expect(evidence.explanation.length).toBeLessThanOrEqual(5);
    const sizes = evidence.explanation.map((c) => Math.abs(c.contribution));
    expect([...sizes].sort((a, b) => b - a)).toEqual(sizes);
    for (const c of evidence.explanation) expect(evidence.features[c.feature]).toBeCloseTo(c.value ?? Number.NaN, 3);

    // Recomputed from the stored model inputs, the trees give the same contributions, and all of them
    // together with the base give the model's probability, which is the recommendation's score.
    const row = FEATURE_NAMES.map((name) => evidence.features[name]);
    const full = explain(trees, row);
    for (const c of evidence.explanation) expect(full.contributions[FEATURE_NAMES.indexOf(c.feature as (typeof FEATURE_NAMES)[number])]).toBeCloseTo(c.contribution, 3);
    expect(rec.verdict).not.toBe('BLOCKED');
    expect(sigmoid(full.raw)).toBeCloseTo(rec.score, 2);
  });
});

describe('model registry pages', () => {
  beforeEach(setupPlant);

  it('lists engines with the active version and the newest candidate', async () => {
    const viewer = await principalFor('VIEWER');
    expect((await findModelEngines(viewer))[0]).toMatchObject({ engine: 'feasibility', versions: 0, active: null, latestCandidate: null });
    await registerCommitted();
    const [feasibility] = await findModelEngines(viewer);
    expect(feasibility).toMatchObject({ engine: 'feasibility', decisionType: 'ORDER_RELEASE', versions: 2 });
    expect(feasibility.active).toMatchObject({ modelId: 'feasibility@1', status: 'ACTIVE', kind: 'binary', headline: { name: 'AUC' } });
    expect(feasibility.active?.headline.value).toBeGreaterThan(0.95);
    expect(feasibility.latestCandidate?.modelId).toBe('feasibility@2');
  });

  it('refuses principals without models.read, and unknown engines as not found', async () => {
    const gateway = await gatewayPrincipal();
    await expect(findModelEngines(gateway)).rejects.toSatisfy(errorCode('FORBIDDEN'));
    await expect(getModelEngine(gateway, 'feasibility')).rejects.toSatisfy(errorCode('FORBIDDEN'));
    await expect(getModelMonitoring(gateway, 'feasibility', { days: 7 })).rejects.toSatisfy(errorCode('FORBIDDEN'));
    await expect(getModelEngine(await principalFor('SUPERVISOR'), 'nope')).rejects.toSatisfy(errorCode('NOT_FOUND'));
  });

  it('gives every version newest first with metrics, calibration and importances, and the version the files make current', async () => {
    await registerCommitted();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'interlock-pointer-'));
    try {
      await writeFile(path.join(dir, 'feasibility.current.json'), JSON.stringify({ version: 1, file: 'feasibility@1.onnx' }));
      const detail = await getModelEngine(await principalFor('ACCOUNTANT'), 'feasibility', dir);
      expect(detail.versions.map((v) => v.modelId)).toEqual(['feasibility@2', 'feasibility@1']);
      expect(detail.currentFileVersion).toBe(1);
      const v1 = detail.versions[1];
      expect(v1).toMatchObject({ status: 'ACTIVE', hasTrainingProfile: true, training: { rows: 8160 }, heldOut: { rows: 2040 } });
      expect(v1.metrics.kind ?? 'binary').toBe('binary');
      if (v1.metrics.kind === undefined || v1.metrics.kind === 'binary') expect(v1.metrics.calibration).toHaveLength(10);
      expect(v1.featureImportance[0].feature).toBe('slack_ratio');
      expect(detail.versions[0].hasTrainingProfile).toBe(false);
      expect((await getModelEngine(await principalFor('ADMIN'), 'feasibility', path.join(dir, 'none'))).currentFileVersion).toBeNull();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('live scores and drift', () => {
  beforeEach(setupPlant);

  it('summarises live scores and compares live inputs with the training profile', async () => {
    await registerCommitted();
    for (let i = 0; i < 4; i++) await score(`300000${i}`, 20 + i * 10);
    const monitoring = await getModelMonitoring(await principalFor('SUPERVISOR'), 'feasibility', { days: 7 });
    expect(monitoring.reference).toEqual({ modelId: 'feasibility@1', status: 'ACTIVE', hasTrainingProfile: true });
    expect(monitoring.recommendations).toBe(4);
    expect(monitoring.byVersion).toEqual([{ modelId: 'feasibility@1', count: 4 }]);
    expect(monitoring.scores.histogram).toHaveLength(10);
    expect(monitoring.scores.histogram.reduce((s, b) => s + b.live, 0)).toBeCloseTo(1, 12);
    expect(monitoring.scores.histogram.reduce((s, b) => s + (b.training ?? 0), 0)).toBeCloseTo(1, 12);
    expect(monitoring.scores.psi).not.toBeNull();
    expect(monitoring.drift).toHaveLength(13);
    monitoring.drift.forEach((d) => expect(d.liveRows).toBe(4));
    // Sorted by PSI, largest first.
    expect(monitoring.drift.map((d) => d.psi)).toEqual([...monitoring.drift.map((d) => d.psi)].sort((a, b) => b - a));
  });

  it('warns past 0.2 when an input moves away from its training distribution, and not when it matches', async () => {
    await registerCommitted();
    const profile = rebuildFeasibilityProfile(card, trees);
    const slack = profile.features.find((p) => p.feature === 'slack_hours')!;
    // Live rows drawn bin by bin in the training shares: no drift.
    const typical = slack.edges.length + 1;
    for (let bin = 0; bin < typical; bin++) {
      const count = Math.round(slack.shares[bin] * 100);
      const value = bin === 0 ? slack.edges[0] - 1 : bin === slack.edges.length ? slack.edges[bin - 1] + 1 : (slack.edges[bin - 1] + slack.edges[bin]) / 2;
      for (let i = 0; i < count; i++) await insertRecommendation({ slack_hours: value });
    }
    const stable = await getModelMonitoring(await principalFor('ADMIN'), 'feasibility', { days: 7 });
    expect(stable.drift.find((d) => d.feature === 'slack_hours')?.level).toBe('stable');

    // Every live order far past the latest training slack.
    await db.recommendation.deleteMany();
    for (let i = 0; i < 50; i++) await insertRecommendation({ slack_hours: 500 + i });
    const shifted = await getModelMonitoring(await principalFor('ADMIN'), 'feasibility', { days: 7 });
    const drift = shifted.drift.find((d) => d.feature === 'slack_hours')!;
    expect(drift.psi).toBeGreaterThan(0.2);
    expect(drift.level).toBe('shift');
    expect(shifted.driftWarning).toBe(true);
  });

  it('counts blocked orders apart from the model’s scores, and only sees the principal’s sites', async () => {
    await registerCommitted();
    await insertRecommendation({ slack_hours: 10 }, 0, 'BLOCKED');
    await insertRecommendation({ slack_hours: 10 }, 0.9);
    await insertRecommendation({ slack_hours: 10 }, 0.9, 'FEASIBLE', '9999');
    const supervisor = await principalFor('SUPERVISOR');
    const monitoring = await getModelMonitoring(supervisor, 'feasibility', { days: 7 });
    expect(monitoring.recommendations).toBe(2);
    expect(monitoring.scores.blocked).toBe(1);
    expect(monitoring.scores.histogram[9].count).toBe(1);
    const nowhere: Principal = { ...supervisor, scopes: [] };
    expect((await getModelMonitoring(nowhere, 'feasibility', { days: 7 })).recommendations).toBe(0);
  });

  it('reports no reference and no drift before any version is registered', async () => {
    await insertRecommendation({ slack_hours: 10 });
    const monitoring = await getModelMonitoring(await principalFor('VIEWER'), 'feasibility', { days: 7 });
    expect(monitoring.reference).toBeNull();
    expect(monitoring.drift).toEqual([]);
    expect(monitoring.scores.psi).toBeNull();
    expect(monitoring.driftWarning).toBe(false);
  });
});
