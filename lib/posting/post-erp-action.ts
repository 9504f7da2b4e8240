import 'server-only';
import { db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { ErpError, type ErpMessage, type ReleaseOrderResult } from '@/lib/erp/connector';
import { getSiteConnector } from '@/lib/erp/get-site-connector';
import { MAX_POSTING_ATTEMPTS, retryDelayMs } from '@/lib/posting/backoff';
import { POST_ERP_ACTION_TASK } from '@/lib/posting/queue-posting';
import { createLogger } from '@/lib/log';

const log = createLogger('posting');
const WORKER_ACTOR = { actorType: 'SYSTEM' as const, actorName: 'Interlock posting worker' };

export interface ReleaseRequest {
  siteId: string;
  erpOrderId: string;
}

type Outcome =
  | { kind: 'posted'; result: ReleaseOrderResult; readBack: boolean }
  | { kind: 'failed'; error: ErpError }
  | { kind: 'retry'; error: ErpError };

/**
 * Posts one queued ERP action. The conditional claim (QUEUED/RETRYING/IN_DOUBT →
 * POSTING) means two workers handed the same job cannot both post it; a post
 * whose outcome is unknown is resolved by reading the order back, never by
 * blindly sending it again.
 */
export async function postErpAction(postingId: string): Promise<void> {
  const claimed = await db.erpPosting.updateMany({
    where: { id: postingId, state: { in: ['QUEUED', 'RETRYING', 'IN_DOUBT'] } },
    data: { state: 'POSTING', attempts: { increment: 1 } },
  });
  if (claimed.count === 0) {
    log.info('posting already handled, skipping', { postingId });
    return;
  }
  const posting = await db.erpPosting.findUniqueOrThrow({ where: { id: postingId }, include: { recommendation: true } });
  const request = posting.request as unknown as ReleaseRequest;
  const connector = getSiteConnector(request.siteId);
  const wasInDoubt = posting.attempts > 1;

  let outcome: Outcome;
  try {
    if (wasInDoubt) {
      // An earlier attempt may have reached the ERP: look before posting again.
      const order = await connector.getOrder(request.siteId, request.erpOrderId);
      if (order?.isReleased) {
        outcome = { kind: 'posted', readBack: true, result: { released: true, messages: [{ severity: 'info', code: 'READ_BACK', text: `Order ${request.erpOrderId} found released in the ERP on read-back` }], raw: null } };
      } else {
        outcome = { kind: 'posted', readBack: false, result: await connector.releaseOrder(request.siteId, request.erpOrderId) };
      }
    } else {
      outcome = { kind: 'posted', readBack: false, result: await connector.releaseOrder(request.siteId, request.erpOrderId) };
    }
  } catch (e) {
    const error = e instanceof ErpError ? e : new ErpError('TRANSIENT', e instanceof Error ? e.message : String(e), { mayHaveCommitted: true });
    outcome = error.kind === 'TRANSIENT' && posting.attempts < MAX_POSTING_ATTEMPTS ? { kind: 'retry', error } : { kind: 'failed', error };
  }

  const siteId = posting.recommendation.siteId;
  if (outcome.kind === 'posted') {
    const { result } = outcome;
    await db.$transaction(async (tx) => {
      await tx.erpPosting.update({
        where: { id: postingId },
        data: {
          state: 'POSTED',
          response: (result.raw ?? null) as Prisma.InputJsonValue,
          messages: result.messages as unknown as Prisma.InputJsonValue,
          erpDocument: request.erpOrderId,
          postedAt: new Date(),
          lastError: null,
          nextAttemptAt: null,
        },
      });
      await tx.recommendation.update({ where: { id: posting.recommendationId }, data: { status: 'POSTED', version: { increment: 1 } } });
      if (posting.recommendation.orderId) {
        await tx.productionOrder.update({ where: { id: posting.recommendation.orderId }, data: { status: 'RELEASED', releasedAt: new Date(), note: null } });
      }
      await recordAuditEvent(tx, {
        actor: WORKER_ACTOR,
        action: 'posting.posted',
        entityType: 'ErpPosting',
        entityId: postingId,
        siteId,
        data: { recommendationId: posting.recommendationId, operation: posting.operation, erpOrderId: request.erpOrderId, messages: result.messages, readBack: outcome.readBack, attempt: posting.attempts },
      });
    });
    log.info('posted', { postingId, order: request.erpOrderId, messages: result.messages.map((m) => m.text).join(' | ') });
    return;
  }

  const { error } = outcome;
  const messages: ErpMessage[] = error.messages.length ? error.messages : [{ severity: 'error', code: error.kind, text: error.message }];
  if (outcome.kind === 'retry') {
    const delay = error.retryAfterSeconds ? error.retryAfterSeconds * 1000 : retryDelayMs(posting.attempts);
    const runAt = new Date(Date.now() + delay);
    await db.$transaction(async (tx) => {
      await tx.erpPosting.update({
        where: { id: postingId },
        // A failure after sending leaves the outcome unknown: the next attempt reads back first.
        data: { state: error.mayHaveCommitted ? 'IN_DOUBT' : 'RETRYING', lastError: error.message, messages: messages as unknown as Prisma.InputJsonValue, nextAttemptAt: runAt },
      });
      await tx.$executeRaw`SELECT graphile_worker.add_job(${POST_ERP_ACTION_TASK}::text, json_build_object('postingId', ${postingId}::text), run_at := ${runAt}::timestamptz, job_key := ${posting.idempotencyKey + ':' + posting.attempts}::text, max_attempts := 1)`;
      await recordAuditEvent(tx, {
        actor: WORKER_ACTOR,
        action: 'posting.retry_scheduled',
        entityType: 'ErpPosting',
        entityId: postingId,
        siteId,
        data: { attempt: posting.attempts, error: error.message, kind: error.kind, inDoubt: error.mayHaveCommitted, retryAt: runAt.toISOString() },
      });
    });
    log.warn('posting will be retried', { postingId, attempt: posting.attempts, error: error.message, retryInMs: delay });
    return;
  }

  await db.$transaction(async (tx) => {
    await tx.erpPosting.update({
      where: { id: postingId },
      data: { state: 'FAILED', lastError: error.message, messages: messages as unknown as Prisma.InputJsonValue, nextAttemptAt: null },
    });
    await tx.recommendation.update({ where: { id: posting.recommendationId }, data: { status: 'POST_FAILED', version: { increment: 1 } } });
    await recordAuditEvent(tx, {
      actor: WORKER_ACTOR,
      action: 'posting.failed',
      entityType: 'ErpPosting',
      entityId: postingId,
      siteId,
      data: { recommendationId: posting.recommendationId, kind: error.kind, status: error.status ?? null, error: error.message, messages },
    });
  });
  log.warn('posting failed', { postingId, kind: error.kind, error: error.message });
}
