import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { getUserPrincipal } from '@/lib/auth/session';
import type { Principal } from '@/lib/auth/principal';
import { getFeasibilityModel } from '@/lib/decisions/feasibility/model';
import { scoreOrderRelease } from '@/lib/decisions/feasibility/score-order-release';
import { approveModelPromotion } from '@/lib/models/approve-model-promotion';
import { cancelModelPromotion } from '@/lib/models/cancel-model-promotion';
import { findModelPromotions } from '@/lib/models/find-model-promotions';
import { dropServingCache, getServingVersions } from '@/lib/models/get-serving-versions';
import { putModelInShadow } from '@/lib/models/put-model-in-shadow';
import { rejectModelPromotion } from '@/lib/models/reject-model-promotion';
import { requestModelPromotion } from '@/lib/models/request-model-promotion';
import { rollbackModel } from '@/lib/models/rollback-model';
import { syncModelRegistry } from '@/lib/models/sync-model-registry';
import { createOrder, principalFor, setupPlant, TEST_PASSWORD } from '@/lib/testing/fixtures';

const MODELS_DIR = path.resolve(import.meta.dirname, '../../models');
const system = { actorType: 'SYSTEM' as const, actorName: 'test' };
const errorCode = (code: string) => (e: unknown) => e instanceof AppError && e.code === code;
const engine = 'feasibility';

type User = Extract<Principal, { kind: 'user' }>;
let admin: User;
let admin2: User;

async function secondAdmin(): Promise<User> {
  const user = await db.user.findUniqueOrThrow({ where: { email: 'admin2@interlock.local' } });
  return (await getUserPrincipal(user.id))!;
}

const statuses = async () => Object.fromEntries((await db.modelVersion.findMany({ where: { engine }, orderBy: { version: 'asc' } })).map((r) => [r.version, r.status]));
const auditCount = () => db.auditEvent.count();

const score = (erpOrderId: string) =>
  createOrder(erpOrderId, { quantity: 200, dueInHours: 40 }).then((o) =>
    scoreOrderRelease({ siteId: '1710', orderId: o.erpOrderId, material: 'VALVE-ASSY-55', quantity: o.quantity, dueDate: o.dueDate, workCenter: 'WC-ASSY-05', requiredSkill: 'TORQUE_CERT', source: 'ERP_SYNC', actor: system }),
  );

beforeEach(async () => {
  await setupPlant();
  dropServingCache();
  await syncModelRegistry({ engine, modelsDir: MODELS_DIR, actor: system });
  admin = await principalFor('ADMIN');
  admin2 = await secondAdmin();
});

describe('requesting a promotion', () => {
  it('records a pending request with its evidence and changes nothing served', async () => {
    const before = await statuses();
    const request = await requestModelPromotion({ engine, version: 2, principal: admin, reason: '  better AUC on the last 30 days  ', scorecardSnapshot: { agreement: 0.91 } });
    expect(request).toMatchObject({ kind: 'PROMOTE', status: 'PENDING', fromVersion: 1, toVersion: 2, reason: 'better AUC on the last 30 days', requestedBy: { id: admin.id, name: admin.name }, version: 1 });
    expect(request.evidence).toMatchObject({ scorecard: { agreement: 0.91 }, heldOut: { target: { modelId: 'feasibility@2', name: 'AUC' }, active: { modelId: 'feasibility@1', name: 'AUC' } } });
    expect(await statuses()).toEqual(before);
    expect(await db.auditEvent.count({ where: { action: 'model.promotion_requested', entityId: request.id } })).toBe(1);
    expect((await findModelPromotions(await principalFor('VIEWER'), engine)).map((p) => p.id)).toEqual([request.id]);
  });

  it('allows one pending request per engine, needs a reason, and takes only candidates or shadows from admins', async () => {
    await requestModelPromotion({ engine, version: 2, principal: admin, reason: 'first' });
    const audit = await auditCount();
    await expect(requestModelPromotion({ engine, version: 2, principal: admin2, reason: 'second' })).rejects.toSatisfy(errorCode('CONFLICT'));
    await expect(requestModelPromotion({ engine, version: 2, principal: admin2, reason: '   ' })).rejects.toSatisfy(
      (e: unknown) => errorCode('BAD_REQUEST')(e) && (e as AppError).fieldErrors?.reason !== undefined,
    );
    await expect(requestModelPromotion({ engine, version: 1, principal: admin2, reason: 'already active' })).rejects.toSatisfy(errorCode('CONFLICT'));
    await expect(requestModelPromotion({ engine, version: 7, principal: admin2, reason: 'no such version' })).rejects.toSatisfy(errorCode('NOT_FOUND'));
    for (const role of ['SUPERVISOR', 'VIEWER', 'ACCOUNTANT'] as const) {
      await expect(requestModelPromotion({ engine, version: 2, principal: await principalFor(role), reason: 'x' })).rejects.toSatisfy(errorCode('FORBIDDEN'));
    }
    expect(await auditCount()).toBe(audit);
    expect(await db.modelPromotion.count()).toBe(1);
  });
});

