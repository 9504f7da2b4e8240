import 'server-only';
import { db } from '@/lib/db';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import type { ErpConnector } from '@/lib/erp/connector';
import { captureObservedExample } from '@/lib/recommendations/capture-labelled-example';

const SYNC_ACTOR = { actorType: 'SYSTEM' as const, actorName: 'ERP order sync' };

/**
 * SHADOW autonomy: nobody decides in Interlock, people release orders in the
 * ERP on their own. An order with an open SHADOW recommendation that the ERP no
 * longer lists as unreleased is asked for; when the ERP says it is released,
 * the mirror marks it released, the recommendation is withdrawn (nothing is left
 * to propose) and what people did is kept as an observed example, all in one
 * transaction. Returns how many releases were recorded.
 */
export async function observeShadowReleases(siteId: string, connector: Pick<ErpConnector, 'getOrder'>, unreleased: ReadonlySet<string>): Promise<number> {
  const open = await db.recommendation.findMany({
    where: { siteId, status: 'SHADOW', order: { status: { in: ['CREATED', 'HELD'] } } },
    include: { order: true },
  });
  let observed = 0;
  for (const rec of open) {
    const order = rec.order;
    if (!order || unreleased.has(order.erpOrderId)) continue;
    // Gone from the unreleased list: released, or deleted/closed, which is no release.
    const erp = await connector.getOrder(siteId, order.erpOrderId);
    if (!erp?.isReleased) continue;
    const now = new Date();
    await db.$transaction(async (tx) => {
      const changed = await tx.recommendation.updateMany({ where: { id: rec.id, version: rec.version, status: 'SHADOW' }, data: { status: 'WITHDRAWN', version: { increment: 1 } } });
      if (changed.count !== 1) return;
      await tx.productionOrder.updateMany({ where: { id: order.id, status: { in: ['CREATED', 'HELD'] } }, data: { status: 'RELEASED', releasedAt: now, erpEtag: erp.etag } });
      const example = await captureObservedExample(tx, { recommendation: rec, outcome: 'RELEASED', observedAt: now, observedBy: SYNC_ACTOR.actorName });
      await recordAuditEvent(tx, {
        actor: SYNC_ACTOR,
        action: 'order.status_changed',
        entityType: 'ProductionOrder',
        entityId: order.id,
        siteId,
        data: { erpOrderId: order.erpOrderId, status: 'RELEASED', note: 'released in the ERP (SHADOW autonomy: people act there)', labelledExampleId: example?.id ?? null },
      });
      await recordAuditEvent(tx, {
        actor: SYNC_ACTOR,
        action: 'recommendation.withdrawn',
        entityType: 'Recommendation',
        entityId: rec.id,
        siteId,
        data: { reason: `order ${order.erpOrderId} was released in the ERP`, observedOutcome: 'RELEASED' },
      });
      observed++;
    });
  }
  return observed;
}
