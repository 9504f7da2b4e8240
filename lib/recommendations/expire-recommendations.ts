import 'server-only';
import { db } from '@/lib/db';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';

/** Open recommendations past their expiry are withdrawn from the inbox, each with its audit event. */
export async function expireRecommendations(now = new Date()): Promise<number> {
  const due = await db.recommendation.findMany({ where: { status: { in: ['PENDING', 'HELD', 'SHADOW'] }, expiresAt: { lt: now } }, take: 500 });
  let expired = 0;
  for (const rec of due) {
    await db.$transaction(async (tx) => {
      const changed = await tx.recommendation.updateMany({ where: { id: rec.id, version: rec.version }, data: { status: 'EXPIRED', version: { increment: 1 } } });
      if (changed.count !== 1) return;
      expired++;
      await recordAuditEvent(tx, {
        actor: { actorType: 'SYSTEM', actorName: 'Expiry sweep' },
        action: 'recommendation.withdrawn',
        entityType: 'Recommendation',
        entityId: rec.id,
        siteId: rec.siteId,
        data: { reason: `expired at ${rec.expiresAt.toISOString()} with no decision`, status: 'EXPIRED' },
      });
    });
  }
  return expired;
}
