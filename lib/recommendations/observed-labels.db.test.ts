import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import type { SapSimulator } from '@/lib/erp/simulator/sap-simulator';
import { syncProductionOrders } from '@/lib/erp/sync-production-orders';
import { expireRecommendations } from '@/lib/recommendations/expire-recommendations';
import { verifyAuditChain } from '@/lib/audit/verify-audit-chain';
import { FEATURE_NAMES } from '@/lib/decisions/feasibility/features';
import { setupPlant } from '@/lib/testing/fixtures';
import { startTestSapSimulator } from '@/lib/testing/sap-simulator';

// SHADOW autonomy: nobody decides in Interlock; what people do in the ERP becomes the label.
let sim: SapSimulator;
let seq = 4_000_000;

beforeAll(async () => {
  sim = await startTestSapSimulator({ SAP_TIMEOUT_MS: '2000' });
});
afterAll(async () => {
  await sim.close();
});

async function setMode(mode: 'SHADOW' | 'SUPERVISED') {
  await db.policy.upsert({
    where: { type_siteId: { type: 'ORDER_RELEASE', siteId: '1710' } },
    create: { type: 'ORDER_RELEASE', siteId: '1710', mode },
    update: { mode },
  });
}

/** An unreleased order in SAP, mirrored and scored by the sync. */
async function syncedOrder(): Promise<{ erpOrderId: string; recId: string; orderId: string }> {
  const erpOrderId = String(seq++);
  sim.state.createOrder({ id: erpOrderId, plant: '1710', material: 'VALVE-ASSY-55', quantity: 200, unit: 'EA', workCenter: 'WC-ASSY-05', plannedStart: new Date(), plannedEnd: new Date(Date.now() + 30 * 3_600_000), components: [] });
  await syncProductionOrders('1710');
  const order = await db.productionOrder.findUniqueOrThrow({ where: { siteId_erpOrderId: { siteId: '1710', erpOrderId } } });
  const rec = await db.recommendation.findFirstOrThrow({ where: { orderId: order.id } });
  return { erpOrderId, recId: rec.id, orderId: order.id };
}

describe('observed labels in SHADOW autonomy', () => {
  beforeEach(async () => {
    await setupPlant();
    sim.state.reset();
    await setMode('SHADOW');
  });

  it('records RELEASED when the sync sees the order released in the ERP, once, with the order and the recommendation closed', async () => {
    const { erpOrderId, recId, orderId } = await syncedOrder();
    const rec = await db.recommendation.findUniqueOrThrow({ where: { id: recId } });
    expect(rec.status).toBe('SHADOW');
    // Nothing is released yet: no label.
    expect((await syncProductionOrders('1710')).observedReleases).toBe(0);
    expect(await db.labelledExample.count()).toBe(0);

    sim.state.release(erpOrderId); // a planner releases it in SAP
    expect((await syncProductionOrders('1710')).observedReleases).toBe(1);
    expect((await syncProductionOrders('1710')).observedReleases).toBe(0);

    const examples = await db.labelledExample.findMany({ where: { recommendationId: recId } });
    expect(examples).toHaveLength(1);
    expect(examples[0]).toMatchObject({
      engine: 'feasibility',
      source: 'OBSERVED',
      decisionId: null,
      outcome: 'RELEASED',
      humanAction: 'RELEASE_ORDER',
      label: 1,
      agreed: rec.recommendedAction === 'RELEASE_ORDER',
      aiAction: rec.recommendedAction,
      modelVersion: rec.modelVersion,
      features: (rec.evidence as { features: unknown }).features,
      decidedById: null,
      costValue: 200 * 42.5,
      scoredAt: rec.createdAt,
    });
    expect(Object.keys(examples[0].features as object).sort()).toEqual([...FEATURE_NAMES].sort());
    expect(await db.productionOrder.findUniqueOrThrow({ where: { id: orderId } })).toMatchObject({ status: 'RELEASED' });
    expect(await db.recommendation.findUniqueOrThrow({ where: { id: recId } })).toMatchObject({ status: 'WITHDRAWN', version: rec.version + 1 });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { entityId: orderId, action: 'order.status_changed' } });
    expect(audit.data).toMatchObject({ status: 'RELEASED', labelledExampleId: examples[0].id });
    expect((await verifyAuditChain()).ok).toBe(true);

    // Expiry later finds nothing open: still one example.
    await expireRecommendations(new Date(Date.now() + 48 * 3_600_000));
    expect(await db.labelledExample.count()).toBe(1);
  });

  it('records NOT_RELEASED when a SHADOW recommendation expires with the order still unreleased, once', async () => {
    const { recId } = await syncedOrder();
    const rec = await db.recommendation.findUniqueOrThrow({ where: { id: recId } });
    const at = new Date(rec.expiresAt.getTime() + 1000);
    expect(await expireRecommendations(at)).toBe(1);
    expect(await expireRecommendations(at)).toBe(0);

    const examples = await db.labelledExample.findMany({ where: { recommendationId: recId } });
    expect(examples).toHaveLength(1);
    expect(examples[0]).toMatchObject({
      source: 'OBSERVED',
      outcome: 'NOT_RELEASED',
      humanAction: rec.recommendedAction === 'RELEASE_ORDER' ? 'HOLD_ORDER' : rec.recommendedAction,
      label: 0,
      agreed: rec.recommendedAction !== 'RELEASE_ORDER',
      decidedAt: at,
    });
    expect((await db.recommendation.findUniqueOrThrow({ where: { id: recId } })).status).toBe('EXPIRED');
    const audit = await db.auditEvent.findFirstOrThrow({ where: { entityId: recId, action: 'recommendation.withdrawn' } });
    expect(audit.data).toMatchObject({ status: 'EXPIRED', observedOutcome: 'NOT_RELEASED' });
  });

  it('records nothing on expiry when the order was released meanwhile, nor for an expiring recommendation people decide in Interlock', async () => {
    const released = await syncedOrder();
    await db.productionOrder.update({ where: { id: released.orderId }, data: { status: 'RELEASED' } });
    await setMode('SUPERVISED');
    const supervised = await syncedOrder();
    expect((await db.recommendation.findUniqueOrThrow({ where: { id: supervised.recId } })).status).toBe('PENDING');

    expect(await expireRecommendations(new Date(Date.now() + 48 * 3_600_000))).toBe(2);
    expect(await db.labelledExample.count()).toBe(0);
  });
});
