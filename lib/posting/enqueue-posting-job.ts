import 'server-only';
import type { Tx } from '@/lib/db';

export const POST_ERP_ACTION_TASK = 'post-erp-action';

/**
 * Adds the job that posts a posting, in the caller's transaction (the outbox).
 * Jobs carry only the posting id: a duplicate job is harmless, because the
 * claim lets one worker through and the posting row holds the state.
 */
export async function enqueuePostingJob(tx: Tx, postingId: string, jobKey: string, runAt?: Date): Promise<void> {
  await tx.$executeRaw`SELECT graphile_worker.add_job(
    ${POST_ERP_ACTION_TASK}::text,
    json_build_object('postingId', ${postingId}::text),
    run_at := ${runAt ?? null}::timestamptz,
    job_key := ${jobKey}::text,
    job_key_mode := 'replace',
    max_attempts := 1)`;
}
