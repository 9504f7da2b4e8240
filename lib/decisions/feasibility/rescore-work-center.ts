import 'server-only';
import { db } from '@/lib/db';
import { scoreOrderRelease } from '@/lib/decisions/feasibility/score-order-release';

/**
 * The floor changed at a work center: re-check its unreleased orders. A
 * recommendation whose verdict still holds is kept; one that changed is
 * replaced (the old one is withdrawn), so nobody approves on stale facts.
 */
export async function rescoreWorkCenter(workCenterId: string): Promise<number> {
  const orders = await db.productionOrder.findMany({
    where: { workCenterId, status: { in: ['CREATED', 'HELD'] } },
    include: { material: true, workCenter: true },
    orderBy: { dueDate: 'asc' },
    take: 200,
  });
  let changed = 0;
  for (const o of orders) {
    if (!o.workCenter) continue;
    const before = await db.recommendation.findFirst({ where: { orderId: o.id, status: { in: ['PENDING', 'HELD', 'SHADOW'] } }, orderBy: { createdAt: 'desc' } });
    // A held order with no open proposal gets a new one only once it can be released.
    const heldWithoutProposal = o.status === 'HELD' && !before;
    const scored = await scoreOrderRelease({
      siteId: o.siteId,
      orderId: o.erpOrderId,
      material: o.material.code,
      quantity: o.quantity,
      dueDate: o.dueDate,
      workCenter: o.workCenter.code,
      requiredSkill: o.requiredSkill,
      source: 'FLOOR_CHANGE',
      actor: { actorType: 'SYSTEM', actorName: 'Floor change re-check' },
      onlyIfChanged: true,
      onlyIfReleasable: heldWithoutProposal,
    });
    if (scored.recommendationId && scored.recommendationId !== before?.id) changed++;
  }
  return changed;
}
