import 'server-only';
import type { Tx } from '@/lib/db';
import { computeAuditHash, GENESIS_HASH } from '@/lib/audit/hash-chain';
import type { AuditAction } from '@/lib/audit/audit-actions';
import type { Prisma } from '@/lib/generated/prisma/client';

// Any constant: all audit appends take this transaction-scoped lock so the chain is linear.
const CHAIN_LOCK = 4_242_001;

export interface AuditEventInput {
  actor: { actorType: 'USER' | 'API_KEY' | 'SYSTEM' | 'AI'; actorId?: string | null; actorName: string };
  action: AuditAction;
  entityType: string;
  entityId: string;
  siteId?: string | null;
  data: Record<string, unknown>;
}

/**
 * Appends one event to the hash chain. Must be called inside the transaction
 * that makes the change it records: if the change rolls back, so does the event.
 */
export async function recordAuditEvent(tx: Tx, input: AuditEventInput): Promise<{ seq: bigint; hash: string }> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`;
  const last = await tx.auditEvent.findFirst({ orderBy: { seq: 'desc' }, select: { hash: true } });
  const prevHash = last?.hash ?? GENESIS_HASH;
  // Millisecond precision: what the timestamp(3) column stores, so the hash re-computes.
  const at = new Date(Math.floor(Date.now()));
  // Round-trip through JSON so the hash covers exactly what jsonb will store.
  const data = JSON.parse(JSON.stringify(input.data)) as Record<string, unknown>;
  const content = {
    at,
    actorType: input.actor.actorType,
    actorId: input.actor.actorId ?? null,
    actorName: input.actor.actorName,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId,
    siteId: input.siteId ?? null,
    data,
  };
  const hash = computeAuditHash(prevHash, content);
  const row = await tx.auditEvent.create({
    data: { ...content, data: data as Prisma.InputJsonValue, prevHash, hash },
    select: { seq: true },
  });
  return { seq: row.seq, hash };
}
