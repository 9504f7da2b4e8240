import 'server-only';
import { db } from '@/lib/db';
import { createLogger } from '@/lib/log';

const log = createLogger('replay-guard');

/**
 * Records a batch's replay key until the signature window has passed. Returns
 * false when it was already there: a replay. Insert-or-conflict in Postgres, so
 * two processes (or two requests racing) cannot both accept the same batch.
 */
export async function claimBatchSignature(gatewayId: string, replayKey: string, expiresAt: Date): Promise<boolean> {
  const { count } = await db.seenBatchSignature.createMany({ data: [{ gatewayId, signature: replayKey, expiresAt }], skipDuplicates: true });
  return count === 1;
}

/**
 * Gives a replay key back when the batch it came with was not stored (the
 * database failed mid-ingest), so that the gateway's retry of the very same
 * signed request is not refused as a replay. Events are deduplicated by id
 * anyway, so a second delivery of a stored batch changes nothing.
 */
export async function releaseBatchSignature(gatewayId: string, replayKey: string): Promise<void> {
  await db.seenBatchSignature.deleteMany({ where: { gatewayId, signature: replayKey } });
}

const SWEEP_EVERY_MS = 60_000;
let lastSweep = 0;

/**
 * Deletes replay keys and used launch tokens whose window has passed. Runs at
 * most once a minute per process, after a request has been answered; rows that
 * outlive their expiry only cost space, never correctness.
 */
export async function sweepExpired(now = new Date()): Promise<void> {
  if (now.getTime() - lastSweep < SWEEP_EVERY_MS) return;
  lastSweep = now.getTime();
  try {
    const [signatures, tokens] = await Promise.all([
      db.seenBatchSignature.deleteMany({ where: { expiresAt: { lt: now } } }),
      db.usedLaunchToken.deleteMany({ where: { expiresAt: { lt: now } } }),
    ]);
    if (signatures.count || tokens.count) log.debug('swept', { signatures: signatures.count, launchTokens: tokens.count });
  } catch (e) {
    log.warn('sweep failed; will try again', { error: e instanceof Error ? e.message : String(e) });
  }
}
