import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import type { SapSimulator } from '@/lib/erp/simulator/sap-simulator';
import { decideRecommendation } from '@/lib/recommendations/decide-recommendation';
import { postErpAction } from '@/lib/posting/post-erp-action';
import { resolveFailedPosting } from '@/lib/posting/resolve-failed-posting';
import { sweepPostings } from '@/lib/posting/sweep-postings';
import { reversePosting } from '@/lib/posting/reverse-posting';
import { queueErpPosting } from '@/lib/posting/queue-posting';
import { verifyAuditChain } from '@/lib/audit/verify-audit-chain';
import { AppError } from '@/lib/errors';
import { createOrder, principalFor, scoreOrder, setupPlant, TEST_PASSWORD } from '@/lib/testing/fixtures';
import { startTestSapSimulator } from '@/lib/testing/sap-simulator';

let sim: SapSimulator;
let seq = 3_000_000;

beforeAll(async () => {
  sim = await startTestSapSimulator({ POSTING_RETRY_BASE_MS: '10', SAP_TIMEOUT_MS: '1500' });
});
afterAll(async () => {
  await sim.close();
});

/** An order in SAP and in the mirror, scored and approved by the supervisor: one queued posting. */
async function approvedPosting() {
  const erpOrderId = String(seq++);
  sim.state.createOrder({ id: erpOrderId, plant: '1710', material: 'VALVE-ASSY-55', quantity: 200, unit: 'EA', workCenter: 'WC-ASSY-05', plannedStart: new Date(), plannedEnd: new Date(Date.now() + 30 * 3_600_000), components: [] });
  const rec = await scoreOrder(await createOrder(erpOrderId, { quantity: 200 }));
  await decideRecommendation({ principal: await principalFor('SUPERVISOR'), recommendationId: rec.id, outcome: 'APPROVE', version: rec.version, password: TEST_PASSWORD });
  const posting = await db.erpPosting.findFirstOrThrow({ where: { recommendationId: rec.id } });
  return { erpOrderId, posting, recId: rec.id };
}

const posting = (id: string) => db.erpPosting.findUniqueOrThrow({ where: { id } });

