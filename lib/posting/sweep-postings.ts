import 'server-only';
import { db } from '@/lib/db';
import { enqueuePostingJob } from '@/lib/posting/enqueue-posting-job';

/**
 * A worker killed at the wrong moment can leave a posting whose job is gone
 * (taken and never finished) or whose claim is held by nobody. Every posting
 * not finished and not touched for a lease gets a fresh job; the atomic claim
 * makes a spare job harmless, and an expired POSTING claim is taken over as in
 * doubt (read back before anything is sent).
 */
export async function sweepPostings(leaseMs: number, now = new Date()): Promise<number> {
  const staleBefore = new Date(now.getTime() - leaseMs);
  const stale = await db.erpPosting.findMany({
    where: {
      state: { in: ['QUEUED', 'RETRYING', 'IN_DOUBT', 'POSTING'] },
      updatedAt: { lt: staleBefore },
      OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: now } }],
    },
    select: { id: true, idempotencyKey: true, attempts: true },
    take: 1000,
  });
  for (const p of stale) {
    await db.$transaction((tx) => enqueuePostingJob(tx, p.id, `${p.idempotencyKey}:sweep`));
  }
  return stale.length;
}
