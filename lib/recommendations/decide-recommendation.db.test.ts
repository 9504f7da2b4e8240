import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { decideRecommendation } from '@/lib/recommendations/decide-recommendation';
import { verifyAuditChain } from '@/lib/audit/verify-audit-chain';
import { postingReference } from '@/lib/posting/posting-reference';
import { expectAppError } from '@/lib/testing/expect-app-error';
import { countRows, createOrder, principalFor, scoreOrder, setupPlant, TEST_PASSWORD } from '@/lib/testing/fixtures';

async function pendingRecommendation(erpOrderId = '1000001') {
  const rec = await scoreOrder(await createOrder(erpOrderId));
  expect(rec.status).toBe('PENDING');
  return rec;
}

describe('decideRecommendation', () => {
  beforeEach(setupPlant);

  it('approves as supervisor: decision, posting and job in one go, audited with the signature', async () => {
    const rec = await pendingRecommendation();
    const supervisor = await principalFor('SUPERVISOR');
    await decideRecommendation({ principal: supervisor, recommendationId: rec.id, outcome: 'APPROVE', version: rec.version, password: TEST_PASSWORD });

    const after = await db.recommendation.findUniqueOrThrow({ where: { id: rec.id }, include: { decisions: true, postings: true } });
    expect(after.status).toBe('APPROVED');
    expect(after.version).toBe(rec.version + 1);
    expect(after.decisions).toHaveLength(1);
    expect(after.decisions[0]).toMatchObject({ outcome: 'APPROVE', userId: supervisor.id, signatureMeaning: 'Approve: release order 1000001 to SAP' });
    expect(after.postings).toHaveLength(1);
    expect(after.postings[0]).toMatchObject({ state: 'QUEUED', operation: 'RELEASE_ORDER', idempotencyKey: postingReference(after.decisions[0].id) });
    const jobs = await db.$queryRaw<{ task_identifier: string; payload: { postingId: string } }[]>`
      SELECT t.identifier AS task_identifier, j.payload FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id`;
    expect(jobs).toEqual([{ task_identifier: 'post-erp-action', payload: { postingId: after.postings[0].id } }]);
    const audit = await db.auditEvent.findMany({ where: { entityId: rec.id, action: 'recommendation.approved' } });
    expect(audit).toHaveLength(1);
    expect(audit[0].data).toMatchObject({ signature: { signer: supervisor.name, meaning: 'Approve: release order 1000001 to SAP', reauthenticated: true } });
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it('gives one decision and one conflict to two concurrent approvals', async () => {
    const rec = await pendingRecommendation();
    const [sup, admin] = await Promise.all([principalFor('SUPERVISOR'), principalFor('ADMIN')]);
    const results = await Promise.allSettled([
      decideRecommendation({ principal: sup, recommendationId: rec.id, outcome: 'APPROVE', version: rec.version, password: TEST_PASSWORD }),
      decideRecommendation({ principal: admin, recommendationId: rec.id, outcome: 'APPROVE', version: rec.version, password: TEST_PASSWORD }),
    ]);
    const fulfilled = results.filter((r) => r.status === 'fulfilled');
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0].reason).toBeInstanceOf(AppError);
    expect((rejected[0].reason as AppError).code).toBe('CONFLICT');
    expect(await db.decision.count({ where: { recommendationId: rec.id } })).toBe(1);
    expect(await db.erpPosting.count({ where: { recommendationId: rec.id } })).toBe(1);
  });

  it('refuses a stale version with CONFLICT and changes nothing', async () => {
    const rec = await pendingRecommendation();
    const sup = await principalFor('SUPERVISOR');
    await decideRecommendation({ principal: sup, recommendationId: rec.id, outcome: 'HOLD', version: rec.version, password: TEST_PASSWORD });
    const before = await countRows();
    await expectAppError(decideRecommendation({ principal: sup, recommendationId: rec.id, outcome: 'APPROVE', version: rec.version, password: TEST_PASSWORD }), 'CONFLICT');
    expect(await countRows()).toEqual(before);
  });

  it('lets a held recommendation be approved later', async () => {
    const rec = await pendingRecommendation();
    const sup = await principalFor('SUPERVISOR');
    await decideRecommendation({ principal: sup, recommendationId: rec.id, outcome: 'HOLD', version: rec.version, password: TEST_PASSWORD, comment: 'wait for shift B' });
    const held = await db.recommendation.findUniqueOrThrow({ where: { id: rec.id }, include: { order: true } });
    expect(held.status).toBe('HELD');
    expect(held.order?.status).toBe('HELD');
    await decideRecommendation({ principal: sup, recommendationId: rec.id, outcome: 'APPROVE', version: held.version, password: TEST_PASSWORD });
    expect((await db.recommendation.findUniqueOrThrow({ where: { id: rec.id } })).status).toBe('APPROVED');
  });

  it('refuses a viewer (FORBIDDEN), a wrong password and a reject without reason (BAD_REQUEST), changing nothing', async () => {
    const rec = await pendingRecommendation();
    const before = await countRows();
    const viewer = await principalFor('VIEWER');
    await expectAppError(decideRecommendation({ principal: viewer, recommendationId: rec.id, outcome: 'APPROVE', version: rec.version, password: TEST_PASSWORD }), 'FORBIDDEN');
    const accountant = await principalFor('ACCOUNTANT');
    await expectAppError(decideRecommendation({ principal: accountant, recommendationId: rec.id, outcome: 'APPROVE', version: rec.version, password: TEST_PASSWORD }), 'FORBIDDEN');
    const sup = await principalFor('SUPERVISOR');
    const wrong = await expectAppError(decideRecommendation({ principal: sup, recommendationId: rec.id, outcome: 'APPROVE', version: rec.version, password: 'nope' }), 'BAD_REQUEST');
    expect(wrong.fieldErrors?.password).toBeDefined();
    const noReason = await expectAppError(decideRecommendation({ principal: sup, recommendationId: rec.id, outcome: 'REJECT', version: rec.version, password: TEST_PASSWORD, comment: '  ' }), 'BAD_REQUEST');
    expect(noReason.fieldErrors?.comment).toBeDefined();
    expect(await countRows()).toEqual(before);
    expect((await db.recommendation.findUniqueOrThrow({ where: { id: rec.id } })).status).toBe('PENDING');
  });

  it('answers NOT_FOUND outside the user\'s plant scope', async () => {
    const rec = await pendingRecommendation();
    const sup = await principalFor('SUPERVISOR');
    await db.userScope.deleteMany({ where: { userId: sup.id } });
    await db.userScope.create({ data: { userId: sup.id, siteId: '9999' } });
    const outside = await principalFor('SUPERVISOR');
    await expectAppError(decideRecommendation({ principal: outside, recommendationId: rec.id, outcome: 'APPROVE', version: rec.version, password: TEST_PASSWORD }), 'NOT_FOUND');
  });

  it('rejects with a reason and keeps the order unreleased', async () => {
    const rec = await pendingRecommendation();
    const sup = await principalFor('SUPERVISOR');
    await decideRecommendation({ principal: sup, recommendationId: rec.id, outcome: 'REJECT', version: rec.version, password: TEST_PASSWORD, comment: 'tooling not ready' });
    const after = await db.recommendation.findUniqueOrThrow({ where: { id: rec.id }, include: { decisions: true, order: true } });
    expect(after.status).toBe('REJECTED');
    expect(after.decisions[0].comment).toBe('tooling not ready');
    expect(after.order?.status).toBe('CREATED');
    expect(await db.erpPosting.count()).toBe(0);
  });
});
