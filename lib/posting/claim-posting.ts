import 'server-only';
import { db } from '@/lib/db';
import type { PostingState } from '@/lib/posting/posting-transitions';

export interface ClaimedPosting {
  id: string;
  previousState: PostingState;
  attempts: number;
}

/**
 * Takes a posting for this worker, atomically: from a claimable state, or from
 * POSTING whose lease ran out (its worker died mid-call: the outcome is unknown).
 * Two workers racing for the same row: one gets it, the other gets null.
 */
export async function claimPosting(postingId: string, leaseMs: number): Promise<ClaimedPosting | null> {
  const rows = await db.$queryRaw<{ id: string; previousState: PostingState; attempts: number }[]>`
    WITH prev AS (
      SELECT id, state FROM "ErpPosting" WHERE id = ${postingId} FOR UPDATE
    )
    UPDATE "ErpPosting" p
       SET state = 'POSTING', attempts = p.attempts + 1, "updatedAt" = now() AT TIME ZONE 'UTC'
      FROM prev
     WHERE p.id = prev.id
       AND (prev.state IN ('QUEUED', 'RETRYING', 'IN_DOUBT')
            OR (prev.state = 'POSTING' AND p."updatedAt" < (now() AT TIME ZONE 'UTC') - make_interval(secs => ${leaseMs / 1000})))
    RETURNING p.id, prev.state::text AS "previousState", p.attempts`;
  return rows[0] ?? null;
}
