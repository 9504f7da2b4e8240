import 'server-only';
import { db } from '@/lib/db';
import { POST_ERP_ACTION_TASK } from '@/lib/posting/queue-posting';

/** A POSTING row older than this belongs to a worker that died mid-call. */
const STUCK_AFTER_MS = 2 * 60_000;

/**
 * A worker killed while posting leaves its row in POSTING: nobody knows whether
 * the ERP took the call. Mark it IN_DOUBT and queue it again; the next attempt
 * reads the ERP back before posting anything.
 */
export async function recoverStuckPostings(now = new Date()): Promise<number> {
  const stuck = await db.erpPosting.findMany({ where: { state: 'POSTING', updatedAt: { lt: new Date(now.getTime() - STUCK_AFTER_MS) } } });
  for (const p of stuck) {
    await db.$transaction(async (tx) => {
      const changed = await tx.erpPosting.updateMany({ where: { id: p.id, state: 'POSTING', updatedAt: p.updatedAt }, data: { state: 'IN_DOUBT', lastError: 'worker stopped during the ERP call' } });
      if (changed.count === 1) {
        await tx.$executeRaw`SELECT graphile_worker.add_job(${POST_ERP_ACTION_TASK}::text, json_build_object('postingId', ${p.id}::text), job_key := ${p.idempotencyKey + ':recover:' + p.attempts}::text, max_attempts := 1)`;
      }
    });
  }
  return stuck.length;
}
