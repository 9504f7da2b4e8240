import 'server-only';
import { db } from '@/lib/db';
import type { ChainVerification } from '@/lib/audit/types';
import { GENESIS_HASH, verifyRows, type ChainRow } from '@/lib/audit/hash-chain';

/** Walks the whole chain in pages, in order. */
export async function verifyAuditChain(pageSize = 2000): Promise<ChainVerification> {
  let prev = GENESIS_HASH;
  let after: bigint | null = null;
  let checked = 0;
  for (;;) {
    const rows: ChainRow[] = await db.auditEvent.findMany({
      where: after === null ? {} : { seq: { gt: after } },
      orderBy: { seq: 'asc' },
      take: pageSize,
    });
    if (rows.length === 0) break;
    const result = verifyRows(rows, prev);
    if (!result.ok) {
      const index = rows.findIndex((r: ChainRow) => r.seq === result.seq);
      return { ok: false, checked: checked + index, firstBrokenSeq: Number(result.seq), reason: result.reason };
    }
    checked += rows.length;
    prev = result.lastHash;
    after = rows[rows.length - 1].seq;
  }
  return { ok: true, checked, firstBrokenSeq: null, reason: null };
}
