import 'server-only';
import type { Tx } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import { recordAuditEvent, type AuditEventInput } from '@/lib/audit/record-audit-event';
import type { ProposedErpAction } from '@/lib/recommendations/types';

export const POST_ERP_ACTION_TASK = 'post-erp-action';

/**
 * The transactional outbox: the posting row and its job are written in the
 * caller's transaction, together with the decision. Either all commit or none.
 */
export async function queueErpPosting(
  tx: Tx,
  input: { recommendationId: string; decisionId: string; siteId: string; proposed: ProposedErpAction; request: Record<string, unknown>; actor: AuditEventInput['actor'] },
): Promise<string> {
  // The decision id is unique per approval, so it is the natural idempotency key.
  const idempotencyKey = `IL-${input.decisionId}`;
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
  await tx.$executeRaw`SELECT graphile_worker.add_job(${POST_ERP_ACTION_TASK}::text, json_build_object('postingId', ${posting.id}::text), job_key := ${idempotencyKey}::text, max_attempts := 1)`;
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
