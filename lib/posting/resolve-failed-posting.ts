import 'server-only';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { actorOf, canSeeScope, type Principal } from '@/lib/auth/principal';
import { decidePermissionFor, hasPermission } from '@/lib/auth/permissions';
import { enqueuePostingJob } from '@/lib/posting/enqueue-posting-job';

/**
 * A person's answer to a FAILED posting: retry it (it reads the ERP back first,
 * in case the failure followed a commit) or abandon it (nothing more is sent;
 * the recommendation stays POST_FAILED with the reason). Both are audited.
 */
export async function resolveFailedPosting(principal: Principal, postingId: string, action: 'retry' | 'abandon', reason: string | null): Promise<void> {
  const posting = await db.erpPosting.findUnique({ where: { id: postingId }, include: { recommendation: true } });
  if (!posting || !canSeeScope(principal, posting.recommendation.siteId, posting.recommendation.lineId)) throw new AppError('NOT_FOUND', 'Posting not found');
  const permission = decidePermissionFor(posting.recommendation.type);
  if (!permission || !hasPermission(principal.role, permission) || principal.kind !== 'user') throw new AppError('FORBIDDEN', 'Your role may not act on this posting.');
  if (action === 'abandon' && !reason?.trim()) throw new AppError('BAD_REQUEST', 'Say why the posting is abandoned', { fieldErrors: { reason: ['A reason is required to abandon'] } });
  if (posting.state !== 'FAILED') throw new AppError('CONFLICT', `This posting is ${posting.state.toLowerCase().replace('_', ' ')}: only a failed posting can be retried or abandoned.`);

  await db.$transaction(async (tx) => {
    const moved = await tx.erpPosting.updateMany({
      where: { id: postingId, state: 'FAILED', updatedAt: posting.updatedAt },
      data: action === 'retry' ? { state: 'IN_DOUBT', nextAttemptAt: null } : { state: 'ABANDONED', nextAttemptAt: null },
    });
    if (moved.count !== 1) throw new AppError('CONFLICT', 'Someone else acted on this posting a moment ago.');
    if (action === 'retry') {
      await tx.recommendation.updateMany({ where: { id: posting.recommendationId, status: 'POST_FAILED' }, data: { status: 'APPROVED', version: { increment: 1 } } });
      await enqueuePostingJob(tx, postingId, `${posting.idempotencyKey}:manual:${posting.attempts}`);
    }
    await recordAuditEvent(tx, {
      actor: actorOf(principal),
      action: action === 'retry' ? 'posting.retried_by_person' : 'posting.abandoned',
      entityType: 'ErpPosting',
      entityId: postingId,
      siteId: posting.recommendation.siteId,
      data: { recommendationId: posting.recommendationId, reason: reason?.trim() || null, lastError: posting.lastError, attempts: posting.attempts },
    });
  });
}
