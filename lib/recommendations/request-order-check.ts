import 'server-only';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { actorOf, canSeeScope, type Principal } from '@/lib/auth/principal';
import { scoreOrderRelease } from '@/lib/decisions/feasibility/score-order-release';
import { getRecommendationOrThrow } from '@/lib/recommendations/get-recommendation';

/** A person asks for a (fresh) check of a mirrored order; returns the new recommendation id. */
export async function requestOrderCheck(principal: Principal, siteId: string, erpOrderId: string): Promise<string> {
  const order = await db.productionOrder.findUnique({
    where: { siteId_erpOrderId: { siteId, erpOrderId } },
    include: { material: true, workCenter: true },
  });
  if (!order || !canSeeScope(principal, order.siteId, order.workCenter?.lineId)) throw new AppError('NOT_FOUND', `Order ${erpOrderId} not found at site ${siteId}`);
  if (!order.workCenter) throw new AppError('UNPROCESSABLE', `Order ${erpOrderId} has no work center: it cannot be checked.`);
  if (order.status !== 'CREATED' && order.status !== 'HELD') {
    throw new AppError('CONFLICT', `Order ${erpOrderId} is ${order.status.toLowerCase()}: only unreleased orders are checked.`);
  }
  const scored = await scoreOrderRelease({
    siteId,
    orderId: order.erpOrderId,
    material: order.material.code,
    quantity: order.quantity,
    dueDate: order.dueDate,
    workCenter: order.workCenter.code,
    requiredSkill: order.requiredSkill,
    source: 'USER',
    actor: actorOf(principal),
  });
  return scored.recommendationId!;
}

/** Re-check the order behind an existing recommendation. */
export async function recheckRecommendation(principal: Principal, recommendationId: string): Promise<string> {
  const rec = await getRecommendationOrThrow(principal, recommendationId);
  const erpOrderId = (rec.evidence as { order?: { erpOrderId?: string } }).order?.erpOrderId;
  if (!rec.orderId || !erpOrderId) throw new AppError('UNPROCESSABLE', 'This recommendation is not about a mirrored order: ask the gateway to check again.');
  return requestOrderCheck(principal, rec.siteId, erpOrderId);
}