describe('postErpAction against the SAP simulator', () => {
  beforeEach(async () => {
    await setupPlant();
    sim.faults.clear();
    sim.state.resetStats();
  });

  it('posts an approved release once and records the ERP answer', async () => {
    const { erpOrderId, posting: p, recId } = await approvedPosting();
    await postErpAction(p.id);
    const after = await posting(p.id);
    expect(after).toMatchObject({ state: 'POSTED', erpDocument: erpOrderId, attempts: 1 });
    expect(JSON.stringify(after.messages)).toContain(erpOrderId);
    expect((await db.recommendation.findUniqueOrThrow({ where: { id: recId } })).status).toBe('POSTED');
    expect(sim.state.stats.releases[erpOrderId]).toBe(1);
    // A second delivery of the same job does nothing.
    await postErpAction(p.id);
    expect(sim.state.stats.releaseCalls[erpOrderId]).toBe(1);
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it('retries a 503 and posts on the next attempt', async () => {
    const { erpOrderId, posting: p } = await approvedPosting();
    sim.faults.set({ failNext: { count: 1, status: 503, on: 'change' } });
    await postErpAction(p.id);
    const waiting = await posting(p.id);
    expect(waiting.state).toBe('RETRYING');
    expect(waiting.nextAttemptAt).not.toBeNull();
    await postErpAction(p.id);
    expect(await posting(p.id)).toMatchObject({ state: 'POSTED', attempts: 2 });
    expect(sim.state.stats.releases[erpOrderId]).toBe(1);
  });

  it('resolves a reset after commit by reading back, without sending again', async () => {
    const { erpOrderId, posting: p } = await approvedPosting();
    sim.faults.set({ resetNext: { count: 1, when: 'after-commit' } });
    await postErpAction(p.id);
    expect((await posting(p.id)).state).toBe('IN_DOUBT');
    expect(sim.state.stats.releases[erpOrderId]).toBe(1);
    await postErpAction(p.id);
    const after = await posting(p.id);
    expect(after.state).toBe('POSTED');
    expect(JSON.stringify(after.messages)).toContain('read-back');
    expect(sim.state.stats.releaseCalls[erpOrderId]).toBe(1);
  });

  it('stays in doubt when the read-back itself fails, and never sends twice (found by the fault suite)', async () => {
    const { erpOrderId, posting: p } = await approvedPosting();
    sim.faults.set({ resetNext: { count: 1, when: 'after-commit' } });
    await postErpAction(p.id);
    expect((await posting(p.id)).state).toBe('IN_DOUBT');
    sim.faults.set({ failNext: { count: 1, status: 500, on: 'read' } });
    await postErpAction(p.id);
    expect((await posting(p.id)).state).toBe('IN_DOUBT');
    await postErpAction(p.id);
    expect(await posting(p.id)).toMatchObject({ state: 'POSTED', attempts: 3 });
    expect(sim.state.stats.releaseCalls[erpOrderId]).toBe(1);
  });

  it('takes over a claim whose worker died mid-call, reading back first', async () => {
    const { erpOrderId, posting: p } = await approvedPosting();
    // The dead worker's call reached SAP, then the process was killed before recording it.
    sim.state.release(erpOrderId);
    await db.$executeRaw`UPDATE "ErpPosting" SET state = 'POSTING', attempts = 1, "updatedAt" = now() - interval '1 hour' WHERE id = ${p.id}`;
    expect(await sweepPostings(60_000)).toBe(1);
    await postErpAction(p.id);
    expect(await posting(p.id)).toMatchObject({ state: 'POSTED', attempts: 2 });
    expect(sim.state.stats.releases[erpOrderId]).toBe(1);
  });

  it('lets only one of two racing workers post', async () => {
    const { erpOrderId, posting: p } = await approvedPosting();
    sim.faults.set({ latencyMs: 200, latencyOn: 'change' });
    await Promise.all([postErpAction(p.id), postErpAction(p.id), postErpAction(p.id)]);
    expect(await posting(p.id)).toMatchObject({ state: 'POSTED', attempts: 1 });
    expect(sim.state.stats.releaseCalls[erpOrderId]).toBe(1);
  });

  it('fails a business refusal for a person, who can retry it after the cause is fixed', async () => {
    const { erpOrderId, posting: p, recId } = await approvedPosting();
    sim.state.lock(erpOrderId);
    await postErpAction(p.id);
    const failed = await posting(p.id);
    expect(failed.state).toBe('FAILED');
    expect(failed.lastError).toMatch(/lock/i);
    expect((await db.recommendation.findUniqueOrThrow({ where: { id: recId } })).status).toBe('POST_FAILED');

    const supervisor = await principalFor('SUPERVISOR');
    const viewer = await principalFor('VIEWER');
    await expect(resolveFailedPosting(viewer, p.id, 'retry', null)).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.code === 'FORBIDDEN');
    await expect(resolveFailedPosting(supervisor, p.id, 'abandon', ' ')).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.code === 'BAD_REQUEST');

    sim.state.unlock(erpOrderId);
    await resolveFailedPosting(supervisor, p.id, 'retry', 'lock removed in SAP');
    expect((await posting(p.id)).state).toBe('IN_DOUBT');
    await postErpAction(p.id);
    expect((await posting(p.id)).state).toBe('POSTED');
    expect((await db.recommendation.findUniqueOrThrow({ where: { id: recId } })).status).toBe('POSTED');
    expect(await db.auditEvent.count({ where: { entityId: p.id, action: 'posting.retried_by_person' } })).toBe(1);
    await expect(resolveFailedPosting(supervisor, p.id, 'abandon', 'too late')).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.code === 'CONFLICT');
  });

  it('abandons a failed posting with a reason, and nothing more is sent', async () => {
    const { erpOrderId, posting: p } = await approvedPosting();
    sim.state.lock(erpOrderId);
    await postErpAction(p.id);
    await resolveFailedPosting(await principalFor('SUPERVISOR'), p.id, 'abandon', 'order cancelled by planning');
    expect((await posting(p.id)).state).toBe('ABANDONED');
    await postErpAction(p.id);
    expect(sim.state.stats.releaseCalls[erpOrderId]).toBe(1);
    expect(await sweepPostings(0, new Date(Date.now() + 3_600_000))).toBe(0);
  });
});

