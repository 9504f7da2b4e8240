import 'server-only';
import { db } from '@/lib/db';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { captureObservedExample } from '@/lib/recommendations/capture-labelled-example';

/** Open recommendations past their expiry are withdrawn from the inbox, each with its audit event. */
export async function expireRecommendations(now = new Date()): Promise<number> {
  const due = await db.recommendation.findMany({ where: { status: { in: ['PENDING', 'HELD', 'SHADOW'] }, expiresAt: { lt: now } }, take: 500 });
  let expired = 0;
  for (const rec of due) {
    await db.$transaction(async (tx) => {
      const changed = await tx.recommendation.updateMany({ where: { id: rec.id, version: rec.version }, data: { status: 'EXPIRED', version: { increment: 1 } } });
      if (changed.count !== 1) return;
      expired++;
      // SHADOW autonomy: people act in the ERP; an order still unreleased at expiry is what they chose.
      const order = rec.status === 'SHADOW' && rec.orderId ? await tx.productionOrder.findUnique({ where: { id: rec.orderId }, select: { status: true } }) : null;
      const notReleased = order?.status === 'CREATED' || order?.status === 'HELD';
      const observed = notReleased ? await captureObservedExample(tx, { recommendation: rec, outcome: 'NOT_RELEASED', observedAt: now, observedBy: 'Expiry sweep' }) : null;
      await recordAuditEvent(tx, {
        actor: { actorType: 'SYSTEM', actorName: 'Expiry sweep' },
        action: 'recommendation.withdrawn',
        entityType: 'Recommendation',
        entityId: rec.id,
        siteId: rec.siteId,
        data: { reason: `expired at ${rec.expiresAt.toISOString()} with no decision`, status: 'EXPIRED', ...(observed ? { observedOutcome: 'NOT_RELEASED' } : {}) },
      });
    });
  }
  return expired;
}
