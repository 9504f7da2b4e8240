// Pure hashing of the audit chain: each event's hash covers its content and the
// previous event's hash, so editing or deleting any row breaks every later link.
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditContent {
  at: Date;
  actorType: string;
  actorId: string | null;
  actorName: string;
  action: string;
  entityType: string;
  entityId: string;
  siteId: string | null;
  data: unknown;
}

/** JSON with object keys sorted at every level: jsonb reorders keys, so order must not matter. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function computeAuditHash(prevHash: string, e: AuditContent): string {
  const body = canonicalJson({
    at: e.at.toISOString(),
    actorType: e.actorType,
    actorId: e.actorId,
    actorName: e.actorName,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    siteId: e.siteId,
    data: e.data,
  });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

export interface ChainRow extends AuditContent {
  seq: bigint;
  prevHash: string;
  hash: string;
}

export type ChainCheck = { ok: true } | { ok: false; seq: bigint; reason: string };

/** Checks a run of consecutive rows; `expectedPrev` is the hash before the first row. */
export function verifyRows(rows: ChainRow[], expectedPrev: string): ChainCheck & { lastHash: string } {
  let prev = expectedPrev;
  for (const row of rows) {
    if (row.prevHash !== prev) return { ok: false, seq: row.seq, reason: 'link to the previous event does not match (a row was removed or reordered)', lastHash: prev };
    const hash = computeAuditHash(row.prevHash, row);
    if (hash !== row.hash) return { ok: false, seq: row.seq, reason: 'content does not match its hash (the row was edited)', lastHash: prev };
    prev = row.hash;
  }
  return { ok: true, lastHash: prev };
}
