import 'server-only';
import { z } from 'zod';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { hasPermission } from '@/lib/auth/permissions';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { Principal } from '@/lib/auth/principal';
import type { Page } from '@/lib/recommendations/types';

export const deadLetterQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  source: z.enum(['mqtt-json', 'sparkplug']).optional(),
});

export interface DeadLetterView {
  id: string;
  source: string;
  topic: string;
  siteId: string | null;
  /** The message as text, or null when it was not UTF-8 (then payloadBase64). */
  payloadText: string | null;
  payloadBase64: string | null;
  error: string;
  details: unknown;
  receivedAt: string;
}

/**
 * Plant messages that could not be ingested, newest first. Letters of sites
 * outside the admin's scope are hidden; letters whose topic named no usable
 * site (unknown site, bad topic) are shown to every admin.
 */
export async function findDeadLetters(principal: Principal, q: z.infer<typeof deadLetterQuerySchema>): Promise<Page<DeadLetterView>> {
  if (principal.kind !== 'user' || !hasPermission(principal.role, 'ingest.dead_letters.read')) throw new AppError('FORBIDDEN', 'Only admins read dead letters.');
  const sites = principal.scopes.map((s) => s.siteId);
  const where: Prisma.IngestDeadLetterWhereInput = {
    AND: [{ OR: [{ siteId: { in: sites } }, { siteId: null }] }, q.source ? { source: q.source } : {}],
  };
  const [total, rows] = await Promise.all([
    db.ingestDeadLetter.count({ where }),
    db.ingestDeadLetter.findMany({ where, orderBy: { id: 'desc' }, skip: (q.page - 1) * q.pageSize, take: q.pageSize }),
  ]);
  return {
    items: rows.map((r) => ({
      id: r.id.toString(),
      source: r.source,
      topic: r.topic,
      siteId: r.siteId,
      payloadText: r.payloadText,
      payloadBase64: r.payloadBytes ? Buffer.from(r.payloadBytes).toString('base64') : null,
      error: r.error,
      details: r.details,
      receivedAt: r.receivedAt.toISOString(),
    })),
    page: q.page,
    pageSize: q.pageSize,
    total,
  };
}
