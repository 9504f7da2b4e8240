import 'server-only';
import pg from 'pg';
import { db } from '@/lib/db';

export interface AuditMirrorOptions {
  pool: pg.Pool;
  /** Validated by lib/env.ts as [schema.]table; used unquoted so it folds like Ignition's own tables. */
  table: string;
  batchSize?: number;
}

// Ignition's audit profile columns. Varchar(255) as Ignition creates them: values are cut to fit.
const COLUMNS = ['AUDIT_EVENTS_ID', 'EVENT_TIMESTAMP', 'ACTOR', 'ACTOR_HOST', 'ACTION', 'ACTION_TARGET', 'ACTION_VALUE', 'STATUS_CODE', 'ORIGINATING_SYSTEM', 'ORIGINATING_CONTEXT'] as const;
const MAX = 255;
const cut = (s: string) => (s.length > MAX ? s.slice(0, MAX - 1) + '…' : s);
// Ignition's own codes: status 0 is a good (successful) event, context 1 the gateway.
const STATUS_GOOD = 0;
const CONTEXT_GATEWAY = 1;

export async function ensureAuditTable(options: AuditMirrorOptions): Promise<void> {
  await options.pool.query(`CREATE TABLE IF NOT EXISTS ${options.table} (
    AUDIT_EVENTS_ID BIGINT PRIMARY KEY,
    EVENT_TIMESTAMP TIMESTAMP NOT NULL,
    ACTOR VARCHAR(255),
    ACTOR_HOST VARCHAR(255),
    ACTION VARCHAR(255),
    ACTION_TARGET VARCHAR(255),
    ACTION_VALUE VARCHAR(255),
    STATUS_CODE INTEGER,
    ORIGINATING_SYSTEM VARCHAR(255),
    ORIGINATING_CONTEXT INTEGER)`);
}

/**
 * Copies audit events after the last one mirrored (MAX(AUDIT_EVENTS_ID) in the
 * target, which is our seq: the target itself is the cursor) in seq order.
 * Seq order is commit order, since audit appends are serialised by one lock.
 * A row already there is skipped (ON CONFLICT DO NOTHING), so a pass repeated
 * after a crash copies nothing twice. Returns how many rows were copied.
 */
export async function mirrorAuditEvents(options: AuditMirrorOptions): Promise<number> {
  const { rows } = await options.pool.query<{ last: string | null }>(`SELECT MAX(AUDIT_EVENTS_ID)::text AS last FROM ${options.table}`);
  const last = BigInt(rows[0]?.last ?? '0');
  const events = await db.auditEvent.findMany({ where: { seq: { gt: last } }, orderBy: { seq: 'asc' }, take: options.batchSize ?? 500 });
  if (events.length === 0) return 0;
  const values: unknown[] = [];
  const tuples = events.map((e, i) => {
    values.push(
      e.seq.toString(),
      // UTC wall time: a timestamp without time zone, as Ignition's column is.
      e.at.toISOString().slice(0, -1),
      cut(e.actorName),
      cut(`interlock:${e.actorType.toLowerCase()}`),
      cut(e.action),
      cut(`${e.entityType}/${e.entityId}`),
      cut(JSON.stringify(e.data)),
      STATUS_GOOD,
      cut(e.siteId ? `interlock/${e.siteId}` : 'interlock'),
      CONTEXT_GATEWAY,
    );
    return `(${COLUMNS.map((_, k) => `$${i * COLUMNS.length + k + 1}`).join(', ')})`;
  });
  const res = await options.pool.query(`INSERT INTO ${options.table} (${COLUMNS.join(', ')}) VALUES ${tuples.join(', ')} ON CONFLICT (AUDIT_EVENTS_ID) DO NOTHING`, values);
  return res.rowCount ?? 0;
}
