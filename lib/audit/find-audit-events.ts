import 'server-only';
import { z } from 'zod';
import { db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { Principal } from '@/lib/auth/principal';
import type { Page } from '@/lib/recommendations/types';
import type { AuditEventView } from '@/lib/audit/types';

export const auditQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  entityId: z.string().max(60).optional(),
});

/** Newest first. Events of other sites are hidden; site-less events (system-wide) are shown. */
export async function findAuditEvents(principal: Principal, q: z.infer<typeof auditQuerySchema>): Promise<Page<AuditEventView>> {
  const sites = principal.kind === 'user' ? principal.scopes.map((s) => s.siteId) : principal.siteIds;
  const where: Prisma.AuditEventWhereInput = {
    AND: [{ OR: [{ siteId: { in: sites } }, { siteId: null }] }, q.entityId ? { entityId: q.entityId } : {}],
  };
  const [total, rows] = await Promise.all([
    db.auditEvent.count({ where }),
    db.auditEvent.findMany({ where, orderBy: { seq: 'desc' }, skip: (q.page - 1) * q.pageSize, take: q.pageSize }),
  ]);
  return {
    items: rows.map((r) => ({
      seq: Number(r.seq),
      at: r.at.toISOString(),
      actorType: r.actorType,
      actorName: r.actorName,
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId,
      siteId: r.siteId,
      data: r.data,
      hash: r.hash,
      prevHash: r.prevHash,
    })),
    page: q.page,
    pageSize: q.pageSize,
    total,
  };
}