describe('goods movements: posted once, reversed from the console once', () => {
  beforeEach(async () => {
    await setupPlant();
    sim.faults.clear();
    sim.state.resetStats();
  });

  /** A goods issue of VLV-55 to a released order, approved and queued (as a backflush engine would). */
  async function goodsIssuePosting() {
    const { erpOrderId, recId } = await approvedPosting();
    sim.state.release(erpOrderId);
    sim.state.ledger.setStock({ material: 'VLV-55', plant: '1710', storageLocation: '171A', unit: 'EA', quantity: 100 });
    const rec = await db.recommendation.findUniqueOrThrow({ where: { id: recId } });
    const decision = await db.decision.create({ data: { recommendationId: rec.id, outcome: 'APPROVE', actorName: 'test', signatureMeaning: 'Approve: goods issue', recommendationVersion: rec.version } });
    const postingId = await db.$transaction((tx) =>
      queueErpPosting(tx, {
        recommendationId: rec.id,
        decisionId: decision.id,
        siteId: '1710',
        proposed: { system: 'SAP', operation: 'GOODS_MOVEMENT', method: 'POST', path: '/sap/opu/odata/sap/API_MATERIAL_DOCUMENT_SRV/A_MaterialDocumentHeader', description: 'Goods issue 261' },
        request: { siteId: '1710', body: { kind: 'GOODS_ISSUE', order: erpOrderId, items: [{ material: 'VLV-55', quantity: 7, uom: 'EA', storageLocation: '171A' }] } },
        actor: { actorType: 'SYSTEM', actorName: 'test' },
      }),
    );
    return { postingId, recId };
  }

  it('posts a goods issue once even when the answer is lost after commit', async () => {
    const { postingId } = await goodsIssuePosting();
    sim.faults.set({ resetNext: { count: 1, when: 'after-commit' } });
    await postErpAction(postingId);
    expect((await posting(postingId)).state).toBe('IN_DOUBT');
    await postErpAction(postingId);
    const p = await posting(postingId);
    expect(p.state).toBe('POSTED');
    expect(p.erpDocument).toMatch(/^\d+\/\d{4}$/);
    const docs = sim.state.ledger.documentStats();
    expect(docs.byReference[p.idempotencyKey]).toBe(1);
    expect(sim.state.ledger.stockOf('VLV-55', '1710', '171A')).toBe(93);
  });

  it('reverses a posted goods issue with a signed decision, exactly once', async () => {
    const { postingId } = await goodsIssuePosting();
    await postErpAction(postingId);
    const original = await posting(postingId);
    const supervisor = await principalFor('SUPERVISOR');
    const viewer = await principalFor('VIEWER');
    await expect(reversePosting(viewer, postingId, { reason: 'wrong batch', password: TEST_PASSWORD })).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.code === 'FORBIDDEN');
    await expect(reversePosting(supervisor, postingId, { reason: 'wrong batch', password: 'nope' })).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.code === 'BAD_REQUEST');

    const reversalId = await reversePosting(supervisor, postingId, { reason: 'wrong batch', password: TEST_PASSWORD });
    await expect(reversePosting(supervisor, postingId, { reason: 'again', password: TEST_PASSWORD })).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.code === 'CONFLICT');
    sim.faults.set({ resetNext: { count: 1, when: 'after-commit' } });
    await postErpAction(reversalId);
    await postErpAction(reversalId);
    expect((await posting(reversalId)).state).toBe('POSTED');
    const docs = sim.state.ledger.documentStats();
    expect(docs.reversalsByDocument[original.erpDocument!]).toBe(1);
    expect(sim.state.ledger.stockOf('VLV-55', '1710', '171A')).toBe(100);
    expect(await db.auditEvent.count({ where: { entityId: postingId, action: 'posting.reversal_requested' } })).toBe(1);
  });
});
