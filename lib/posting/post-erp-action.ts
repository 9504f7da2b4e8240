import 'server-only';
import { db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import { getEnv } from '@/lib/env';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { ErpError, type ErpMessage } from '@/lib/erp/connector';
import { getSiteConnector } from '@/lib/erp/get-site-connector';
import { retryDelayMs } from '@/lib/posting/backoff';
import { claimPosting } from '@/lib/posting/claim-posting';
import { getOperation, type OperationResult } from '@/lib/posting/operations';
import { mustReadBackFirst } from '@/lib/posting/posting-transitions';
import { enqueuePostingJob } from '@/lib/posting/enqueue-posting-job';
import { createLogger } from '@/lib/log';

const log = createLogger('posting');
const WORKER_ACTOR = { actorType: 'SYSTEM' as const, actorName: 'Interlock posting worker' };

type Outcome =
  | { kind: 'posted'; result: OperationResult; readBack: boolean }
  | { kind: 'failed'; error: ErpError }
  | { kind: 'retry'; error: ErpError };

function asErpError(e: unknown): ErpError {
  // Anything unexpected during the call leaves the outcome unknown.
  return e instanceof ErpError ? e : new ErpError('TRANSIENT', e instanceof Error ? e.message : String(e), { mayHaveCommitted: true, cause: e });
}

/**
 * Posts one ERP action exactly once. The claim is atomic, so two workers handed
 * the same job cannot both send it; an attempt whose outcome is unknown (a
 * timeout, a reset, a worker killed mid-call) is resolved on the next attempt
 * by reading the ERP back, never by blindly sending again.
 */
export async function postErpAction(postingId: string): Promise<void> {
  const env = getEnv();
  const claim = await claimPosting(postingId, env.POSTING_LEASE_MS);
  if (!claim) {
    log.debug('posting not claimable (done, or another worker has it)', { postingId });
    return;
  }
  const posting = await db.erpPosting.findUniqueOrThrow({ where: { id: postingId }, include: { recommendation: true } });
  const siteId = posting.recommendation.siteId;
  const operation = getOperation(posting.operation);
  const parsed = operation?.request.safeParse(posting.request);

  let outcome: Outcome;
  if (!operation || !parsed?.success) {
    outcome = { kind: 'failed', error: new ErpError('PROTOCOL', `Posting ${postingId} has no valid ${posting.operation} request: nothing was sent.`) };
  } else {
    const connector = getSiteConnector(siteId);
    const claimedAt = Date.now();
    // Until a read-back answers, an earlier attempt may have reached the ERP.
    let unresolved = mustReadBackFirst(claim.previousState);
    try {
      const found = unresolved ? await operation.readBack(connector, parsed.data, posting.idempotencyKey) : null;
      unresolved = false;
      if (found) {
        outcome = { kind: 'posted', result: found, readBack: true };
      } else if (Date.now() - claimedAt > env.POSTING_LEASE_MS / 2) {
        // The read-back was slow: sending now could outlive our claim and race a
        // worker that takes it over. Give the posting back instead; nothing was sent.
        throw new ErpError('TRANSIENT', 'read-back took too long; not sending within this claim');
      } else {
        outcome = { kind: 'posted', result: await operation.execute(connector, parsed.data, posting.idempotencyKey), readBack: false };
      }
    } catch (e) {
      const failure = asErpError(e);
      // A failed read-back leaves an earlier attempt's outcome as unknown as it was.
      const error = unresolved && !failure.mayHaveCommitted ? new ErpError(failure.kind, failure.message, { messages: failure.messages, status: failure.status, retryAfterSeconds: failure.retryAfterSeconds, mayHaveCommitted: true, cause: failure }) : failure;
      outcome = error.kind === 'TRANSIENT' && claim.attempts < env.POSTING_MAX_ATTEMPTS ? { kind: 'retry', error } : { kind: 'failed', error };
      if (outcome.kind === 'failed' && error.mayHaveCommitted) {
        // Out of attempts (or refused) with the outcome unknown: a last read-back decides between posted and failed.
        try {
          const found = await operation.readBack(connector, parsed.data, posting.idempotencyKey);
          if (found) outcome = { kind: 'posted', result: found, readBack: true };
        } catch {
          /* still unknown: it stays with a person, as FAILED with the reason; their retry reads back first */
        }
      }
    }
  }

  if (outcome.kind === 'posted') {
    const { result } = outcome;
    await db.$transaction(async (tx) => {
      const done = await tx.erpPosting.updateMany({
        where: { id: postingId, state: 'POSTING', attempts: claim.attempts },
        data: {
          state: 'POSTED',
          response: (result.raw ?? null) as Prisma.InputJsonValue,
          messages: result.messages as unknown as Prisma.InputJsonValue,
          erpDocument: result.document,
          postedAt: new Date(),
          lastError: null,
          nextAttemptAt: null,
        },
      });
      // Our lease ran out and another worker took over: it records the outcome, not us.
      if (done.count !== 1) return;
      await tx.recommendation.updateMany({ where: { id: posting.recommendationId, status: { in: ['APPROVED', 'AUTO_APPROVED', 'POST_FAILED'] } }, data: { status: 'POSTED', version: { increment: 1 } } });
      await operation?.afterPosted?.(tx, { orderId: posting.recommendation.orderId });
      await recordAuditEvent(tx, {
        actor: WORKER_ACTOR,
        action: 'posting.posted',
        entityType: 'ErpPosting',
        entityId: postingId,
        siteId,
        data: { recommendationId: posting.recommendationId, operation: posting.operation, document: result.document, messages: result.messages, readBack: outcome.readBack, attempt: claim.attempts, response: result.raw ?? null },
      });
    });
    log.info('posted', { postingId, operation: posting.operation, document: result.document, readBack: outcome.readBack, attempt: claim.attempts });
    return;
  }

  const { error } = outcome;
  const messages: ErpMessage[] = error.messages.length ? error.messages : [{ severity: 'error', code: error.kind, text: error.message }];
  if (outcome.kind === 'retry') {
    const delay = Math.max(error.retryAfterSeconds ? error.retryAfterSeconds * 1000 : 0, retryDelayMs(claim.attempts, Math.random, env.POSTING_RETRY_BASE_MS, env.POSTING_RETRY_CAP_MS));
    const runAt = new Date(Date.now() + delay);
    await db.$transaction(async (tx) => {
      const moved = await tx.erpPosting.updateMany({
        where: { id: postingId, state: 'POSTING', attempts: claim.attempts },
        // After a failure that may have reached the ERP, the next attempt reads back first.
        data: { state: error.mayHaveCommitted ? 'IN_DOUBT' : 'RETRYING', lastError: error.message, messages: messages as unknown as Prisma.InputJsonValue, nextAttemptAt: runAt },
      });
      if (moved.count !== 1) return;
      await enqueuePostingJob(tx, postingId, `${posting.idempotencyKey}:${claim.attempts}`, runAt);
      await recordAuditEvent(tx, {
        actor: WORKER_ACTOR,
        action: 'posting.retry_scheduled',
        entityType: 'ErpPosting',
        entityId: postingId,
        siteId,
        data: { attempt: claim.attempts, error: error.message, kind: error.kind, status: error.status ?? null, inDoubt: error.mayHaveCommitted, retryAt: runAt.toISOString() },
      });
    });
    log.warn('posting will be retried', { postingId, attempt: claim.attempts, error: error.message, inDoubt: error.mayHaveCommitted, retryInMs: delay });
    return;
  }

  await db.$transaction(async (tx) => {
    const moved = await tx.erpPosting.updateMany({
      where: { id: postingId, state: 'POSTING', attempts: claim.attempts },
      data: { state: 'FAILED', lastError: error.message, messages: messages as unknown as Prisma.InputJsonValue, nextAttemptAt: null },
    });
    if (moved.count !== 1) return;
    await tx.recommendation.updateMany({ where: { id: posting.recommendationId, status: { in: ['APPROVED', 'AUTO_APPROVED'] } }, data: { status: 'POST_FAILED', version: { increment: 1 } } });
    await recordAuditEvent(tx, {
      actor: WORKER_ACTOR,
      action: 'posting.failed',
      entityType: 'ErpPosting',
      entityId: postingId,
      siteId,
      data: { recommendationId: posting.recommendationId, kind: error.kind, status: error.status ?? null, error: error.message, messages, attempt: claim.attempts, outcomeUnknown: error.mayHaveCommitted },
    });
  });
  log.warn('posting failed: needs a person', { postingId, kind: error.kind, error: error.message });
}
