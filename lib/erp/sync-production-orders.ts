import 'server-only';
import { db } from '@/lib/db';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getSiteConnector } from '@/lib/erp/get-site-connector';
import { scoreOrderRelease } from '@/lib/decisions/feasibility/score-order-release';
import { DEMO_ROUTING } from '@/prisma/demo-plant';
import { observeShadowReleases } from '@/lib/erp/observe-shadow-releases';
import { createLogger } from '@/lib/log';

const log = createLogger('erp-sync');
const SYNC_ACTOR = { actorType: 'SYSTEM' as const, actorName: 'ERP order sync' };

export interface SyncResult {
  seen: number;
  created: number;
  skipped: { erpOrderId: string; reason: string }[];
  scored: number;
  /** Orders released in the ERP by people while their recommendation ran in SHADOW (observed labels). */
  observedReleases: number;
}

/**
 * Mirrors the ERP's unreleased production orders and scores each new one: an
 * order that becomes ready for the floor in the ERP gets a recommendation.
 */
export async function syncProductionOrders(siteId: string): Promise<SyncResult> {
  const connector = getSiteConnector(siteId);
  const orders = await connector.findUnreleasedOrders(siteId);
  const result: SyncResult = { seen: orders.length, created: 0, skipped: [], scored: 0, observedReleases: 0 };
  for (const o of orders) {
    const existing = await db.productionOrder.findUnique({ where: { siteId_erpOrderId: { siteId, erpOrderId: o.erpOrderId } } });
    if (existing) continue;
    const material = await db.material.findUnique({ where: { siteId_code: { siteId, code: o.material } } });
    if (!material) {
      result.skipped.push({ erpOrderId: o.erpOrderId, reason: `material ${o.material} is not mirrored` });
      continue;
    }
    // The ERP order names its work center; the skill comes from the routing until routings are mirrored.
    const workCenterCode = o.workCenter ?? DEMO_ROUTING[o.material]?.workCenter ?? null;
    const wc = workCenterCode ? await db.workCenter.findUnique({ where: { siteId_code: { siteId, code: workCenterCode } } }) : null;
    const requiredSkill = DEMO_ROUTING[o.material]?.skill ?? null;
    const created = await db.$transaction(async (tx) => {
      const row = await tx.productionOrder.create({
        data: {
          siteId,
          erpOrderId: o.erpOrderId,
          materialId: material.id,
          quantity: o.quantity,
          uom: o.uom,
          workCenterId: wc?.id ?? null,
          requiredSkill,
          dueDate: o.dueDate,
          scheduledStart: o.scheduledStart,
          status: 'CREATED',
          erpEtag: o.etag,
        },
      });
      await recordAuditEvent(tx, {
        actor: SYNC_ACTOR,
        action: 'order.synced',
        entityType: 'ProductionOrder',
        entityId: row.id,
        siteId,
        data: { erpOrderId: o.erpOrderId, material: o.material, quantity: o.quantity, dueDate: o.dueDate.toISOString(), workCenter: workCenterCode },
      });
      return row;
    });
    result.created++;
    if (!workCenterCode) {
      result.skipped.push({ erpOrderId: o.erpOrderId, reason: 'no work center on the order' });
      continue;
    }
    await scoreOrderRelease({
      siteId,
      orderId: created.erpOrderId,
      material: o.material,
      quantity: o.quantity,
      dueDate: o.dueDate,
      workCenter: workCenterCode,
      requiredSkill,
      source: 'ERP_SYNC',
      actor: SYNC_ACTOR,
    });
    result.scored++;
  }
  result.observedReleases = await observeShadowReleases(siteId, connector, new Set(orders.map((o) => o.erpOrderId)));
  if (result.created || result.skipped.length || result.observedReleases) {
    log.info('synced', { siteId, seen: result.seen, created: result.created, scored: result.scored, skipped: result.skipped.length, observedReleases: result.observedReleases });
  }
  return result;
}
