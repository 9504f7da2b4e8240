import 'server-only';
import type { Tx } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import { recordAuditEvent, type AuditEventInput } from '@/lib/audit/record-audit-event';
import type { ProposedErpAction } from '@/lib/recommendations/types';
import { enqueuePostingJob } from '@/lib/posting/enqueue-posting-job';
import { postingReference } from '@/lib/posting/posting-reference';

/**
 * The transactional outbox: the posting row and its job are written in the
 * caller's transaction, together with the decision. Either all commit or none.
 */
export async function queueErpPosting(
  tx: Tx,
  input: { recommendationId: string; decisionId: string; siteId: string; proposed: ProposedErpAction; request: Record<string, unknown>; actor: AuditEventInput['actor'] },
): Promise<string> {
  const idempotencyKey = postingReference(input.decisionId);
  const posting = await tx.erpPosting.create({
    data: {
      recommendationId: input.recommendationId,
      decisionId: input.decisionId,
      idempotencyKey,
      system: input.proposed.system,
      operation: input.proposed.operation,
      request: input.request as Prisma.InputJsonValue,
      state: 'QUEUED',
    },
  });
  await enqueuePostingJob(tx, posting.id, idempotencyKey);
  await recordAuditEvent(tx, {
    actor: input.actor,
    action: 'posting.queued',
    entityType: 'ErpPosting',
    entityId: posting.id,
    siteId: input.siteId,
    data: { recommendationId: input.recommendationId, operation: input.proposed.operation, idempotencyKey, method: input.proposed.method, path: input.proposed.path },
  });
  return posting.id;
}