describe('approving a promotion', () => {
  it('needs a second admin: the requester, a supervisor and a viewer are refused and nothing changes', async () => {
    const request = await requestModelPromotion({ engine, version: 2, principal: admin, reason: 'better calibrated' });
    const before = { statuses: await statuses(), audit: await auditCount() };
    await expect(approveModelPromotion({ engine, promotionId: request.id, version: 1, principal: admin, password: TEST_PASSWORD })).rejects.toSatisfy(
      (e: unknown) => errorCode('FORBIDDEN')(e) && /different admin must approve/.test((e as Error).message),
    );
    for (const role of ['SUPERVISOR', 'VIEWER'] as const) {
      await expect(approveModelPromotion({ engine, promotionId: request.id, version: 1, principal: await principalFor(role), password: TEST_PASSWORD })).rejects.toSatisfy(errorCode('FORBIDDEN'));
    }
    await expect(approveModelPromotion({ engine, promotionId: request.id, version: 1, principal: admin2, password: 'wrong' })).rejects.toSatisfy(
      (e: unknown) => errorCode('BAD_REQUEST')(e) && (e as AppError).fieldErrors?.password !== undefined,
    );
    await expect(approveModelPromotion({ engine: 'other', promotionId: request.id, version: 1, principal: admin2, password: TEST_PASSWORD })).rejects.toSatisfy(errorCode('NOT_FOUND'));
    expect({ statuses: await statuses(), audit: await auditCount() }).toEqual(before);
    expect((await db.modelPromotion.findUniqueOrThrow({ where: { id: request.id } })).status).toBe('PENDING');
  });

  it('makes the target active and retires the old one in one step, audited with both people, and scoring follows at once', async () => {
    await putModelInShadow({ engine, version: 2, actor: system });
    expect((await score('1000200')).modelVersion).toBe('feasibility@1');
    const request = await requestModelPromotion({ engine, version: 2, principal: admin, reason: 'agrees with supervisors more often' });
    const approved = await approveModelPromotion({ engine, promotionId: request.id, version: 1, principal: admin2, password: TEST_PASSWORD, comment: 'checked the scorecard' });
    expect(approved).toMatchObject({ status: 'APPROVED', decidedBy: { id: admin2.id, name: 'Blake Admin' }, decisionComment: 'checked the scorecard', version: 2 });

    const [v1, v2] = await db.modelVersion.findMany({ where: { engine }, orderBy: { version: 'asc' } });
    expect(v1).toMatchObject({ status: 'RETIRED' });
    expect(v1.retiredAt).not.toBeNull();
    expect(v2).toMatchObject({ status: 'ACTIVE', promotedById: admin2.id, promotedByName: 'Blake Admin', previousActiveVersion: 1, shadowSince: null });

    const event = await db.auditEvent.findFirstOrThrow({ where: { action: 'model.promoted' } });
    expect(event).toMatchObject({ actorId: admin2.id, entityType: 'ModelVersion', entityId: v2.id });
    expect(event.data).toMatchObject({
      from: 'feasibility@1',
      to: 'feasibility@2',
      reason: 'agrees with supervisors more often',
      requestedBy: { id: admin.id, name: admin.name },
      approvedBy: { id: admin2.id, name: 'Blake Admin' },
      signature: { reauthenticated: true },
    });

    // This process dropped its cache on commit: the next recommendation is @2's, with no shadow left.
    expect(await getServingVersions(engine)).toMatchObject({ active: 2, shadows: [] });
    const scored = await score('1000201');
    expect(scored.modelVersion).toBe('feasibility@2');
    expect(await db.modelPrediction.findMany({ where: { recommendationId: scored.recommendationId! }, select: { role: true, modelVersion: true } })).toEqual([
      { role: 'SERVED', modelVersion: 'feasibility@2' },
    ]);
  });

  it('lets exactly one of two racing approvals win; the other gets CONFLICT', async () => {
    // A third admin, so that two people other than the requester approve at the same moment.
    const passwordHash = (await db.user.findUniqueOrThrow({ where: { id: admin.id } })).passwordHash;
    const user = await db.user.create({ data: { email: 'admin3@interlock.local', name: 'Casey Admin', role: 'ADMIN', passwordHash } });
    const third = (await getUserPrincipal(user.id))!;
    const request = await requestModelPromotion({ engine, version: 2, principal: admin, reason: 'race' });
    const results = await Promise.allSettled([
      approveModelPromotion({ engine, promotionId: request.id, version: 1, principal: admin2, password: TEST_PASSWORD }),
      approveModelPromotion({ engine, promotionId: request.id, version: 1, principal: third, password: TEST_PASSWORD }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect(errorCode('CONFLICT')(rejected[0].reason)).toBe(true);
    expect(await statuses()).toEqual({ 1: 'RETIRED', 2: 'ACTIVE' });
    expect(await db.auditEvent.count({ where: { action: 'model.promoted' } })).toBe(1);
    // A stale approval after the fact is a conflict too.
    await expect(approveModelPromotion({ engine, promotionId: request.id, version: 1, principal: admin2, password: TEST_PASSWORD })).rejects.toSatisfy(errorCode('CONFLICT'));
  });
});

describe('rejecting and cancelling', () => {
  it('lets another admin reject with a comment, and only the requester cancel', async () => {
    const first = await requestModelPromotion({ engine, version: 2, principal: admin, reason: 'try it' });
    await expect(rejectModelPromotion({ engine, promotionId: first.id, version: 1, principal: admin, comment: 'no' })).rejects.toSatisfy(errorCode('FORBIDDEN'));
    await expect(rejectModelPromotion({ engine, promotionId: first.id, version: 1, principal: admin2, comment: ' ' })).rejects.toSatisfy(
      (e: unknown) => errorCode('BAD_REQUEST')(e) && (e as AppError).fieldErrors?.comment !== undefined,
    );
    const rejected = await rejectModelPromotion({ engine, promotionId: first.id, version: 1, principal: admin2, comment: 'not enough shadow data yet' });
    expect(rejected).toMatchObject({ status: 'REJECTED', decidedBy: { id: admin2.id }, decisionComment: 'not enough shadow data yet' });

    const second = await requestModelPromotion({ engine, version: 2, principal: admin, reason: 'after a week of shadow' });
    await expect(cancelModelPromotion({ engine, promotionId: second.id, version: 1, principal: admin2 })).rejects.toSatisfy(errorCode('FORBIDDEN'));
    expect(await cancelModelPromotion({ engine, promotionId: second.id, version: 1, principal: admin })).toMatchObject({ status: 'CANCELLED' });
    await expect(approveModelPromotion({ engine, promotionId: second.id, version: 2, principal: admin2, password: TEST_PASSWORD })).rejects.toSatisfy(errorCode('CONFLICT'));

    expect(await statuses()).toEqual({ 1: 'ACTIVE', 2: 'CANDIDATE' });
    const actions = (await db.auditEvent.findMany({ where: { action: { startsWith: 'model.promotion_' } }, orderBy: { seq: 'asc' } })).map((e) => e.action);
    expect(actions).toEqual(['model.promotion_requested', 'model.promotion_rejected', 'model.promotion_requested', 'model.promotion_cancelled']);
  });
});

describe('rolling back', () => {
  async function promoteTwo(): Promise<void> {
    const request = await requestModelPromotion({ engine, version: 2, principal: admin, reason: 'promote' });
    await approveModelPromotion({ engine, promotionId: request.id, version: 1, principal: admin2, password: TEST_PASSWORD });
  }

  it('returns to the previous version in one signed action, recorded as an approved ROLLBACK and audited', async () => {
    await promoteTwo();
    expect((await getFeasibilityModel()).version).toBe('feasibility@2');
    const rollback = await rollbackModel({ engine, principal: admin, reason: 'late orders were released', password: TEST_PASSWORD, fromVersion: 2 });
    expect(rollback).toMatchObject({ kind: 'ROLLBACK', status: 'APPROVED', fromVersion: 2, toVersion: 1, reason: 'late orders were released', requestedBy: { id: admin.id }, decidedBy: { id: admin.id } });
    expect(await statuses()).toEqual({ 1: 'ACTIVE', 2: 'RETIRED' });
    const v1 = await db.modelVersion.findUniqueOrThrow({ where: { engine_version: { engine, version: 1 } } });
    expect(v1).toMatchObject({ retiredAt: null, promotedById: admin.id, previousActiveVersion: null });
    expect((await getFeasibilityModel()).version).toBe('feasibility@1');
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: 'model.rolled_back' } });
    expect(event.data).toMatchObject({ from: 'feasibility@2', to: 'feasibility@1', reason: 'late orders were released', promotionId: rollback.id });
    expect((await findModelPromotions(admin, engine)).map((p) => [p.kind, p.status])).toEqual([
      ['ROLLBACK', 'APPROVED'],
      ['PROMOTE', 'APPROVED'],
    ]);
    // @1 replaced nothing: there is nowhere further back to go.
    await expect(rollbackModel({ engine, principal: admin, reason: 'again', password: TEST_PASSWORD })).rejects.toSatisfy(errorCode('CONFLICT'));
  });

  it('refuses with nothing to roll back to, a stale view, a wrong password or a non-admin; nothing changes', async () => {
    await expect(rollbackModel({ engine, principal: admin, reason: 'nothing before @1', password: TEST_PASSWORD })).rejects.toSatisfy(
      (e: unknown) => errorCode('CONFLICT')(e) && /nothing to roll back to/.test((e as Error).message),
    );
    await promoteTwo();
    const before = { statuses: await statuses(), audit: await auditCount(), promotions: await db.modelPromotion.count() };
    await expect(rollbackModel({ engine, principal: admin, reason: 'stale', password: TEST_PASSWORD, fromVersion: 1 })).rejects.toSatisfy(errorCode('CONFLICT'));
    await expect(rollbackModel({ engine, principal: admin, reason: 'x', password: 'wrong' })).rejects.toSatisfy(errorCode('BAD_REQUEST'));
    await expect(rollbackModel({ engine, principal: admin, reason: '', password: TEST_PASSWORD })).rejects.toSatisfy(errorCode('BAD_REQUEST'));
    await expect(rollbackModel({ engine, principal: await principalFor('SUPERVISOR'), reason: 'x', password: TEST_PASSWORD })).rejects.toSatisfy(errorCode('FORBIDDEN'));
    expect({ statuses: await statuses(), audit: await auditCount(), promotions: await db.modelPromotion.count() }).toEqual(before);
  });

  it('lets one of two racing rollbacks win', async () => {
    await promoteTwo();
    const results = await Promise.allSettled([
      rollbackModel({ engine, principal: admin, reason: 'one', password: TEST_PASSWORD, fromVersion: 2 }),
      rollbackModel({ engine, principal: admin2, reason: 'two', password: TEST_PASSWORD, fromVersion: 2 }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(errorCode('CONFLICT')(results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!.reason)).toBe(true);
    expect(await statuses()).toEqual({ 1: 'ACTIVE', 2: 'RETIRED' });
    expect(await db.auditEvent.count({ where: { action: 'model.rolled_back' } })).toBe(1);
  });
});
