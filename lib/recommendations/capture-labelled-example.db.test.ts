import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { decideRecommendation } from '@/lib/recommendations/decide-recommendation';
import { verifyAuditChain } from '@/lib/audit/verify-audit-chain';
import { FEATURE_NAMES } from '@/lib/decisions/feasibility/features';
import { expectAppError } from '@/lib/testing/expect-app-error';
import { countRows, createOrder, principalFor, scoreOrder, setupPlant, TEST_PASSWORD } from '@/lib/testing/fixtures';

const QUANTITY = 300;
const UNIT_COST = 42.5; // VALVE-ASSY-55 in the demo plant

async function scored(erpOrderId: string) {
  return scoreOrder(await createOrder(erpOrderId, { quantity: QUANTITY }));
}

async function pending(erpOrderId = '1000001') {
  const rec = await scored(erpOrderId);
  expect(rec.status).toBe('PENDING');
  // The demo floor lets this order go now: the proposals below are releases.
  expect(rec.recommendedAction).toBe('RELEASE_ORDER');
  return rec;
}

const examplesOf = (recommendationId: string) => db.labelledExample.findMany({ where: { recommendationId } });

async function countAll() {
  return { ...(await countRows()), examples: await db.labelledExample.count() };
}

describe('label capture with each human decision', () => {
  beforeEach(setupPlant);

  it('approval: one example with the features as scored, frozen against later changes of the recommendation', async () => {
    const rec = await pending();
    const sup = await principalFor('SUPERVISOR');
    await decideRecommendation({ principal: sup, recommendationId: rec.id, outcome: 'APPROVE', version: rec.version, password: TEST_PASSWORD, reasonCode: 'AGREE' });

    const decision = await db.decision.findFirstOrThrow({ where: { recommendationId: rec.id } });
    const [example] = await examplesOf(rec.id);
    expect(await db.labelledExample.count()).toBe(1);
    const features = (rec.evidence as { features: Record<string, number> }).features;
    // jsonb keeps keys in its own order: the dataset reads them by name.
    expect(Object.keys(features).sort()).toEqual([...FEATURE_NAMES].sort());
    expect(example).toMatchObject({
      engine: 'feasibility',
      decisionType: 'ORDER_RELEASE',
      siteId: '1710',
      lineId: rec.lineId,
      workCenterId: rec.workCenterId,
      source: 'DECISION',
      decisionId: decision.id,
      modelVersion: rec.modelVersion,
      features,
      aiVerdict: rec.verdict,
      aiAction: 'RELEASE_ORDER',
      aiScore: rec.score,
      aiConfidence: rec.confidence,
      outcome: 'APPROVE',
      humanAction: 'RELEASE_ORDER',
      label: 1,
      agreed: true,
      reasonCode: 'AGREE',
      edit: null,
      costValue: QUANTITY * UNIT_COST,
      scoredAt: rec.createdAt,
      decidedAt: decision.createdAt,
      decidedById: sup.id,
      decidedByName: sup.name,
    });
    expect(example.costMinutes).toBeCloseTo(features.planned_hours * 60, 1);
    expect(decision.reasonCode).toBe('AGREE');

    // Someone rewrites the recommendation's evidence later: the example keeps what the person saw.
    await db.recommendation.update({ where: { id: rec.id }, data: { evidence: { features: Object.fromEntries(FEATURE_NAMES.map((n) => [n, -1])) } } });
    const [after] = await examplesOf(rec.id);
    expect(after.features).toEqual(features);
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it('rejection with a specific reason and no comment: the order stays unreleased, label 0, reason in the audit event', async () => {
    const rec = await pending();
    const sup = await principalFor('SUPERVISOR');
    await decideRecommendation({ principal: sup, recommendationId: rec.id, outcome: 'REJECT', version: rec.version, password: TEST_PASSWORD, reasonCode: 'MATERIAL_NOT_AVAILABLE' });

    const after = await db.recommendation.findUniqueOrThrow({ where: { id: rec.id }, include: { decisions: true } });
    expect(after.status).toBe('REJECTED');
    expect(after.decisions[0]).toMatchObject({ comment: null, reasonCode: 'MATERIAL_NOT_AVAILABLE', edit: null });
    const examples = await examplesOf(rec.id);
    expect(examples).toHaveLength(1);
    expect(examples[0]).toMatchObject({ outcome: 'REJECT', humanAction: 'HOLD_ORDER', label: 0, agreed: false, reasonCode: 'MATERIAL_NOT_AVAILABLE' });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { entityId: rec.id, action: 'recommendation.rejected' } });
    expect(audit.data).toMatchObject({ reasonCode: 'MATERIAL_NOT_AVAILABLE', edit: null, comment: null });
  });

  it('hold with a correction: the person\'s hold-until time goes on the order, the corrected verdict sets the label', async () => {
    const rec = await pending();
    const sup = await principalFor('SUPERVISOR');
    const holdUntil = new Date(Date.now() + 6 * 3_600_000);
    holdUntil.setUTCMilliseconds(0);
    await decideRecommendation({
      principal: sup,
      recommendationId: rec.id,
      outcome: 'HOLD',
      version: rec.version,
      password: TEST_PASSWORD,
      reasonCode: 'SCHEDULE_CONFLICT',
      edit: { verdict: 'AT_RISK', earliestStart: holdUntil.toISOString() },
    });

    const after = await db.recommendation.findUniqueOrThrow({ where: { id: rec.id }, include: { decisions: true, order: true } });
    expect(after.status).toBe('HELD');
    expect(after.order?.status).toBe('HELD');
    expect(after.order?.earliestStart?.toISOString()).toBe(holdUntil.toISOString());
    // The AI's own earliest start stays on the recommendation: the correction is the person's.
    expect(after.earliestStart?.toISOString()).toBe(rec.earliestStart?.toISOString());
    const edit = { verdict: 'AT_RISK', earliestStart: holdUntil.toISOString() };
    expect(after.decisions[0]).toMatchObject({ reasonCode: 'SCHEDULE_CONFLICT', edit });
    const examples = await examplesOf(rec.id);
    expect(examples).toHaveLength(1);
    expect(examples[0]).toMatchObject({ outcome: 'HOLD', humanAction: 'DELAY_RELEASE', label: 0, agreed: false, edit });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { entityId: rec.id, action: 'recommendation.held' } });
    expect(audit.data).toMatchObject({ reasonCode: 'SCHEDULE_CONFLICT', edit });
    const orderEvent = await db.auditEvent.findFirstOrThrow({ where: { entityId: rec.orderId!, action: 'order.status_changed' } });
    expect(orderEvent.data).toMatchObject({ status: 'HELD', earliestStart: holdUntil.toISOString() });
  });

  it('approval with a corrected verdict: agreed on the action, labelled by the verdict', async () => {
    const rec = await pending();
    const sup = await principalFor('SUPERVISOR');
    await decideRecommendation({ principal: sup, recommendationId: rec.id, outcome: 'APPROVE', version: rec.version, password: TEST_PASSWORD, reasonCode: 'PRIORITY_OVERRIDE', edit: { verdict: 'AT_RISK' } });
    const examples = await examplesOf(rec.id);
    expect(examples).toHaveLength(1);
    expect(examples[0]).toMatchObject({ outcome: 'APPROVE', humanAction: 'RELEASE_ORDER', agreed: true, label: 0, edit: { verdict: 'AT_RISK' } });
  });

  it('a held recommendation approved later keeps the hold\'s label: one example per recommendation', async () => {
    const rec = await pending();
    const sup = await principalFor('SUPERVISOR');
    await decideRecommendation({ principal: sup, recommendationId: rec.id, outcome: 'HOLD', version: rec.version, password: TEST_PASSWORD });
    const held = await db.recommendation.findUniqueOrThrow({ where: { id: rec.id } });
    await decideRecommendation({ principal: sup, recommendationId: rec.id, outcome: 'APPROVE', version: held.version, password: TEST_PASSWORD });
    expect(await db.decision.count({ where: { recommendationId: rec.id } })).toBe(2);
    const examples = await examplesOf(rec.id);
    expect(examples).toHaveLength(1);
    expect(examples[0]).toMatchObject({ outcome: 'HOLD', humanAction: 'HOLD_ORDER', label: 0 });
  });

  it('refuses a bad reason code or edit with field errors and writes nothing: no decision, no example, no audit event', async () => {
    const rec = await pending();
    const sup = await principalFor('SUPERVISOR');
    const before = await countAll();
    const attempt = (over: Record<string, unknown>) =>
      expectAppError(decideRecommendation({ principal: sup, recommendationId: rec.id, version: rec.version, password: TEST_PASSWORD, outcome: 'APPROVE', ...over }), 'BAD_REQUEST');

    expect((await attempt({ reasonCode: 'MADE_UP' })).fieldErrors?.reasonCode).toBeDefined();
    expect((await attempt({ reasonCode: 'SAFETY' })).fieldErrors?.reasonCode).toBeDefined(); // a decline reason on an approval
    expect((await attempt({ outcome: 'REJECT', reasonCode: 'OTHER' })).fieldErrors?.comment).toBeDefined();
    expect((await attempt({ edit: { verdict: 'PROBABLY_FINE' } })).fieldErrors?.['edit.verdict']).toBeDefined();
    expect((await attempt({ edit: { verdict: 'BLOCKED' } })).fieldErrors?.['edit.verdict']).toBeDefined();
    expect((await attempt({ edit: { earliestStart: new Date(Date.now() + 3_600_000).toISOString() } })).fieldErrors?.['edit.earliestStart']).toBeDefined();
    expect((await attempt({ outcome: 'HOLD', edit: { earliestStart: new Date(Date.now() - 60_000).toISOString() } })).fieldErrors?.['edit.earliestStart']).toBeDefined();
    expect((await attempt({ edit: { verdict: 'AT_RISK', quantity: 10 } })).fieldErrors?.edit).toBeDefined();

    expect(await countAll()).toEqual(before);
    expect(await db.labelledExample.count()).toBe(0);
    const unchanged = await db.recommendation.findUniqueOrThrow({ where: { id: rec.id }, include: { order: true } });
    expect(unchanged).toMatchObject({ status: 'PENDING', version: rec.version });
    expect(unchanged.order?.status).toBe('CREATED');
  });

  it('writes no example for an auto-approval: the AI would be labelling itself', async () => {
    await db.policy.upsert({
      where: { type_siteId: { type: 'ORDER_RELEASE', siteId: '1710' } },
      create: { type: 'ORDER_RELEASE', siteId: '1710', mode: 'AUTO', autoThreshold: 0 },
      update: { mode: 'AUTO', autoThreshold: 0 },
    });
    const rec = await scored('1000002');
    expect(rec.status).toBe('AUTO_APPROVED');
    expect(await db.decision.count({ where: { recommendationId: rec.id } })).toBe(1);
    expect(await db.labelledExample.count()).toBe(0);
  });
});
